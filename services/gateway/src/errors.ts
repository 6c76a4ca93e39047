/**
 * The gateway's own errors, as typed values. They are mapped to OpenAI's error JSON in exactly one place
 * (the fastify error handler) and to an SSE `data: {"error": ...}` event once a stream has started.
 */

/** OpenAI's error body: `{"error": {"message", "type", "param", "code"}}`. */
export interface OpenAIErrorBody {
  error: { message: string; type: string; param: string | null; code: string };
}

export interface GatewayErrorOptions {
  /** OpenAI error `type`; defaults from the status (see `defaultType`). */
  readonly type?: string;
  /** The request field at fault, e.g. `messages[0].role`. */
  readonly param?: string | null;
  /** Seconds a client should wait; sent as `retry-after`. */
  readonly retryAfterSeconds?: number;
  readonly cause?: unknown;
}

export class GatewayError extends Error {
  readonly type: string;
  readonly param: string | null;
  readonly retryAfterSeconds: number | undefined;

  constructor(
    readonly status: number,
    /** Always a non-empty machine-readable code, e.g. `invalid_api_key`. */
    readonly code: string,
    message: string,
    opts: GatewayErrorOptions = {},
  ) {
    super(message, opts.cause === undefined ? undefined : { cause: opts.cause });
    this.name = "GatewayError";
    this.type = opts.type ?? defaultType(status);
    this.param = opts.param ?? null;
    this.retryAfterSeconds = opts.retryAfterSeconds;
  }

  toBody(): OpenAIErrorBody {
    return { error: { message: this.message, type: this.type, param: this.param, code: this.code } };
  }
}

function defaultType(status: number): string {
  if (status === 401) return "authentication_error";
  if (status === 403) return "permission_error";
  if (status === 404) return "invalid_request_error";
  if (status === 429) return "rate_limit_error";
  if (status >= 500) return "api_error";
  return "invalid_request_error";
}

/** Constructors for the refusals the contract names (docs/gateway.md#errors). */
export const gatewayErrors = {
  invalidRequest: (message: string, param: string | null) =>
    new GatewayError(400, "invalid_request_error", message, { type: "invalid_request_error", param }),
  invalidApiKey: (message = "Invalid or missing API key. Send `Authorization: Bearer <virtual key>`.") =>
    new GatewayError(401, "invalid_api_key", message, { type: "invalid_request_error" }),
  modelNotAllowed: (model: string, keyId: string) =>
    new GatewayError(403, "model_not_allowed", `Key '${keyId}' is not allowed to use model '${model}'.`, {
      param: "model",
    }),
  modelNotFound: (model: string, known: readonly string[]) =>
    new GatewayError(
      404,
      "model_not_found",
      `The model '${model}' does not exist. Available models: ${known.join(", ") || "(none)"}.`,
      { type: "invalid_request_error", param: "model" },
    ),
  rateLimited: (message: string, retryAfterSeconds: number) =>
    new GatewayError(429, "rate_limit_exceeded", message, { type: "rate_limit_error", retryAfterSeconds }),
  insufficientQuota: (message: string) =>
    new GatewayError(429, "insufficient_quota", message, { type: "insufficient_quota" }),
  bodyTooLarge: (limitBytes: number) =>
    new GatewayError(413, "request_too_large", `Request body exceeds the limit of ${limitBytes} bytes.`, {
      type: "invalid_request_error",
    }),
  upstream: (message: string, cause?: unknown) =>
    new GatewayError(502, "upstream_error", message, { type: "api_error", cause }),
} as const;
