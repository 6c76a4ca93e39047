/**
 * The gateway config (services/gateway/src/config/schema.ts) as plain typed interfaces, so the component
 * package's schema analyzer can express it for every Pulumi language (it takes interfaces, not zod types).
 * Validation is never repeated here: GatewayService runs the gateway's own `parseConfig` at construction.
 * Secrets (provider keys, virtual keys, the Redis URL, the metrics token) are not config fields: they are
 * GatewayService args that land only in a Kubernetes Secret.
 */

/** How a model picks among its routes. */
export const ModelStrategy = {
  Fallback: "fallback",
  Weighted: "weighted",
  LeastLatency: "least-latency",
  Cheapest: "cheapest",
} as const;
export type ModelStrategy = (typeof ModelStrategy)[keyof typeof ModelStrategy];

/** What a limited key gets while Redis is unreachable. */
export const RedisFailureMode = { Closed: "closed", Open: "open" } as const;
export type RedisFailureMode = (typeof RedisFailureMode)[keyof typeof RedisFailureMode];

/** pino log levels. */
export const GatewayLogLevel = {
  Fatal: "fatal",
  Error: "error",
  Warn: "warn",
  Info: "info",
  Debug: "debug",
  Trace: "trace",
  Silent: "silent",
} as const;
export type GatewayLogLevel = (typeof GatewayLogLevel)[keyof typeof GatewayLogLevel];

export interface GatewayCircuitBreaker {
  /** Consecutive failed attempts that open the circuit. @default 5 */
  readonly failureThreshold?: number;
  /** How long an open circuit refuses traffic before one half-open probe. @default 30000 */
  readonly cooldownMs?: number;
}

/** One upstream provider. Its API key is not here: pass it as GatewayService `providerKeys[id]`. */
export interface GatewayProvider {
  /** 1-64 letters, digits, '.', '_' or '-'. */
  readonly id: string;
  /** A registered provider kind: openai | anthropic | mock. */
  readonly kind: string;
  /** Required for kinds that speak HTTP. */
  readonly baseUrl?: string;
  /** Extra static headers (Azure `api-key`, `anthropic-version`, ...). Rendered into the ConfigMap: no secrets. */
  readonly headers?: Record<string, string>;
  /** Query parameters added to every upstream URL (Azure `api-version`). */
  readonly query?: Record<string, string>;
  /** Total time per attempt (non-streaming), or until the first byte (streaming). @default 60000 */
  readonly timeoutMs?: number;
  /** @default 5000 */
  readonly connectTimeoutMs?: number;
  /** @default 30000 */
  readonly firstByteTimeoutMs?: number;
  /** Retries before the first byte. @default 2 */
  readonly maxRetries?: number;
  /** @default { failureThreshold: 5, cooldownMs: 30000 } */
  readonly circuitBreaker?: GatewayCircuitBreaker;
  /**
   * Kind-specific settings, validated by the provider kind's own options schema.
   * @default undefined
   */
  // biome-ignore lint/suspicious/noExplicitAny: free-form per provider kind; the schema analyzer maps `any` to pulumi.json#/Any and rejects `unknown`.
  readonly options?: Record<string, any>;
}

export interface GatewayRoute {
  /** A provider id. */
  readonly provider: string;
  /** The model name sent upstream. */
  readonly model: string;
  /** Relative share for `weighted`. @default 1 */
  readonly weight?: number;
}

export interface GatewayModelCache {
  readonly ttlSeconds: number;
}

export interface GatewayModel {
  /** The model name clients send. */
  readonly name: string;
  /** @default "fallback" */
  readonly strategy?: ModelStrategy;
  readonly routes: GatewayRoute[];
  /** Opt-in response cache for non-streaming chat requests. @default undefined (off) */
  readonly cache?: GatewayModelCache;
  /** max_tokens assumed for admission when a request sets none. @default server.defaultMaxTokens */
  readonly defaultMaxTokens?: number;
}

/** A virtual key. Its secret is not here: pass `keySha256`, or the key itself as GatewayService `virtualKeys[id]`. */
export interface GatewayKey {
  readonly id: string;
  /** The key's sha256, lowercase hex (safe in a ConfigMap). */
  readonly keySha256?: string;
  /** Allow-list of model names. @default every model */
  readonly models?: string[];
  /** @default unlimited */
  readonly rpm?: number;
  /** @default unlimited */
  readonly tpm?: number;
  /** USD per calendar month (UTC). @default unlimited */
  readonly budgetUsd?: number;
}

export interface GatewayPrice {
  /** USD per 1M input tokens. */
  readonly input: number;
  /** USD per 1M output tokens. */
  readonly output: number;
  /** @default input */
  readonly cacheRead?: number;
  /** @default input */
  readonly cacheWrite?: number;
}

/** `server:` without its secrets (Redis URL and metrics token are GatewayService args). */
export interface GatewayServer {
  /** @default 4194304 */
  readonly bodyLimitBytes?: number;
  /** @default "closed" */
  readonly redisFailureMode?: RedisFailureMode;
  /** Browser origins allowed by CORS. @default undefined (CORS off) */
  readonly cors?: string[];
  /** Longest a SIGTERM waits for in-flight requests; also sizes the pod's termination grace period. @default 30000 */
  readonly drainTimeoutMs?: number;
  /** @default 1024 */
  readonly defaultMaxTokens?: number;
  /** @default 1000 */
  readonly cacheMaxEntries?: number;
  /** @default 100 */
  readonly retryBaseDelayMs?: number;
  /** @default 2000 */
  readonly retryMaxDelayMs?: number;
  /** @default "info" */
  readonly logLevel?: GatewayLogLevel;
}

/** The gateway config file, minus its secrets. */
export interface GatewayConfigSpec {
  readonly providers: GatewayProvider[];
  readonly models: GatewayModel[];
  readonly keys: GatewayKey[];
  /** Price overrides keyed by upstream model name. @default built-in prices */
  readonly prices?: Record<string, GatewayPrice>;
  readonly server?: GatewayServer;
}
