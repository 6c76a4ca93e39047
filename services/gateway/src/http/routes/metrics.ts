/** GET /metrics: Prometheus text. Open by default; `server.metricsToken` makes it require a bearer. */
import { timingSafeEqual } from "node:crypto";
import type { FastifyInstance } from "fastify";
import { sha256 } from "../../config/load";
import { GatewayError } from "../../errors";
import { bearerToken } from "../auth";
import { errorResponses } from "../response-schemas";

export async function metricsRoutes(app: FastifyInstance): Promise<void> {
  app.get("/metrics", { schema: { response: errorResponses } }, async (request, reply) => {
    const token = request.gw.snapshot.config.server.metricsToken;
    if (token !== undefined) {
      const presented = bearerToken(request.headers.authorization);
      if (presented === undefined || !timingSafeEqual(sha256(presented), sha256(token))) {
        throw new GatewayError(
          401,
          "invalid_api_key",
          "GET /metrics requires `Authorization: Bearer <metricsToken>`.",
        );
      }
    }
    const { registry } = app.gateway.deps.metrics;
    return reply.type(registry.contentType).send(await registry.metrics());
  });
}
