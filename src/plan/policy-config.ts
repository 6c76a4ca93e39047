import Ajv from "ajv";
import { PolicyPackError } from "./errors";
import type { EnforcementLevel, PolicySeverity } from "./types";

const LEVELS: readonly EnforcementLevel[] = ["advisory", "mandatory", "remediate", "disabled"];

/** What GetAnalyzerInfo says about one policy. */
export interface PolicyDescriptor {
  name: string;
  description: string;
  enforcementLevel: EnforcementLevel;
  /** JSON-schema `properties` of the policy's config, if it has any. */
  configProperties?: Record<string, unknown>;
  required?: string[];
  /** How to fix a violation, from the policy's `remediationSteps`. */
  remediationSteps?: string;
  severity?: PolicySeverity;
}

/** One policy's entry in a config source: an enforcement level, properties, or both. */
export interface PolicyConfigEntry {
  enforcementLevel?: EnforcementLevel;
  properties: Record<string, unknown>;
}

export interface ReconciledPolicyConfig {
  enforcementLevel: EnforcementLevel;
  properties: Record<string, unknown>;
}

function isLevel(value: unknown): value is EnforcementLevel {
  return typeof value === "string" && (LEVELS as readonly string[]).includes(value);
}

/**
 * Parses a policy config file in the format of `pulumi preview --policy-pack-config`:
 * `{ "all": "mandatory", "<policy>": "advisory" | { "enforcementLevel"?: ..., "<property>": ... } }`.
 */
export function parsePolicyConfig(raw: unknown, source: string): Record<string, PolicyConfigEntry> {
  if (raw === null || typeof raw !== "object" || Array.isArray(raw)) {
    throw new PolicyPackError(`${source}: policy config must be a JSON object keyed by policy name`);
  }
  const parsed: Record<string, PolicyConfigEntry> = {};
  for (const [policy, value] of Object.entries(raw as Record<string, unknown>)) {
    if (typeof value === "string") {
      if (!isLevel(value)) {
        throw new PolicyPackError(
          `${source}: ${policy}: enforcement level "${value}" is not one of ${LEVELS.join(", ")}`,
        );
      }
      parsed[policy] = { enforcementLevel: value, properties: {} };
      continue;
    }
    if (value === null || typeof value !== "object" || Array.isArray(value)) {
      throw new PolicyPackError(
        `${source}: ${policy}: expected an enforcement level or an object, got ${JSON.stringify(value)}`,
      );
    }
    const { enforcementLevel, ...properties } = value as Record<string, unknown>;
    if (enforcementLevel !== undefined && !isLevel(enforcementLevel)) {
      throw new PolicyPackError(
        `${source}: ${policy}.enforcementLevel: "${String(enforcementLevel)}" is not one of ${LEVELS.join(", ")}`,
      );
    }
    parsed[policy] = enforcementLevel === undefined ? { properties } : { enforcementLevel, properties };
  }
  return parsed;
}

function schemaDefaults(properties: Record<string, unknown> | undefined): Record<string, unknown> {
  const defaults: Record<string, unknown> = {};
  for (const [key, schema] of Object.entries(properties ?? {})) {
    if (schema !== null && typeof schema === "object" && "default" in schema) {
      defaults[key] = (schema as { default: unknown }).default;
    }
  }
  return defaults;
}

/**
 * Reconciles a pack's config the way the Pulumi engine does before calling Configure: each policy starts
 * from its own enforcement level and its schema's defaults, then the pack's initial config, then the user's
 * config, with an `all` entry applying to every policy before the policy's own entry. The result is
 * validated against each policy's schema.
 *
 * Stricter than the engine on one point: a user entry for a policy the pack does not have, or a property
 * the policy's schema does not declare, is an error (a typo must not silently switch a check off).
 *
 * @throws PolicyPackError naming the policy and the field.
 */
export function reconcilePolicyConfig(
  policies: PolicyDescriptor[],
  initial: Record<string, PolicyConfigEntry>,
  user: Record<string, PolicyConfigEntry>,
  source = "policy config",
): Record<string, ReconciledPolicyConfig> {
  const known = new Set(policies.map((p) => p.name));
  for (const name of Object.keys(user)) {
    if (name !== "all" && !known.has(name)) {
      throw new PolicyPackError(
        `${source}: unknown policy "${name}"; the pack has: ${[...known].sort().join(", ") || "(no policies)"}`,
      );
    }
  }
  const userAll = user.all;
  if (userAll && Object.keys(userAll.properties).length > 0) {
    throw new PolicyPackError(`${source}: all: only an enforcement level is allowed for "all"`);
  }

  const ajv = new Ajv({ allErrors: false, strict: false });
  const reconciled: Record<string, ReconciledPolicyConfig> = {};
  for (const policy of policies) {
    const layers = [initial.all, initial[policy.name], userAll, user[policy.name]];
    const enforcementLevel =
      layers.reduce<EnforcementLevel | undefined>(
        (level, layer) => layer?.enforcementLevel ?? level,
        undefined,
      ) ?? policy.enforcementLevel;
    const properties: Record<string, unknown> = {
      ...schemaDefaults(policy.configProperties),
      ...initial[policy.name]?.properties,
      ...user[policy.name]?.properties,
    };
    validateProperties(ajv, policy, properties, user[policy.name]?.properties ?? {}, source);
    reconciled[policy.name] = { enforcementLevel, properties };
  }
  return reconciled;
}

function validateProperties(
  ajv: Ajv,
  policy: PolicyDescriptor,
  properties: Record<string, unknown>,
  fromUser: Record<string, unknown>,
  source: string,
): void {
  const declared = policy.configProperties ?? {};
  for (const key of Object.keys(fromUser)) {
    if (!(key in declared)) {
      const allowed = Object.keys(declared);
      throw new PolicyPackError(
        `${source}: ${policy.name}.${key}: policy "${policy.name}" has no config property "${key}"` +
          (allowed.length > 0 ? `; it accepts: ${allowed.join(", ")}` : "; it takes no config"),
      );
    }
  }
  if (Object.keys(declared).length === 0 && (policy.required ?? []).length === 0) return;
  const validate = ajv.compile({ type: "object", properties: declared, required: policy.required ?? [] });
  if (validate(properties)) return;
  const error = validate.errors?.[0];
  const missing = error?.keyword === "required" ? String(error.params.missingProperty) : undefined;
  const field = missing ?? (error?.instancePath.replace(/^\//, "").replaceAll("/", ".") || "(config)");
  const value = missing === undefined ? ` value ${JSON.stringify(lookup(properties, field))}` : "";
  throw new PolicyPackError(`${source}: ${policy.name}.${field}:${value} ${error?.message ?? "is invalid"}`);
}

function lookup(properties: Record<string, unknown>, dotted: string): unknown {
  let current: unknown = properties;
  for (const part of dotted.split(".")) {
    if (current === null || typeof current !== "object") return undefined;
    current = (current as Record<string, unknown>)[part];
  }
  return current;
}
