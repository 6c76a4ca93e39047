/** POST /v1/embeddings. */
import type { FastifyInstance } from "fastify";
import type { EmbeddingCreateParams } from "../../providers/types";
import { createEmbeddings } from "../../proxy/embeddings";
import { errorResponses } from "../response-schemas";
import { embeddingsBody } from "../schemas";
import { admitRequest, sendJson } from "./shared";

export async function embeddingsRoutes(app: FastifyInstance): Promise<void> {
  app.post(
    "/v1/embeddings",
    { schema: { body: embeddingsBody, response: errorResponses } },
    async (request, reply) => {
      const body = request.body as EmbeddingCreateParams;
      const { ex, ctx, settle } = await admitRequest(app, request, reply, body);
      try {
        const result = await createEmbeddings(ctx, ex, body);
        return sendJson(request, reply, ex, JSON.stringify(result), false);
      } finally {
        await settle();
      }
    },
  );
}
