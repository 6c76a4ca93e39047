/**
 * The one place errors become HTTP: every error is OpenAI's JSON shape with the right status. Fastify's
 * own errors (body too large, bad JSON, wrong content type) are mapped to the gateway's codes.
 */
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { AttemptsExhausted } from "../core/route-loop";
import { GatewayError, gatewayErrors } from "../errors";
import { closesMidUpload, type DrainLimits, drainBeforeClose } from "./body-drain";

export function toGatewayError(err: unknown, bodyLimitBytes: number): GatewayError {
  if (err instanceof GatewayError) return err;
  if (err instanceof AttemptsExhausted) return err.gatewayError;
  const fe = err as Partial<FastifyError>;
  switch (fe.code) {
    case "FST_ERR_CTP_BODY_TOO_LARGE":
      return gatewayErrors.bodyTooLarge(bodyLimitBytes);
    case "FST_ERR_CTP_INVALID_JSON_BODY":
    case "FST_ERR_CTP_EMPTY_JSON_BODY":
      return gatewayErrors.invalidRequest(
        "We could not parse the JSON body of your request. Send a JSON object with Content-Type: application/json.",
        null,
      );
    case "FST_ERR_CTP_INVALID_MEDIA_TYPE":
    case "FST_ERR_CTP_INVALID_CONTENT_LENGTH":
      return gatewayErrors.invalidRequest(
        "The request body must be JSON (Content-Type: application/json).",
        null,
      );
  }
  if (typeof fe.statusCode === "number" && fe.statusCode >= 400 && fe.statusCode < 500) {
    return new GatewayError(fe.statusCode, "invalid_request_error", fe.message ?? "Bad request.");
  }
  return new GatewayError(500, "internal_error", "The gateway failed to handle the request.", { cause: err });
}

export function sendError(reply: FastifyReply, error: GatewayError, attempts?: number): FastifyReply {
  if (error.retryAfterSeconds !== undefined) reply.header("retry-after", String(error.retryAfterSeconds));
  if (attempts !== undefined) reply.header("x-openclaw-attempts", String(attempts));
  return reply.code(error.status).type("application/json").send(error.toBody());
}

export function installErrorHandling(
  app: FastifyInstance,
  bodyLimitBytes: () => number,
  drainLimits: DrainLimits,
): void {
  app.setErrorHandler((err: unknown, request: FastifyRequest, reply: FastifyReply) => {
    const error = toGatewayError(err, bodyLimitBytes());
    if (closesMidUpload(request.raw, reply.getHeader("connection")))
      drainBeforeClose(request.raw, reply.raw, drainLimits);
    if (error.status >= 500) request.log.error({ err: error.cause ?? error }, "request failed");
    const exchange = request.gw?.exchange;
    if (exchange !== undefined) exchange.status = error.status;
    return sendError(reply, error, err instanceof AttemptsExhausted ? err.attempts : exchange?.attempts);
  });
  app.setNotFoundHandler((request, reply) =>
    sendError(
      reply,
      new GatewayError(404, "not_found", `Unknown route: ${request.method} ${request.url.split("?")[0]}`),
    ),
  );
}
