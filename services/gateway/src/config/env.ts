/**
 * `${ENV}` interpolation over a parsed YAML tree. Runs before validation so the schema sees real values;
 * a missing variable is an error naming the variable and the field that asked for it.
 */
import { formatPath } from "./issues";

const REFERENCE = /\$\{([A-Za-z_][A-Za-z0-9_]*)\}/g;

export class ConfigError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`Invalid gateway config:\n  - ${problems.join("\n  - ")}`);
    this.name = "ConfigError";
  }
}

export function interpolateEnv(tree: unknown, env: NodeJS.ProcessEnv): unknown {
  const missing: string[] = [];
  const walk = (value: unknown, path: PropertyKey[]): unknown => {
    if (typeof value === "string") {
      return value.replace(REFERENCE, (_whole, name: string) => {
        const found = env[name];
        if (found === undefined || found === "") {
          missing.push(`${formatPath(path) || "(root)"}: environment variable ${name} is not set`);
          return "";
        }
        return found;
      });
    }
    if (Array.isArray(value)) return value.map((item, i) => walk(item, [...path, i]));
    if (value !== null && typeof value === "object") {
      const out: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(value)) out[k] = walk(v, [...path, k]);
      return out;
    }
    return value;
  };
  const result = walk(tree, []);
  if (missing.length > 0) throw new ConfigError(missing);
  return result;
}
