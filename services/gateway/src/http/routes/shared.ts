/** Small helpers the /v1 routes share. */
import type { FastifyRequest } from "fastify";
import type { VirtualKey } from "../../config/schema";
import { Exchange } from "../../proxy/exchange";

export function requireKey(request: FastifyRequest): VirtualKey {
  const key = request.gw.key;
  if (key === undefined) throw new Error("auth hook did not run"); // a wiring bug, not a client error
  return key;
}

export function requireExchange(request: FastifyRequest): Exchange {
  request.gw.exchange ??= new Exchange("other", performance.now());
  return request.gw.exchange;
}

export function routedHeaders(request: FastifyRequest, ex: Exchange): Record<string, string> {
  return {
    "x-request-id": request.id,
    "x-openclaw-provider": ex.provider,
    "x-openclaw-attempts": String(ex.attempts),
  };
}
