import type { PolicyConfigSchema } from "@pulumi/policy";
import type { PolicyConfigJSONSchema } from "@pulumi/policy/schema";
import Ajv, { type ErrorObject, type ValidateFunction } from "ajv";

/**
 * Policy config validation. The Pulumi engine checks config against each policy's schema but allows unknown
 * keys, so a typo (`minSpotPercnt: 80`) would silently leave the default in force. Each policy therefore
 * re-validates its own config strictly (no unknown keys) the first time it runs and fails the run with a message
 * naming the policy, the field, the value and what is allowed. Defaults from the schema are applied here too,
 * so a runner that does not reconcile config still sees them.
 */

const ajv = new Ajv({ allErrors: true, strict: false });
const validators = new Map<string, ValidateFunction>();

/** Thrown for bad policy config; the analyzer reports it as an error for the whole run. */
export class PolicyConfigError extends Error {
  constructor(policy: string, problems: string[]) {
    super(`invalid config for policy "${policy}": ${problems.join("; ")}`);
    this.name = "PolicyConfigError";
  }
}

function describe(error: ErrorObject, data: unknown, schema: PolicyConfigSchema): string {
  const field = error.instancePath.replace(/^\//, "").replace(/\//g, ".");
  if (error.keyword === "additionalProperties") {
    const extra = String((error.params as { additionalProperty: string }).additionalProperty);
    const where = field === "" ? "" : ` in "${field}"`;
    const allowed = field === "" ? ` (allowed: ${Object.keys(schema.properties).join(", ")})` : "";
    return `unknown field "${extra}"${where}${allowed}`;
  }
  const value = field === "" ? data : pick(data, field.split("."));
  return `field "${field}" ${error.message ?? "is invalid"}, got ${JSON.stringify(value)}`;
}

function pick(data: unknown, path: string[]): unknown {
  let current = data;
  for (const step of path) {
    if (current === null || typeof current !== "object") return undefined;
    current = (current as Record<string, unknown>)[step];
  }
  return current;
}

function validatorFor(policy: string, schema: PolicyConfigSchema): ValidateFunction {
  let validate = validators.get(policy);
  if (!validate) {
    validate = ajv.compile({
      type: "object",
      properties: schema.properties,
      required: schema.required ?? [],
      additionalProperties: false,
    });
    validators.set(policy, validate);
  }
  return validate;
}

/** Schema defaults overlaid with the given config (enforcementLevel is the SDK's business, never ours). */
export function withDefaults(schema: PolicyConfigSchema, given: object): Record<string, unknown> {
  const result: Record<string, unknown> = {};
  for (const [key, property] of Object.entries(schema.properties)) {
    if (property.default !== undefined) result[key] = structuredClone(property.default);
  }
  for (const [key, value] of Object.entries(given)) {
    if (key !== "enforcementLevel" && value !== undefined) result[key] = value;
  }
  return result;
}

/** Validates a policy's config strictly and returns it with defaults applied; throws PolicyConfigError. */
export function resolveConfig<T>(policy: string, schema: PolicyConfigSchema, given: object): T {
  const config = withDefaults(schema, given);
  const validate = validatorFor(policy, schema);
  if (!validate(config)) {
    const problems = (validate.errors ?? []).map((error) => describe(error, config, schema));
    throw new PolicyConfigError(policy, [...new Set(problems)]);
  }
  return config as T;
}

/** Config schema fragment shared by the environment-aware policies. */
export const environmentProperty: PolicyConfigJSONSchema = {
  type: "string",
  enum: ["dev", "staging", "prod"],
  description:
    "Environment to assume for resources whose tags (merged with provider defaultTags) carry no environment tag.",
};

/** Shared fragment: name of the tag that carries the environment. */
export const environmentTagProperty: PolicyConfigJSONSchema = {
  type: "string",
  default: "environment",
  description: "Tag key that carries the environment.",
};
