/**
 * What one failed upstream attempt means for routing: retry the same route, move to the next route, or
 * give the client an answer now. Every reason is a short label safe for logs and metric labels.
 */

import { GatewayError, gatewayErrors } from "../errors";
import { UpstreamStreamError } from "../providers/types";
import { parseRetryAfterMs } from "../routing/backoff";
import type { Cancellation } from "./cancellation";

export type AttemptVerdict = "retry" | "next-route" | "client-error" | "aborted";

export class AttemptFailure extends Error {
  constructor(
    readonly verdict: AttemptVerdict,
    /** Metric label, e.g. `http_429`, `connect_timeout`. */
    readonly reason: string,
    /** Safe text (already scrubbed of secrets). */
    readonly detail: string,
    readonly retryAfterMs?: number,
    readonly clientError?: GatewayError,
  ) {
    super(`${reason}: ${detail}`);
    this.name = "AttemptFailure";
  }
}

/** Our own per-attempt total timeout, used as the abort reason. */
export class AttemptTimeout extends Error {
  constructor(readonly ms: number) {
    super(`no answer within ${ms} ms`);
    this.name = "AttemptTimeout";
  }
}

/** A non-2xx upstream answer. */
export function statusFailure(
  status: number,
  headers: Readonly<Record<string, string | string[] | undefined>>,
  description: string,
): AttemptFailure {
  const reason = `http_${status}`;
  if (status === 429 || status === 408 || status >= 500) {
    return new AttemptFailure("retry", reason, description, parseRetryAfterMs(headers["retry-after"]));
  }
  if (status === 400 || status === 413 || status === 422) {
    const error = gatewayErrors.invalidRequest(
      `The upstream provider rejected the request: ${description}`,
      null,
    );
    return new AttemptFailure("client-error", reason, description, undefined, error);
  }
  // 401/403 (a provider credential problem, never the client's), 404 (model not there), others.
  return new AttemptFailure("next-route", reason, description);
}

const CONNECTION_CODES: Record<string, string> = {
  UND_ERR_CONNECT_TIMEOUT: "connect_timeout",
  UND_ERR_HEADERS_TIMEOUT: "first_byte_timeout",
  UND_ERR_BODY_TIMEOUT: "body_timeout",
  UND_ERR_SOCKET: "connection_error",
  UND_ERR_CLOSED: "connection_error",
  ECONNRESET: "connection_error",
  ECONNREFUSED: "connection_refused",
  EPIPE: "connection_error",
  ETIMEDOUT: "connect_timeout",
  EHOSTUNREACH: "connection_error",
  ENOTFOUND: "dns_error",
  EAI_AGAIN: "dns_error",
};

/** Classifies anything an attempt threw. `client` tells a client abort from our own timeout. */
export function classifyAttemptError(err: unknown, client: Cancellation, scrub: (s: string) => string) {
  if (err instanceof AttemptFailure) return err;
  if (err instanceof GatewayError) {
    return new AttemptFailure("client-error", "request_not_supported", err.message, undefined, err);
  }
  if (client.cancelled) return new AttemptFailure("aborted", "client_aborted", "the client went away");
  if (err instanceof AttemptTimeout) return new AttemptFailure("retry", "timeout", err.message);
  if (err instanceof UpstreamStreamError)
    return new AttemptFailure("retry", "stream_error", scrub(err.message));
  const code = errorCode(err);
  const label = code === undefined ? undefined : CONNECTION_CODES[code];
  if (label !== undefined) return new AttemptFailure("retry", label, scrub(messageOf(err)));
  if (err instanceof SyntaxError)
    return new AttemptFailure("next-route", "bad_response", "upstream sent invalid JSON");
  return new AttemptFailure("retry", "network_error", scrub(messageOf(err)));
}

function errorCode(err: unknown): string | undefined {
  let cur: unknown = err;
  for (let depth = 0; depth < 4 && cur !== null && typeof cur === "object"; depth++) {
    const code = (cur as { code?: unknown }).code;
    if (typeof code === "string" && code in CONNECTION_CODES) return code;
    cur = (cur as { cause?: unknown }).cause;
  }
  return undefined;
}

function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
