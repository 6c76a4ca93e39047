/** POST /v1/chat/completions: JSON or SSE (`stream: true`). */
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import type { ChatCompletionCreateParams } from "../../providers/types";
import { admit, resolveModel } from "../../proxy/admission";
import { completeChat } from "../../proxy/chat-complete";
import { streamChat } from "../../proxy/chat-stream";
import type { Exchange } from "../../proxy/exchange";
import { clientGoneSignal } from "../client-signal";
import { errorResponses } from "../response-schemas";
import { chatCompletionBody } from "../schemas";
import { requireExchange, requireKey, routedHeaders } from "./shared";

export async function chatRoutes(app: FastifyInstance): Promise<void> {
  app.post(
    "/v1/chat/completions",
    { schema: { body: chatCompletionBody, response: errorResponses } },
    async (request, reply) => {
      const body = request.body as ChatCompletionCreateParams;
      const key = requireKey(request);
      const ex = requireExchange(request);
      const { snapshot } = request.gw;
      const state = app.gateway;
      const model = resolveModel(snapshot, key, body.model);
      ex.model = model.name; // only configured names become metric labels (bounded cardinality)
      const admission = await admit(state.deps.governance, snapshot, key, model, body);
      const ctx = { state, snapshot, model, clientSignal: clientGoneSignal(reply.raw), log: request.log };
      try {
        if (body.stream === true) {
          await streamChat(
            ctx,
            ex,
            body,
            reply.raw,
            (e) => routedHeaders(request, e),
            () => reply.hijack(),
          );
          return reply;
        }
        const completion = await completeChat(ctx, ex, body, state.deps.cache);
        return sendJson(request, reply, ex, JSON.stringify(completion), model.cache !== undefined);
      } finally {
        await admission.settle({ tokens: ex.usage?.total_tokens ?? 0, costUsd: ex.costUsd });
        if (reply.sent && body.stream === true) finishHijacked(app, request, ex);
      }
    },
  );
}

export function sendJson(
  request: FastifyRequest,
  reply: FastifyReply,
  ex: Exchange,
  json: string,
  cacheOn: boolean,
): FastifyReply {
  reply.headers(routedHeaders(request, ex));
  reply.header("x-openclaw-cost-usd", ex.costUsd.toFixed(8));
  if (cacheOn && ex.cache !== undefined) reply.header("x-openclaw-cache", ex.cache);
  ex.markFirstByte();
  return reply.type("application/json").send(json);
}

/** A hijacked (streamed) reply skips fastify's onResponse hook: finish its record here. */
function finishHijacked(app: FastifyInstance, request: FastifyRequest, ex: Exchange): void {
  if (ex.clientClosed) ex.status = 499; // nginx's "client closed request", for logs and metrics only
  ex.finish(app.gateway.deps.metrics, request.log);
}
