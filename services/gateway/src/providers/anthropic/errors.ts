/**
 * Errors in both directions: the 400s this adapter raises for request fields Anthropic cannot honour, and
 * the safe one-line descriptions of errors Anthropic returns (which may echo part of a key back).
 */
import { type GatewayError, gatewayErrors } from "../../errors";
import { anthropicErrorBodySchema } from "./wire";

/** A 400 for a request field Anthropic routes cannot honour; `param` is the exact field path. */
export function unsupported(param: string, message: string): GatewayError {
  return gatewayErrors.invalidRequest(`${message} (param '${param}', provider kind 'anthropic')`, param);
}

/** Renders a client-supplied value for an error message: short, and never a whole prompt. */
export function showValue(value: unknown): string {
  const text = typeof value === "string" ? JSON.stringify(value) : safeStringify(value);
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}

function safeStringify(value: unknown): string {
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}

const maxDescriptionLength = 300;

/**
 * Things that look like credentials. Anthropic keys are `sk-ant-<kind>NN-<base64url>`; other upstreams and
 * proxies echo bearer tokens or other long opaque strings. Request ids (`req_` + 24 chars) stay readable.
 */
const credentialPatterns: readonly RegExp[] = [
  /sk-ant-[A-Za-z0-9_-]*/g,
  /\bsk-[A-Za-z0-9_-]{8,}/g,
  /((?:x-api-key|api[_-]?key|authorization)["']?\s*[:=]\s*["']?(?:bearer\s+)?)[^\s"',]+/gi,
  /(bearer\s+)[^\s"',]+/gi,
  /[A-Za-z0-9_\-+/=]{32,}/g,
];

/** Replaces anything that looks like a credential with `[redacted]`. */
export function redactCredentials(text: string): string {
  let out = text;
  for (const pattern of credentialPatterns) {
    out = out.replace(pattern, (match: string, prefix: unknown) =>
      typeof prefix === "string" && match.startsWith(prefix) ? `${prefix}[redacted]` : "[redacted]",
    );
  }
  return out;
}

function clip(text: string): string {
  const oneLine = text.replace(/\s+/g, " ").trim();
  return oneLine.length > maxDescriptionLength ? `${oneLine.slice(0, maxDescriptionLength - 3)}...` : oneLine;
}

/**
 * `Anthropic 529 overloaded_error: Overloaded (request_id req_...)`. Falls back to the start of the raw
 * body when it is not Anthropic's error JSON (e.g. an HTML page from a proxy). Always redacted and clipped.
 */
export function describeAnthropicError(status: number, body: string): string {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    parsed = undefined;
  }
  const result = anthropicErrorBodySchema.safeParse(parsed);
  if (result.success) {
    const { error, request_id: requestId } = result.data;
    const suffix = requestId ? ` (request_id ${requestId})` : "";
    return clip(redactCredentials(`Anthropic ${status} ${error.type}: ${error.message}${suffix}`));
  }
  const raw = body.trim();
  return clip(
    redactCredentials(raw === "" ? `Anthropic ${status} with an empty body` : `Anthropic ${status}: ${raw}`),
  );
}

/** The message for an `event: error` inside a stream, safe to show a client. */
export function describeStreamError(type: string, message: string): string {
  return clip(redactCredentials(`Anthropic stream error ${type}: ${message}`));
}
