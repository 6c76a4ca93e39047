/** POST /v1/chat/completions: JSON or SSE (`stream: true`). */
import type { FastifyInstance, FastifyRequest } from "fastify";
import type { ChatCompletionCreateParams } from "../../providers/types";
import { completeChat } from "../../proxy/chat-complete";
import { streamChat } from "../../proxy/chat-stream";
import type { Exchange } from "../../proxy/exchange";
import { errorResponses } from "../response-schemas";
import { chatCompletionBody } from "../schemas";
import { admitRequest, routedHeaders, sendJson } from "./shared";

export async function chatRoutes(app: FastifyInstance): Promise<void> {
  app.post(
    "/v1/chat/completions",
    { schema: { body: chatCompletionBody, response: errorResponses } },
    async (request, reply) => {
      const body = request.body as ChatCompletionCreateParams;
      const { ex, model, ctx, settle } = await admitRequest(app, request, reply, body);
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
        const { completion, text } = await completeChat(ctx, ex, body, app.gateway.deps.cache);
        const json = text ?? JSON.stringify(completion);
        return sendJson(request, reply, ex, json, model.cache !== undefined);
      } finally {
        await settle();
        if (reply.sent && body.stream === true) finishHijacked(app, request, ex);
      }
    },
  );
}

/** A hijacked (streamed) reply skips fastify's onResponse hook: finish its record here. */
function finishHijacked(app: FastifyInstance, request: FastifyRequest, ex: Exchange): void {
  if (ex.clientClosed) ex.status = 499; // nginx's "client closed request", for logs and metrics only
  ex.finish(app.gateway.deps.metrics, request.log);
}
