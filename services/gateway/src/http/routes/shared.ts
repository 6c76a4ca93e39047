/** Small helpers the /v1 routes share. */
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import type { ModelConfig, VirtualKey } from "../../config/schema";
import type { RouteLoopContext } from "../../core/route-loop";
import { admit, resolveModel } from "../../proxy/admission";
import { Exchange } from "../../proxy/exchange";
import { clientGone } from "../client-gone";

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

/** An admitted model request: what the route needs to serve it, and how to settle it afterwards. */
export interface AdmittedRequest {
  readonly ex: Exchange;
  readonly model: ModelConfig;
  readonly ctx: RouteLoopContext;
  /** Charges what the provider reported (nothing if it reported nothing); call once, in a finally. */
  settle(): Promise<void>;
}

/**
 * The common start of every model route: model lookup and allow-list, then admission (RPM, TPM, budget
 * reservation). Throws the gateway's refusals before any upstream is touched.
 */
export async function admitRequest(
  app: FastifyInstance,
  request: FastifyRequest,
  reply: FastifyReply,
  body: { readonly model: string },
): Promise<AdmittedRequest> {
  const key = requireKey(request);
  const ex = requireExchange(request);
  const { snapshot } = request.gw;
  const state = app.gateway;
  const model = resolveModel(snapshot, key, body.model);
  ex.model = model.name; // only configured names become metric labels (bounded cardinality)
  const admission = await admit(state.deps.governance, snapshot, key, model, body);
  const ctx = { state, snapshot, model, client: clientGone(reply.raw), log: request.log };
  return {
    ex,
    model,
    ctx,
    // a method: a named arrow would get a property dictionary under tsx (keepNames), per request
    settle() {
      return admission.settle({ tokens: ex.usage?.total_tokens ?? 0, costUsd: ex.costUsd });
    },
  };
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
