/**
 * Reads, interpolates, validates and cross-checks a gateway config. Every problem is reported at once,
 * each naming its field path; the result has keys hashed so no virtual key is kept in clear.
 */
import { createHash } from "node:crypto";
import { readFile } from "node:fs/promises";
import { parse as parseYaml } from "yaml";
import { getAdapter, providerKinds } from "../providers";
import { ConfigError, interpolateEnv } from "./env";
import { describeIssue, formatPath } from "./issues";
import {
  configSchema,
  type GatewayConfig,
  type ParsedConfig,
  type ProviderConfig,
  type VirtualKey,
} from "./schema";

export { ConfigError } from "./env";

export interface ParseOptions {
  /** Source of `${ENV}` values. @default process.env */
  readonly env?: NodeJS.ProcessEnv;
}

export async function loadConfigFile(path: string, opts: ParseOptions = {}): Promise<GatewayConfig> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (err) {
    throw new ConfigError([`cannot read config file ${path}: ${(err as NodeJS.ErrnoException).code ?? err}`]);
  }
  return parseConfigText(text, opts, path);
}

export function parseConfigText(text: string, opts: ParseOptions = {}, source = "config"): GatewayConfig {
  let tree: unknown;
  try {
    tree = parseYaml(text);
  } catch (err) {
    throw new ConfigError([`${source}: not valid YAML: ${(err as Error).message.split("\n")[0]}`]);
  }
  return parseConfig(tree, opts);
}

/** Validates a config object (already parsed YAML or a literal in a test). */
export function parseConfig(input: unknown, opts: ParseOptions = {}): GatewayConfig {
  const interpolated = interpolateEnv(input, opts.env ?? process.env);
  const result = configSchema.safeParse(interpolated);
  if (!result.success) {
    throw new ConfigError(result.error.issues.map((issue) => describeIssue(issue, interpolated)));
  }
  const parsed = result.data;
  const problems = crossCheck(parsed);
  const providers = parsed.providers.map((p, i) => withValidatedOptions(p, i, problems));
  if (problems.length > 0) throw new ConfigError(problems);
  return {
    providers,
    models: parsed.models,
    keys: parsed.keys.map(hashKey),
    prices: parsed.prices ?? {},
    server: parsed.server,
  };
}

export function sha256(text: string): Buffer {
  return createHash("sha256").update(text, "utf8").digest();
}

function hashKey(k: ParsedConfig["keys"][number]): VirtualKey {
  const digest = k.key === undefined ? Buffer.from(k.keySha256 ?? "", "hex") : sha256(k.key);
  return { id: k.id, sha256: digest, models: k.models, rpm: k.rpm, tpm: k.tpm, budgetUsd: k.budgetUsd };
}

function crossCheck(cfg: ParsedConfig): string[] {
  const problems: string[] = [];
  const duplicates = (names: string[], what: string, field: (i: number) => string) => {
    const seen = new Map<string, number>();
    names.forEach((name, i) => {
      const first = seen.get(name);
      if (first !== undefined)
        problems.push(`${field(i)}: duplicate ${what} '${name}' (first at ${field(first)})`);
      else seen.set(name, i);
    });
  };
  duplicates(
    cfg.providers.map((p) => p.id),
    "provider id",
    (i) => `providers[${i}].id`,
  );
  duplicates(
    cfg.models.map((m) => m.name),
    "model name",
    (i) => `models[${i}].name`,
  );
  duplicates(
    cfg.keys.map((k) => k.id),
    "key id",
    (i) => `keys[${i}].id`,
  );

  const kinds = providerKinds();
  cfg.providers.forEach((p, i) => {
    const adapter = getAdapter(p.kind);
    if (adapter === undefined) {
      problems.push(`providers[${i}].kind: unknown provider kind '${p.kind}' (allowed: ${kinds.join(", ")})`);
    } else if (adapter.createTransport === undefined && p.baseUrl === undefined) {
      problems.push(`providers[${i}].baseUrl: required for kind '${p.kind}'`);
    }
  });

  const providerIds = new Set(cfg.providers.map((p) => p.id));
  cfg.models.forEach((m, i) => {
    m.routes.forEach((r, j) => {
      if (!providerIds.has(r.provider)) {
        problems.push(
          `models[${i}].routes[${j}].provider: unknown provider '${r.provider}' (defined: ${[...providerIds].join(", ")})`,
        );
      }
    });
  });

  const modelNames = new Set(cfg.models.map((m) => m.name));
  const digests = new Map<string, number>();
  cfg.keys.forEach((k, i) => {
    if ((k.key === undefined) === (k.keySha256 === undefined)) {
      problems.push(`keys[${i}]: set exactly one of 'key' or 'keySha256'`);
    } else {
      const hex = k.key === undefined ? (k.keySha256 as string) : sha256(k.key).toString("hex");
      const first = digests.get(hex);
      if (first !== undefined) problems.push(`keys[${i}]: same secret as keys[${first}]`);
      else digests.set(hex, i);
    }
    k.models?.forEach((name, j) => {
      if (!modelNames.has(name)) {
        problems.push(
          `keys[${i}].models[${j}]: unknown model '${name}' (defined: ${[...modelNames].join(", ")})`,
        );
      }
    });
  });
  return problems;
}

function withValidatedOptions(p: ProviderConfig, index: number, problems: string[]): ProviderConfig {
  const adapter = getAdapter(p.kind);
  if (adapter === undefined) return p;
  if (adapter.optionsSchema === undefined) {
    if (p.options !== undefined)
      problems.push(`providers[${index}].options: kind '${p.kind}' takes no options`);
    return p;
  }
  const result = adapter.optionsSchema.safeParse(p.options ?? {});
  if (!result.success) {
    for (const issue of result.error.issues) {
      problems.push(`${formatPath(["providers", index, "options", ...issue.path])}: ${issue.message}`);
    }
    return p;
  }
  return { ...p, options: result.data as Record<string, unknown> };
}
