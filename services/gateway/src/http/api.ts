/** The /v1 routes in their own encapsulated context: the auth hook guards only these. */
import type { FastifyInstance } from "fastify";
import { type Endpoint, Exchange } from "../proxy/exchange";
import { authenticate } from "./auth";
import { chatRoutes } from "./routes/chat";
import { embeddingsRoutes } from "./routes/embeddings";
import { modelsRoutes } from "./routes/models";

const ENDPOINTS: Record<string, Endpoint> = {
  "/v1/chat/completions": "chat",
  "/v1/embeddings": "embeddings",
  "/v1/models": "models",
};

export async function apiRoutes(app: FastifyInstance): Promise<void> {
  app.addHook("onRequest", (request, _reply, done) => {
    const ex = new Exchange(ENDPOINTS[request.routeOptions.url ?? ""] ?? "other", performance.now());
    request.gw.exchange = ex;
    try {
      authenticate(request);
    } catch (err) {
      return done(err as Error);
    }
    ex.keyId = request.gw.key?.id ?? "";
    done();
  });
  app.addHook("onResponse", (request, reply, done) => {
    const ex = request.gw.exchange;
    if (ex !== undefined) {
      ex.status = reply.statusCode;
      ex.finish(app.gateway.deps.metrics, request.log);
    }
    done();
  });
  await app.register(chatRoutes);
  await app.register(embeddingsRoutes);
  await app.register(modelsRoutes);
}
