/**
 * Renders GatewayService's `config` arg into the YAML its ConfigMap carries: secrets become `${ENV}`
 * references to the Secret-backed environment, and the result is validated by the gateway's own
 * `parseConfig` (same schema, same cross-checks, same field paths) so a bad config fails at preview,
 * never as a crash loop in the cluster.
 */
import { stringify } from "yaml";
import type { ArgIssue } from "../../../infra/arg-errors";
import { ConfigError, parseConfig } from "../src/config/load";
import type { GatewayConfigSpec } from "./config-args";
import { METRICS_TOKEN_ENV, REDIS_URL_ENV, type SecretEntry } from "./secrets";

export interface RenderedConfig {
  /** The config file as mounted in the pod. */
  readonly yaml: string;
  /** server.drainTimeoutMs after defaults: sizes the termination grace period. */
  readonly drainTimeoutMs: number;
  readonly issues: ArgIssue[];
}

/** Fields that would put a secret into the ConfigMap, and the arg that carries it instead. */
const SECRET_FIELDS: readonly { readonly field: string; readonly use: (id: string) => string }[] = [
  { field: "apiKey", use: (id) => `providerKeys["${id}"]` },
  { field: "key", use: (id) => `virtualKeys["${id}"] (or keySha256)` },
];

export function renderGatewayConfig(
  config: GatewayConfigSpec,
  secrets: readonly SecretEntry[],
): RenderedConfig {
  const issues: ArgIssue[] = [];
  const envRef = (argPath: string) => {
    const entry = secrets.find((e) => e.argPath === argPath);
    return entry === undefined ? undefined : `\${${entry.env}}`;
  };
  rejectInlineSecrets(config, issues);

  const providerIds = new Set(config.providers?.map((p) => p.id));
  const keyIds = new Set(config.keys?.map((k) => k.id));
  for (const entry of secrets) {
    const [group, id] = splitArgPath(entry.argPath);
    const known = group === "providerKeys" ? providerIds : group === "virtualKeys" ? keyIds : undefined;
    if (known !== undefined && !known.has(id)) {
      const where = group === "providerKeys" ? "config.providers" : "config.keys";
      issues.push({
        propertyPath: entry.argPath,
        reason: `${entry.argPath} names no entry of ${where} (ids: ${[...known].join(", ") || "none"})`,
      });
    }
  }

  const rendered = {
    ...config,
    providers: config.providers?.map((p) => withOptional(p, "apiKey", envRef(`providerKeys.${p.id}`))),
    keys: config.keys?.map((k) => withOptional(k, "key", envRef(`virtualKeys.${k.id}`))),
    server: withOptional(
      withOptional({ ...config.server }, "redisUrl", envRef("redisUrl")),
      "metricsToken",
      envRef("metricsToken"),
    ),
  };

  // Placeholders stand in for the secrets: validation needs a value, never the real one.
  const env: NodeJS.ProcessEnv = {};
  for (const entry of secrets) {
    env[entry.env] =
      entry.env === REDIS_URL_ENV
        ? "redis://placeholder:6379"
        : entry.env === METRICS_TOKEN_ENV
          ? "placeholder"
          : "placeholder-secret";
  }
  let drainTimeoutMs = 30_000;
  try {
    drainTimeoutMs = parseConfig(rendered, { env }).server.drainTimeoutMs;
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    for (const problem of err.problems) issues.push(configIssue(problem));
  }
  return { yaml: stringify(rendered), drainTimeoutMs, issues };
}

function rejectInlineSecrets(config: GatewayConfigSpec, issues: ArgIssue[]): void {
  const lists: [string, readonly object[] | undefined, string][] = [
    ["providers", config.providers, "apiKey"],
    ["keys", config.keys, "key"],
  ];
  for (const [list, items, field] of lists) {
    items?.forEach((item, i) => {
      const record = item as Record<string, unknown>;
      if (record[field] === undefined) return;
      const use = SECRET_FIELDS.find((s) => s.field === field)?.use(String(record.id));
      issues.push({
        propertyPath: `config.${list}[${i}].${field}`,
        reason: `config.${list}[${i}].${field} would put a secret into the ConfigMap; pass it as ${use}, a Pulumi secret`,
      });
    });
  }
  const server = (config.server ?? {}) as Record<string, unknown>;
  for (const [field, arg] of [
    ["redisUrl", "redisUrl"],
    ["metricsToken", "metricsToken"],
  ] as const) {
    if (server[field] !== undefined) {
      issues.push({
        propertyPath: `config.server.${field}`,
        reason: `config.server.${field} is not set in config; pass it as the GatewayService ${arg} arg (kept in the Secret)`,
      });
    }
  }
}

/** `providerKeys.openai-main` → ["providerKeys", "openai-main"]. */
function splitArgPath(argPath: string): [string, string] {
  const dot = argPath.indexOf(".");
  return dot < 0 ? [argPath, ""] : [argPath.slice(0, dot), argPath.slice(dot + 1)];
}

function withOptional<T extends object>(object: T, key: string, value: string | undefined): T {
  return value === undefined ? object : { ...object, [key]: value };
}

/** "providers[0].kind: unknown provider kind ..." → an issue at `config.providers[0].kind`. */
function configIssue(problem: string): ArgIssue {
  const colon = problem.indexOf(": ");
  const path = colon < 0 ? "" : problem.slice(0, colon);
  const propertyPath = path === "" || path === "(root)" ? "config" : `config.${path}`;
  return { propertyPath, reason: colon < 0 ? `config: ${problem}` : `config.${problem}` };
}
