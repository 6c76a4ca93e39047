/**
 * The gateway config schema (docs/gateway.md#configuration). Every object is `.strict()`: a typo must not
 * silently disable a limit. Defaults live here, next to the field they belong to.
 */
import { z } from "zod";

const positiveInt = z.number().int().positive();
const id = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/, "must be 1-64 letters, digits, '.', '_' or '-'");

export const circuitBreakerSchema = z.strictObject({
  /** Consecutive failed attempts that open the circuit. @default 5 */
  failureThreshold: positiveInt.default(5),
  /** How long an open circuit refuses traffic before one half-open probe. @default 30000 */
  cooldownMs: positiveInt.default(30_000),
});

export const providerSchema = z.strictObject({
  id,
  /** A registered provider kind: openai | anthropic | mock (see providers/index.ts). */
  kind: z.string().min(1),
  /** Required for kinds that speak HTTP. */
  baseUrl: z.url({ protocol: /^https?$/ }).optional(),
  apiKey: z.string().min(1).optional(),
  /** Extra static headers (Azure `api-key`, `anthropic-version`, ...). Never logged. */
  headers: z.record(z.string(), z.string()).optional(),
  /** Query parameters added to every upstream URL (Azure `api-version`). */
  query: z.record(z.string(), z.string()).optional(),
  /** Total time per attempt (non-streaming), or until the first byte (streaming). @default 60000 */
  timeoutMs: positiveInt.default(60_000),
  /** @default 5000 */
  connectTimeoutMs: positiveInt.default(5_000),
  /** Time until the upstream's response headers arrive. @default 30000 */
  firstByteTimeoutMs: positiveInt.default(30_000),
  /** Retries on the same route before the first byte, on 429, 5xx and connection errors. @default 2 */
  maxRetries: z.number().int().min(0).max(10).default(2),
  circuitBreaker: circuitBreakerSchema.default({ failureThreshold: 5, cooldownMs: 30_000 }),
  /** Kind-specific settings, validated by the provider's own `optionsSchema`. */
  options: z.record(z.string(), z.unknown()).optional(),
});

export const routeSchema = z.strictObject({
  provider: id,
  /** The model name sent upstream. */
  model: z.string().min(1),
  /** Relative share for `weighted`. @default 1 */
  weight: z.number().positive().default(1),
});

export const modelSchema = z.strictObject({
  /** The model name clients send. */
  name: z.string().min(1).max(128),
  /** @default fallback */
  strategy: z.enum(["fallback", "weighted", "least-latency", "cheapest"]).default("fallback"),
  routes: z.array(routeSchema).min(1),
  /** Opt-in response cache for non-streaming chat requests. */
  cache: z.strictObject({ ttlSeconds: positiveInt }).optional(),
  /** Used for the admission estimate when a request sets no max_tokens. @default server.defaultMaxTokens */
  defaultMaxTokens: positiveInt.optional(),
});

export const keySchema = z.strictObject({
  id,
  /** The virtual key in clear (hashed at load; never kept). */
  key: z.string().min(8, "must be at least 8 characters").optional(),
  /** Or its sha256, lowercase hex. */
  keySha256: z
    .string()
    .regex(/^[0-9a-f]{64}$/, "must be 64 lowercase hex characters (sha256)")
    .optional(),
  /** Allow-list of model names; omitted = every model. */
  models: z.array(z.string().min(1)).optional(),
  rpm: positiveInt.optional(),
  tpm: positiveInt.optional(),
  /** USD per calendar month (UTC). */
  budgetUsd: z.number().positive().optional(),
});

export const priceSchema = z.strictObject({
  /** USD per 1M input tokens. */
  input: z.number().min(0),
  /** USD per 1M output tokens. */
  output: z.number().min(0),
  /** USD per 1M prompt tokens read from the provider's prompt cache. @default input */
  cacheRead: z.number().min(0).optional(),
  /** USD per 1M prompt tokens written to the provider's prompt cache. @default input */
  cacheWrite: z.number().min(0).optional(),
});

export const serverSchema = z.strictObject({
  /** @default 4194304 (4 MiB) */
  bodyLimitBytes: positiveInt.default(4 * 1024 * 1024),
  /** When set, GET /metrics requires `Authorization: Bearer <metricsToken>`. */
  metricsToken: z.string().min(1).optional(),
  /** Shares limits, budgets and the cache across replicas. */
  redisUrl: z
    .string()
    .regex(/^rediss?:\/\//, "must start with redis:// or rediss://")
    .optional(),
  /**
   * What a limited key gets while `redisUrl` is unreachable: `closed` refuses with 503
   * `governance_unavailable` (no request runs unmetered, so no limit or budget is overrun); `open`
   * serves the request unmetered (availability over limits). Keys without limits are always served.
   * @default closed
   */
  redisFailureMode: z.enum(["closed", "open"]).default("closed"),
  /** Browser origins allowed by CORS; omitted = CORS off. */
  cors: z.array(z.string().min(1)).optional(),
  /** Longest a SIGTERM waits for in-flight requests. @default 30000 */
  drainTimeoutMs: positiveInt.default(30_000),
  /** max_tokens assumed for the admission estimate when a request sets none. @default 1024 */
  defaultMaxTokens: positiveInt.default(1024),
  /** Entries kept by the response cache. @default 1000 */
  cacheMaxEntries: positiveInt.default(1000),
  /** Backoff: first delay ceiling, and the cap for both backoff and honoured retry-after. */
  retryBaseDelayMs: positiveInt.default(100),
  /** @default 2000 */
  retryMaxDelayMs: positiveInt.default(2000),
  /** pino level. @default info */
  logLevel: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
});

export const configSchema = z.strictObject({
  providers: z.array(providerSchema).min(1),
  models: z.array(modelSchema).min(1),
  keys: z.array(keySchema).min(1),
  prices: z.record(z.string(), priceSchema).optional(),
  server: serverSchema.default(serverSchema.parse({})),
});

export type ConfigInput = z.input<typeof configSchema>;
export type ParsedConfig = z.output<typeof configSchema>;
export type ProviderConfig = z.output<typeof providerSchema>;
export type ModelConfig = z.output<typeof modelSchema>;
export type RouteConfig = z.output<typeof routeSchema>;
export type ServerConfig = z.output<typeof serverSchema>;
export type Price = z.output<typeof priceSchema>;

/** A key as the gateway keeps it: only the digest of the secret. */
export interface VirtualKey {
  readonly id: string;
  readonly sha256: Buffer;
  readonly models?: readonly string[];
  readonly rpm?: number;
  readonly tpm?: number;
  readonly budgetUsd?: number;
}

/** A validated config with keys hashed: what `buildApp` takes. */
export interface GatewayConfig {
  readonly providers: readonly ProviderConfig[];
  readonly models: readonly ModelConfig[];
  readonly keys: readonly VirtualKey[];
  readonly prices: Readonly<Record<string, Price>>;
  readonly server: ServerConfig;
}
