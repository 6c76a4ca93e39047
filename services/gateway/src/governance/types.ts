/**
 * Limits, budgets and the response cache, behind interfaces with two backends each: in-memory (default,
 * one replica) and Redis (`server.redisUrl`, shared by every replica).
 */

/** The limits configured for one virtual key; an omitted field means unlimited. */
export interface KeyLimits {
  readonly id: string;
  readonly rpm?: number;
  readonly tpm?: number;
  /** USD per calendar month (UTC). */
  readonly budgetUsd?: number;
}

/** What a request is expected to consume, reserved up front (e.g. prompt tokens + max_tokens). */
export interface UsageEstimate {
  readonly tokens: number;
  readonly costUsd: number;
}

/** A granted admission; settle it exactly once with what the provider actually reported. */
export interface Admission {
  /** Replaces the reservation by the actual usage (refund or extra charge). Idempotent. */
  settle(actual: UsageEstimate): Promise<void>;
}

export interface Governance {
  /**
   * Checks RPM, TPM and the monthly budget, then reserves `estimate`. Throws `GatewayError`
   * 429 `rate_limit_exceeded` (with retryAfterSeconds) or 429 `insufficient_quota`. Because every
   * admitted request holds a reservation until settled, a budget is never overspent by more than the
   * requests in flight underestimated.
   */
  admit(key: KeyLimits, estimate: UsageEstimate): Promise<Admission>;
  /** USD charged to the key this calendar month (settled usage plus open reservations). */
  spentUsd(keyId: string): Promise<number>;
  close(): Promise<void>;
}

export interface ResponseCache {
  get(key: string): Promise<string | undefined>;
  set(key: string, value: string, ttlMs: number): Promise<void>;
  close(): Promise<void>;
}
