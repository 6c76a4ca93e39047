import { RateLimiterMemory, RateLimiterRedis } from "rate-limiter-flexible";
import { KeyGovernance } from "./governance";
import { MemoryBudgetStore } from "./memory-budget-store";
import { KeyRateLimiters, WINDOW_SECONDS } from "./rate-limits";
import { RedisBudgetStore } from "./redis-budget-store";
import { connectRedis, DEFAULT_KEY_PREFIX } from "./redis-client";
import type { Governance } from "./types";
import type { StoreFailureMode } from "./unavailable";

export interface GovernanceOptions {
  /** Share RPM, TPM and budgets across replicas through this Redis. Omitted: in memory, one replica. */
  readonly redisUrl?: string;
  /** Prefix of every Redis key. @default "openclaw:" */
  readonly keyPrefix?: string;
  /** The clock that decides the budget month (UTC). @default () => new Date() */
  readonly now?: () => Date;
  /**
   * What `admit` does when Redis cannot answer: "closed" refuses with 503 `governance_unavailable`
   * (no request runs unmetered, so no budget can be overrun); "open" lets the request through unmetered.
   * @default "closed"
   */
  readonly onStoreFailure?: StoreFailureMode;
  /** Receives Redis connection and command errors (for logs and metrics). @default ignore them */
  readonly onError?: (err: Error) => void;
  /** How long one Redis command may take before it counts as a failure. @default 1000 */
  readonly redisCommandTimeoutMs?: number;
}

export function createGovernance(opts: GovernanceOptions = {}): Governance {
  const keyPrefix = opts.keyPrefix ?? DEFAULT_KEY_PREFIX;
  const onError = opts.onError ?? (() => {});
  const common = {
    now: opts.now ?? (() => new Date()),
    failureMode: opts.onStoreFailure ?? "closed",
    onError,
  } as const;

  if (opts.redisUrl === undefined) {
    return new KeyGovernance({
      ...common,
      limiters: new KeyRateLimiters(
        (kind, points) => new RateLimiterMemory({ keyPrefix: kind, points, duration: WINDOW_SECONDS }),
      ),
      budgets: new MemoryBudgetStore(),
      storeUsable: () => true,
      close: async () => {},
    });
  }

  const redis = connectRedis({
    url: opts.redisUrl,
    onError,
    commandTimeoutMs: opts.redisCommandTimeoutMs,
  });
  return new KeyGovernance({
    ...common,
    limiters: new KeyRateLimiters(
      (kind, points) =>
        new RateLimiterRedis({
          storeClient: redis.client,
          keyPrefix: `${keyPrefix}${kind}`,
          points,
          duration: WINDOW_SECONDS,
        }),
    ),
    budgets: new RedisBudgetStore(redis.client, keyPrefix),
    storeUsable: redis.isUsable,
    close: redis.close,
  });
}
