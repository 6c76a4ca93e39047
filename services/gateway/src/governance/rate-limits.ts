import { type RateLimiterAbstract, RateLimiterRes } from "rate-limiter-flexible";

export type LimitKind = "rpm" | "tpm";

/** Both limits count over a fixed window of one minute. */
export const WINDOW_SECONDS = 60;

/** Builds a limiter for one kind and one limit; the backend (memory or Redis) is the caller's choice. */
export type LimiterFactory = (kind: LimitKind, points: number) => RateLimiterAbstract;

export type ConsumeOutcome =
  | {
      readonly granted: true /** Epoch ms when the window this charge landed in ends. */;
      readonly windowEndsAt: number;
    }
  | { readonly granted: false; readonly retryAfterSeconds: number; readonly consumed: number };

/**
 * RPM and TPM limiters, one per (kind, limit) and shared by every key with that limit: a limiter keeps
 * its counts per key id, so keys never share a window. A key whose configured limit changes simply
 * moves to another limiter (in Redis the counts carry over, because the stored key does not depend on
 * the limit).
 */
export class KeyRateLimiters {
  private readonly limiters = new Map<string, RateLimiterAbstract>();

  constructor(private readonly create: LimiterFactory) {}

  /**
   * Charges `points` to `keyId`. A refused charge is taken back at once (rate-limiter-flexible counts
   * refused consumes too), so a rejected request does not use up the window. Backend failures reject
   * with the backend's error.
   */
  async consume(kind: LimitKind, limit: number, keyId: string, points: number): Promise<ConsumeOutcome> {
    const limiter = this.limiter(kind, limit);
    try {
      const res = await limiter.consume(keyId, points);
      return { granted: true, windowEndsAt: Date.now() + res.msBeforeNext };
    } catch (err) {
      if (!(err instanceof RateLimiterRes)) throw err;
      await limiter.reward(keyId, points);
      return {
        granted: false,
        retryAfterSeconds: Math.max(1, Math.ceil(err.msBeforeNext / 1000)),
        consumed: err.consumedPoints - points,
      };
    }
  }

  /**
   * Corrects an earlier charge by `delta` points: a penalty when more was used than charged, a refund
   * when less. A refund is only given while the window of the original charge is still open; after it
   * closed, giving it back would lend the key extra room in a window it was never charged in.
   */
  async adjust(
    kind: LimitKind,
    limit: number,
    keyId: string,
    delta: number,
    windowEndsAt: number,
  ): Promise<void> {
    const limiter = this.limiter(kind, limit);
    if (delta > 0) await limiter.penalty(keyId, delta);
    else if (delta < 0 && Date.now() < windowEndsAt) await limiter.reward(keyId, -delta);
  }

  /** Gives back a whole charge made by `consume` (used when a later check refuses the request). */
  async refund(kind: LimitKind, limit: number, keyId: string, points: number): Promise<void> {
    await this.limiter(kind, limit).reward(keyId, points);
  }

  private limiter(kind: LimitKind, limit: number): RateLimiterAbstract {
    const id = `${kind}:${limit}`;
    let limiter = this.limiters.get(id);
    if (limiter === undefined) {
      limiter = this.create(kind, limit);
      this.limiters.set(id, limiter);
    }
    return limiter;
  }
}
