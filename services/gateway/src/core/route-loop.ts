/**
 * Tries a model's routes in strategy order. Per route: retries with exponential backoff and full jitter
 * (honouring a capped `retry-after`) on 429, 5xx, timeouts and connection errors; a circuit breaker per
 * route; then falls over to the next route. An attempt owns a Cancellation tied to the client's and to
 * the total timeout; the timeout stops when the attempt resolves (for a stream: when its
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
import { Cancellation } from "./cancellation";
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
  /** Cancelled on client disconnect and, until the attempt resolves, on the total timeout. */
  readonly cancel: Cancellation;
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
  /** Cancelled when the client goes away before its response finished. */
  readonly client: Cancellation;
  readonly log: FastifyBaseLogger;
}

export async function runRoutes<T>(
  ctx: RouteLoopContext,
  attempt: (a: Attempt) => Promise<T>,
): Promise<RouteResult<T>> {
  const { state, snapshot, model, client } = ctx;
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
      if (client.cancelled) throw gatewayErrors.upstream("The client closed the request.");
      if (!breaker.tryAcquire()) {
        failures.push(`${route.provider}/${route.model}: circuit open`);
        break;
      }
      reportCircuit(metrics, route, breaker);
      attempts += 1;
      const cancel = new Cancellation();
      client.listen(cancel);
      const link = new ClientLink(cancel, client);
      const timer = setTimeout(
        () => cancel.cancel(new AttemptTimeout(provider.config.timeoutMs)),
        provider.config.timeoutMs,
      );
      const span = startSpan("gateway.upstream_attempt", {
        "openclaw.provider": route.provider,
        "openclaw.upstream_model": route.model,
        "openclaw.retry": retry,
      });
      const started = performance.now();
      try {
        const value = await attempt({ target, cancel });
        clearTimeout(timer);
        breaker.onSuccess();
        reportCircuit(metrics, route, breaker);
        state.latency.observe(`${route.provider}/${route.model}`, performance.now() - started);
        endSpan(span);
        return new WonRoute(value, target, attempts, link);
      } catch (err) {
        clearTimeout(timer);
        const failure = classifyAttemptError(
          cancel.reason instanceof AttemptTimeout ? cancel.reason : err,
          client,
          provider.scrub,
        );
        link.release();
        cancel.cancel(ATTEMPT_ENDED); // release the upstream socket of a failed attempt
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
          await sleep(delay, undefined, { signal: client.signal });
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

/** Why a failed or abandoned attempt's upstream request is cancelled: nobody waits for it any more. */
const ATTEMPT_ENDED = new Error("the upstream attempt was ended by the gateway");

/**
 * An attempt's tie to its client. A won stream keeps this alive for its whole life, so it is one small
 * object with methods, no closures.
 */
class ClientLink {
  constructor(
    private readonly cancel: Cancellation,
    private readonly client: Cancellation,
  ) {}

  /** Stops following the client. */
  release(): void {
    this.client.unlisten(this.cancel);
  }

  /** Ends the attempt's upstream request now. */
  abort(): void {
    this.release();
    this.cancel.cancel(ATTEMPT_ENDED);
  }
}

class WonRoute<T> implements RouteResult<T> {
  constructor(
    readonly value: T,
    readonly target: RouteTarget,
    readonly attempts: number,
    private readonly link: ClientLink,
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
