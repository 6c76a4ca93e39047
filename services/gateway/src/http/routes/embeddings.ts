/** POST /v1/embeddings. */
import type { FastifyInstance } from "fastify";
import type { EmbeddingCreateParams } from "../../providers/types";
import { admit, resolveModel } from "../../proxy/admission";
import { createEmbeddings } from "../../proxy/embeddings";
import { clientGoneSignal } from "../client-signal";
import { errorResponses } from "../response-schemas";
import { embeddingsBody } from "../schemas";
import { sendJson } from "./chat";
import { requireExchange, requireKey } from "./shared";

export async function embeddingsRoutes(app: FastifyInstance): Promise<void> {
  app.post(
    "/v1/embeddings",
    { schema: { body: embeddingsBody, response: errorResponses } },
    async (request, reply) => {
      const body = request.body as EmbeddingCreateParams;
      const key = requireKey(request);
      const ex = requireExchange(request);
      const { snapshot } = request.gw;
      const state = app.gateway;
      const model = resolveModel(snapshot, key, body.model);
      ex.model = model.name; // only configured names become metric labels (bounded cardinality)
      const admission = await admit(state.deps.governance, snapshot, key, model, body);
      const ctx = { state, snapshot, model, clientSignal: clientGoneSignal(reply.raw), log: request.log };
      try {
        const result = await createEmbeddings(ctx, ex, body);
        return sendJson(request, reply, ex, JSON.stringify(result), false);
      } finally {
        await admission.settle({ tokens: ex.usage?.total_tokens ?? 0, costUsd: ex.costUsd });
      }
    },
  );
}
