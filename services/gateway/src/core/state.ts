/**
 * State that outlives a config version: connection pools, circuit breakers, latency averages, metrics,
 * governance and cache. The current snapshot is swapped atomically on reload.
 */
import type { Logger } from "pino";
import type { GatewayConfig, ProviderConfig, RouteConfig } from "../config/schema";
import type { Governance, ResponseCache } from "../governance/types";
import type { GatewayMetrics } from "../observability/metrics";
import { CircuitBreaker } from "../routing/circuit-breaker";
import { LatencyTracker } from "../routing/latency";
import { routeKey } from "../routing/strategies";
import { PoolRegistry } from "../upstream/pools";
import { buildSnapshot, type Snapshot } from "./snapshot";

export interface StateDeps {
  readonly logger: Logger;
  readonly metrics: GatewayMetrics;
  readonly governance: Governance;
  readonly cache: ResponseCache;
  readonly random: () => number;
}

export class GatewayState {
  readonly pools = new PoolRegistry();
  readonly latency = new LatencyTracker();
  private readonly breakers = new Map<string, CircuitBreaker>();
  private snapshot: Snapshot;
  private drainingSince: number | undefined;
  private inFlightCount = 0;
  private idleWaiters: Array<() => void> = [];

  constructor(
    config: GatewayConfig,
    readonly deps: StateDeps,
  ) {
    this.snapshot = buildSnapshot(config, this.pools);
  }

  current(): Snapshot {
    return this.snapshot;
  }

  /** Swaps in a new (already validated) config; requests in flight keep the snapshot they started with. */
  reload(config: GatewayConfig): void {
    const before = this.snapshot.config.server;
    for (const field of ["redisUrl", "redisFailureMode", "bodyLimitBytes", "cacheMaxEntries"] as const) {
      if (config.server[field] !== before[field]) {
        this.deps.logger.warn(
          { field: `server.${field}` },
          "this setting changed but only applies after a restart",
        );
      }
    }
    this.snapshot = buildSnapshot(config, this.pools);
  }

  breakerFor(route: RouteConfig, provider: ProviderConfig): CircuitBreaker {
    const key = routeKey(route);
    let breaker = this.breakers.get(key);
    if (breaker === undefined) {
      breaker = new CircuitBreaker(provider.circuitBreaker);
      this.breakers.set(key, breaker);
    } else {
      breaker.configure(provider.circuitBreaker);
    }
    return breaker;
  }

  get draining(): boolean {
    return this.drainingSince !== undefined;
  }

  beginDrain(): void {
    this.drainingSince ??= Date.now();
  }

  get inFlight(): number {
    return this.inFlightCount;
  }

  enter(): void {
    this.inFlightCount += 1;
    this.deps.metrics.inFlight.inc();
  }

  leave(): void {
    this.inFlightCount -= 1;
    this.deps.metrics.inFlight.dec();
    if (this.inFlightCount === 0) {
      for (const wake of this.idleWaiters.splice(0)) wake();
    }
  }

  /** Resolves true when no request is in flight, false if `timeoutMs` passes first. */
  waitIdle(timeoutMs: number): Promise<boolean> {
    if (this.inFlightCount === 0) return Promise.resolve(true);
    return new Promise((resolve) => {
      const timer = setTimeout(() => resolve(false), timeoutMs);
      this.idleWaiters.push(() => {
        clearTimeout(timer);
        resolve(true);
      });
    });
  }

  async close(): Promise<void> {
    await Promise.allSettled([this.pools.close(), this.deps.governance.close(), this.deps.cache.close()]);
  }
}
