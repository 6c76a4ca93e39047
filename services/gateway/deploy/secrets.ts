/**
 * Which secrets GatewayService puts in its Kubernetes Secret and how the gateway finds them: each entry
 * is one Secret key, one environment variable (valueFrom secretKeyRef) and one `${ENV}` reference in
 * the rendered config. Values must be Pulumi secrets; a plain string is refused before it can reach
 * state, a ConfigMap or an error message.
 */
import * as pulumi from "@pulumi/pulumi";
import { type ArgIssue, describeValue } from "../../../infra/arg-errors";
import { secretEnvName } from "./plan";

/** One secret the gateway reads from its environment. */
export interface SecretEntry {
  /** The argument it came from, e.g. `providerKeys.openai-main`. */
  readonly argPath: string;
  /** The key inside the Kubernetes Secret. */
  readonly secretKey: string;
  /** The container environment variable the config references as `${env}`. */
  readonly env: string;
  readonly value: pulumi.Input<string>;
}

export interface SecretArgs {
  readonly providerKeys?: Record<string, pulumi.Input<string>>;
  readonly virtualKeys?: Record<string, pulumi.Input<string>>;
  readonly redisUrl?: pulumi.Input<string>;
  readonly metricsToken?: pulumi.Input<string>;
}

export const REDIS_URL_ENV = "OPENCLAW_REDIS_URL";
export const METRICS_TOKEN_ENV = "OPENCLAW_METRICS_TOKEN";

/** Lists the secret entries and the problems with them (plain strings, clashing names). */
export function planSecretEntries(args: SecretArgs): { entries: SecretEntry[]; issues: ArgIssue[] } {
  const entries: SecretEntry[] = [];
  const issues: ArgIssue[] = [];
  const add = (argPath: string, secretKey: string, env: string, value: pulumi.Input<string>) => {
    const problem = plainSecretProblem(argPath, value);
    if (problem) issues.push(problem);
    const clash = entries.find((e) => e.env === env);
    if (clash) {
      issues.push({
        propertyPath: argPath,
        reason: `${argPath} maps to environment variable ${env}, as ${clash.argPath} does; rename one of the ids`,
      });
    }
    entries.push({ argPath, secretKey, env, value });
  };
  // The ids decide the Secret's keys and the env: they must be known now, only the values may be Outputs.
  const knownIds = (arg: string, map: Record<string, pulumi.Input<string>> | undefined) => {
    if (!pulumi.Output.isInstance(map)) return Object.entries(map ?? {});
    issues.push({
      propertyPath: arg,
      reason: `${arg} must be a map whose ids are known at construction (its values may be secret Outputs); got an Output`,
    });
    return [];
  };
  for (const [id, value] of knownIds("providerKeys", args.providerKeys)) {
    add(`providerKeys.${id}`, `provider-${id}`, secretEnvName("OPENCLAW_PROVIDER_KEY", id), value);
  }
  for (const [id, value] of knownIds("virtualKeys", args.virtualKeys)) {
    add(`virtualKeys.${id}`, `virtual-key-${id}`, secretEnvName("OPENCLAW_VIRTUAL_KEY", id), value);
  }
  if (args.redisUrl !== undefined) addRedisUrl(args.redisUrl, entries, issues);
  if (args.metricsToken !== undefined)
    add("metricsToken", "metrics-token", METRICS_TOKEN_ENV, args.metricsToken);
  return { entries, issues };
}

/** A Redis URL may be a plain string when it carries no password (nothing to hide). */
function addRedisUrl(value: pulumi.Input<string>, entries: SecretEntry[], issues: ArgIssue[]): void {
  if (typeof value === "string") {
    if (!/^rediss?:\/\//.test(value)) {
      issues.push({
        propertyPath: "redisUrl",
        reason: `redisUrl must start with redis:// or rediss://; got ${describeValue(redactPassword(value))}`,
      });
    } else if (hasPassword(value)) {
      issues.push({
        propertyPath: "redisUrl",
        reason:
          "redisUrl carries a password, so it must be a Pulumi secret (pulumi.secret(...) or config.requireSecret(...)), not a plain string",
      });
    }
  }
  entries.push({ argPath: "redisUrl", secretKey: "redis-url", env: REDIS_URL_ENV, value });
}

function hasPassword(url: string): boolean {
  try {
    return new URL(url).password !== "";
  } catch {
    return false;
  }
}

function redactPassword(url: string): string {
  return url.replace(/\/\/([^@/]*):[^@/]*@/, "//$1:***@");
}

/** A plain string where a secret belongs; the message never repeats the value. */
function plainSecretProblem(argPath: string, value: pulumi.Input<string>): ArgIssue | undefined {
  if (typeof value !== "string") return undefined;
  return {
    propertyPath: argPath,
    reason:
      `${argPath} must be a Pulumi secret (pulumi.secret(...) or config.requireSecret(...)), not a plain ` +
      `string; got a plain string of ${value.length} characters`,
  };
}

/**
 * The entry's value marked secret. An Output the caller forgot to mark (`pulumi.output(...)`) is not refused
 * (its secretness is only known asynchronously, after construction) but still never reaches state in clear.
 */
export function secretValue(entry: SecretEntry): pulumi.Output<string> {
  return pulumi.secret(pulumi.output(entry.value));
}

/** The Redis port for the egress rule: from a plain URL, else the Redis default. */
export function redisPortOf(redisUrl: pulumi.Input<string> | undefined): number | undefined {
  if (redisUrl === undefined) return undefined;
  if (typeof redisUrl === "string") {
    try {
      const port = new URL(redisUrl).port;
      if (port !== "") return Number(port);
    } catch {
      // reported by planSecretEntries
    }
  }
  return 6379;
}
