/** CORS, off unless `server.cors` lists origins. Reads the request's snapshot, so it follows reloads. */
import type { FastifyInstance } from "fastify";

export function installCors(app: FastifyInstance): void {
  app.addHook("onRequest", (request, reply, done) => {
    const allowed = request.gw.snapshot.config.server.cors;
    const origin = request.headers.origin;
    if (allowed === undefined || origin === undefined) return done();
    if (!allowed.includes(origin) && !allowed.includes("*")) return done();
    reply.header("access-control-allow-origin", origin);
    reply.header("vary", "origin");
    reply.header(
      "access-control-expose-headers",
      "x-request-id, x-openclaw-provider, x-openclaw-attempts, x-openclaw-cost-usd, x-openclaw-cache",
    );
    if (request.method === "OPTIONS") {
      reply.header("access-control-allow-methods", "GET, POST, OPTIONS");
      reply.header("access-control-allow-headers", "authorization, content-type, x-request-id");
      reply.header("access-control-max-age", "600");
      reply.code(204).send();
      return;
    }
    done();
  });
  app.options("/v1/*", async (_request, reply) => reply.code(404).send());
}
