import { usdToMicros } from "./money";
import type { UsageEstimate } from "./types";

/** A `UsageEstimate` checked and converted to the integer units the limiters and budgets count in. */
export interface CheckedUsage {
  readonly tokens: number;
  readonly micros: number;
}

/**
 * Validates a usage figure handed in by the gateway core. Tokens are rounded up (rate-limiter-flexible
 * only counts whole points); bad values are programming errors, reported with the field and value.
 */
export function checkUsage(usage: UsageEstimate, what: "estimate" | "actual"): CheckedUsage {
  if (!Number.isFinite(usage.tokens) || usage.tokens < 0) {
    throw new TypeError(`${what}.tokens must be a finite number >= 0, got ${String(usage.tokens)}`);
  }
  if (!Number.isFinite(usage.costUsd) || usage.costUsd < 0) {
    throw new TypeError(`${what}.costUsd must be a finite number >= 0, got ${String(usage.costUsd)}`);
  }
  return { tokens: Math.ceil(usage.tokens), micros: usdToMicros(usage.costUsd) };
}
