/** GET /healthz (the process is up) and GET /readyz (config loaded and not draining). No auth. */
import type { FastifyInstance } from "fastify";

const status = { type: "object", properties: { status: { type: "string" } } } as const;

export async function healthRoutes(app: FastifyInstance): Promise<void> {
  app.get("/healthz", { schema: { response: { 200: status } } }, async () => ({ status: "ok" }));
  app.get("/readyz", { schema: { response: { 200: status, 503: status } } }, async (_request, reply) => {
    if (app.gateway.draining) return reply.code(503).send({ status: "draining" });
    return { status: "ready" };
  });
}
