import * as fs from "node:fs";
import * as path from "node:path";
import { parse as parseYaml } from "yaml";
import { undeclaredKeys, undeclaredReason } from "../../infra/config-keys";
import { UsageError } from "../plan/errors";

/** Stands in for `secure:` values, which need the stack's secrets provider to decrypt. */
export const SECRET_PLACEHOLDER = "openclaw-plan-secret-placeholder";

export interface ResolvedStackConfig {
  /** Project name from Pulumi.yaml (the namespace of bare keys). */
  project: string;
  /** "namespace:key" → value as Pulumi hands it to a program (objects JSON-encoded). */
  config: Record<string, string>;
  /** Files read, for messages. */
  sources: string[];
  /** Keys whose values were `secure:` and got a placeholder. */
  secureKeys: string[];
}

/** Relative to the working directory when inside it, so messages stay short. */
function displayPath(file: string): string {
  const rel = path.relative(process.cwd(), file);
  return rel === "" || rel.startsWith("..") || path.isAbsolute(rel) ? file : rel;
}

function readYaml(file: string): unknown {
  const text = fs.readFileSync(file, "utf8");
  try {
    return parseYaml(text);
  } catch (error) {
    throw new UsageError(`${displayPath(file)}: invalid YAML: ${(error as Error).message.split("\n")[0]}`);
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

function qualify(key: string, project: string): string {
  return key.includes(":") ? key : `${project}:${key}`;
}

function encode(value: unknown): string {
  return typeof value === "string" ? value : JSON.stringify(value);
}

/**
 * Project-level config from Pulumi.yaml: `key: value`, `key: { value: ... }`, or a typed declaration with a
 * `default:`, as Pulumi applies them to every stack.
 */
function projectConfig(project: string, declared: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (!isRecord(declared)) return out;
  for (const [key, entry] of Object.entries(declared)) {
    if (isRecord(entry) && ("value" in entry || "default" in entry || "type" in entry)) {
      const value = "value" in entry ? entry.value : entry.default;
      if (value !== undefined) out[qualify(key, project)] = encode(value);
    } else if (entry !== undefined && entry !== null) {
      out[qualify(key, project)] = encode(entry);
    }
  }
  return out;
}

/** The project's own keys Pulumi.yaml declares (bare names); undefined when it has no `config:` mapping. */
function declaredKeys(project: string, declared: unknown): string[] | undefined {
  if (!isRecord(declared)) return undefined;
  const prefix = `${project}:`;
  return Object.keys(declared)
    .filter((key) => !key.includes(":") || key.startsWith(prefix))
    .map((key) => (key.startsWith(prefix) ? key.slice(prefix.length) : key));
}

/**
 * Refuses keys of the project's namespace that Pulumi.yaml doesn't declare (a misspelt key must never silently
 * drop a setting), naming where each came from and the closest declared key.
 */
function checkDeclared(
  config: Record<string, string>,
  project: string,
  declared: readonly string[] | undefined,
  origins: ReadonlyMap<string, string>,
): void {
  if (declared === undefined) return;
  const problems = undeclaredKeys(Object.keys(config), project, declared).map(
    (found) => `${origins.get(found.key) ?? "Pulumi.yaml"}: ${found.key} ${undeclaredReason(found)}`,
  );
  if (problems.length > 0) throw new UsageError(problems.join("; "));
}

/**
 * Resolves the config a program sees for a stack, as `pulumi preview` would: Pulumi.yaml's project config,
 * then Pulumi.<stack>.yaml's `config:`, then `--config` overrides, all next to the program.
 *
 * @param requireStackFile when the user named the stack explicitly, its file must exist.
 */
export function resolveStackConfig(opts: {
  programDir: string;
  stack: string;
  overrides: string[];
  requireStackFile: boolean;
}): ResolvedStackConfig {
  const sources: string[] = [];
  const projectFile = path.join(opts.programDir, "Pulumi.yaml");
  let project = "openclaw";
  let config: Record<string, string> = {};
  let declared: string[] | undefined;
  /** Qualified key → where its value came from, for messages. */
  const origins = new Map<string, string>();
  if (fs.existsSync(projectFile)) {
    const doc = readYaml(projectFile);
    if (isRecord(doc) && typeof doc.name === "string" && doc.name !== "") project = doc.name;
    config = projectConfig(project, isRecord(doc) ? doc.config : undefined);
    declared = declaredKeys(project, isRecord(doc) ? doc.config : undefined);
    sources.push(projectFile);
  }

  const secureKeys: string[] = [];
  const stackFile = path.join(opts.programDir, `Pulumi.${opts.stack}.yaml`);
  if (fs.existsSync(stackFile)) {
    const doc = readYaml(stackFile);
    const entries = isRecord(doc) ? doc.config : undefined;
    if (entries !== undefined && entries !== null && !isRecord(entries)) {
      throw new UsageError(
        `${displayPath(stackFile)}: config must be a mapping of "namespace:key" to values`,
      );
    }
    for (const [key, value] of Object.entries(entries ?? {})) {
      const qualified = qualify(key, project);
      origins.set(qualified, displayPath(stackFile));
      if (isRecord(value) && typeof value.secure === "string") {
        config[qualified] = SECRET_PLACEHOLDER;
        secureKeys.push(qualified);
      } else if (value !== null && value !== undefined) {
        config[qualified] = encode(value);
      }
    }
    sources.push(stackFile);
  } else if (opts.requireStackFile) {
    throw new UsageError(`stack file ${displayPath(stackFile)} does not exist (--stack ${opts.stack})`);
  }

  for (const override of opts.overrides) {
    const { key, value } = parseConfigOverride(override);
    config[qualify(key, project)] = value;
    origins.set(qualify(key, project), `--config ${override}`);
  }
  checkDeclared(config, project, declared, origins);
  return { project, config, sources, secureKeys };
}

/** Parses one `--config key=value`; the key may be bare (project namespace) or "namespace:key". */
export function parseConfigOverride(raw: string): { key: string; value: string } {
  const eq = raw.indexOf("=");
  if (eq <= 0) {
    throw new UsageError(`--config "${raw}": expected key=value, e.g. --config aws:region=eu-west-1`);
  }
  const key = raw.slice(0, eq).trim();
  if (!/^[A-Za-z0-9_.-]+(:[A-Za-z0-9_.-]+)?$/.test(key)) {
    throw new UsageError(`--config "${raw}": key "${key}" must be "name" or "namespace:name"`);
  }
  return { key, value: raw.slice(eq + 1) };
}
