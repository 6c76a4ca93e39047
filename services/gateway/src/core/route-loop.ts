/**
 * Tries a model's routes in strategy order. Per route: retries with exponential backoff and full jitter
 * (honouring a capped `retry-after`) on 429, 5xx, timeouts and connection errors; a circuit breaker per
 * route; then falls over to the next route. An attempt owns an AbortController tied to the client's
 * signal and to the total timeout; the timeout stops when the attempt resolves (for a stream: when its
 * first chunk is ready, i.e. before any byte reaches the client — nothing after that is retried).
 */
import { setTimeout as sleep } from "node:timers/promises";
import type { FastifyBaseLogger } from "fastify";
import type { ModelConfig, RouteConfig } from "../config/schema";
import { gatewayErrors } from "../errors";
import type { GatewayMetrics } from "../observability/metrics";
import { endSpan, startSpan } from "../observability/tracing";
import type { ModelContext } from "../providers/types";
import { backoffDelayMs } from "../routing/backoff";
import type { CircuitBreaker } from "../routing/circuit-breaker";
import { orderRoutes } from "../routing/strategies";
import { AttemptTimeout, classifyAttemptError } from "./attempt-errors";
import type { ProviderRuntime } from "./provider-runtime";
import type { Snapshot } from "./snapshot";
import type { GatewayState } from "./state";

export interface RouteTarget {
  readonly route: RouteConfig;
  readonly provider: ProviderRuntime;
  readonly model: ModelContext;
}

export interface Attempt {
  readonly target: RouteTarget;
  /** Aborts on client disconnect and, until the attempt resolves, on the total timeout. */
  readonly signal: AbortSignal;
}

export interface RouteResult<T> {
  readonly value: T;
  readonly target: RouteTarget;
  readonly attempts: number;
  /** Aborts the winning attempt's upstream request (e.g. when the client leaves mid-stream). */
  abort(): void;
  /** Stops listening for the client's abort; the upstream request is left to finish on its own. */
  release(): void;
}

export interface RouteLoopContext {
  readonly state: GatewayState;
  readonly snapshot: Snapshot;
  readonly model: ModelConfig;
  readonly clientSignal: AbortSignal;
  readonly log: FastifyBaseLogger;
}

export async function runRoutes<T>(
  ctx: RouteLoopContext,
  attempt: (a: Attempt) => Promise<T>,
): Promise<RouteResult<T>> {
  const { state, snapshot, model, clientSignal } = ctx;
  const { metrics } = state.deps;
  const server = snapshot.config.server;
  const failures: string[] = [];
  let attempts = 0;
  const routes = orderRoutes(model, {
    latency: state.latency,
    prices: snapshot.prices,
    random: state.deps.random,
  });

  for (const route of routes) {
    const provider = snapshot.providers.get(route.provider) as ProviderRuntime; // checked at config load
    const breaker = state.breakerFor(route, provider.config);
    const target: RouteTarget = {
      route,
      provider,
      model: { requestedModel: model.name, upstreamModel: route.model },
    };
    for (let retry = 0; retry <= provider.config.maxRetries; retry++) {
      if (clientSignal.aborted) throw gatewayErrors.upstream("The client closed the request.");
      if (!breaker.tryAcquire()) {
        failures.push(`${route.provider}/${route.model}: circuit open`);
        break;
      }
      reportCircuit(metrics, route, breaker);
      attempts += 1;
      const controller = new AbortController();
      const link = new ClientAbortLink(controller, clientSignal);
      const timer = setTimeout(
        () => controller.abort(new AttemptTimeout(provider.config.timeoutMs)),
        provider.config.timeoutMs,
      );
      const span = startSpan("gateway.upstream_attempt", {
        "openclaw.provider": route.provider,
        "openclaw.upstream_model": route.model,
        "openclaw.retry": retry,
      });
      const started = performance.now();
      try {
        const value = await attempt({ target, signal: controller.signal });
        clearTimeout(timer);
        breaker.onSuccess();
        reportCircuit(metrics, route, breaker);
        state.latency.observe(`${route.provider}/${route.model}`, performance.now() - started);
        endSpan(span);
        return new WonRoute(value, target, attempts, link);
      } catch (err) {
        clearTimeout(timer);
        const failure = classifyAttemptError(
          controller.signal.reason instanceof AttemptTimeout ? controller.signal.reason : err,
          clientSignal,
          provider.scrub,
        );
        controller.abort(); // release the upstream socket of a failed attempt
        link.release();
        endSpan(span, failure);
        if (failure.verdict === "aborted") {
          breaker.onAbandon();
          throw gatewayErrors.upstream("The client closed the request.");
        }
        if (failure.verdict === "client-error" && failure.clientError !== undefined) {
          breaker.onSuccess(); // the upstream answered; the request was at fault
          throw failure.clientError;
        }
        breaker.onFailure();
        reportCircuit(metrics, route, breaker);
        metrics.upstreamErrors.inc({ provider: route.provider, reason: failure.reason });
        failures.push(`${route.provider}/${route.model}: ${failure.detail}`);
        ctx.log.warn(
          { provider: route.provider, upstreamModel: route.model, reason: failure.reason, retry },
          "upstream attempt failed",
        );
        if (failure.verdict === "next-route" || retry === provider.config.maxRetries) break;
        const asked = failure.retryAfterMs;
        if (asked !== undefined && asked > server.retryMaxDelayMs) break; // too long: fall over now
        const delay =
          asked ?? backoffDelayMs(retry, server.retryBaseDelayMs, server.retryMaxDelayMs, state.deps.random);
        try {
          await sleep(delay, undefined, { signal: clientSignal });
        } catch {
          throw gatewayErrors.upstream("The client closed the request.");
        }
      }
    }
  }
  throw new AttemptsExhausted(model.name, failures, attempts);
}

/** Writes the route's circuit state to its gauge when it changed since the last write. */
function reportCircuit(metrics: GatewayMetrics, route: RouteConfig, breaker: CircuitBreaker): void {
  const state = breaker.current();
  if (breaker.reported === state) return;
  breaker.reported = state;
  metrics.setCircuit(route.provider, route.model, state);
}

/**
 * Forwards the client's abort to one attempt. An object listener with methods rather than per-attempt
 * closures: a won stream keeps this alive for its whole life, so it is kept small (one object, no
 * closure contexts).
 */
class ClientAbortLink {
  constructor(
    private readonly controller: AbortController,
    private readonly clientSignal: AbortSignal,
  ) {
    clientSignal.addEventListener("abort", this, { once: true });
  }

  handleEvent(): void {
    this.controller.abort(this.clientSignal.reason);
  }

  release(): void {
    this.clientSignal.removeEventListener("abort", this);
  }

  abort(): void {
    this.release();
    this.controller.abort();
  }
}

class WonRoute<T> implements RouteResult<T> {
  constructor(
    readonly value: T,
    readonly target: RouteTarget,
    readonly attempts: number,
    private readonly link: ClientAbortLink,
  ) {}

  abort(): void {
    this.link.abort();
  }

  release(): void {
    this.link.release();
  }
}

/** Every route failed: a 502 naming what each route did (already scrubbed of secrets). */
export class AttemptsExhausted extends Error {
  readonly gatewayError;
  constructor(
    model: string,
    failures: readonly string[],
    readonly attempts: number,
  ) {
    const summary = failures.length > 0 ? failures.join("; ") : "no route available";
    super(summary);
    this.gatewayError = gatewayErrors.upstream(`Every route for model '${model}' failed: ${summary}`);
  }
}
