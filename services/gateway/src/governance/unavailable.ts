import { GatewayError } from "../errors";

/** How `admit` behaves when its shared store (Redis) cannot answer. */
export type StoreFailureMode = "closed" | "open";

/**
 * The 503 a fail-closed gateway answers while Redis is unreachable. The message never includes the Redis
 * URL (it may carry a password); the cause is kept for logs.
 */
export function governanceUnavailable(cause: unknown): GatewayError {
  return new GatewayError(
    503,
    "governance_unavailable",
    "Rate limits and budgets cannot be checked right now (their shared store is unreachable); retry shortly.",
    { type: "api_error", retryAfterSeconds: 1, cause },
  );
}

export function asError(value: unknown): Error {
  return value instanceof Error ? value : new Error(String(value));
}
