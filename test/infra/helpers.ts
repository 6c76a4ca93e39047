// Shared helpers for the infra tests: stack config loading, platform evaluation under the planner's
// mocks, and lookups over captured resources.
import * as fs from "node:fs";
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { parse } from "yaml";
import { readPlatformConfig } from "../../infra/config";
import { createPlatform } from "../../infra/platform";
import { evaluateProgram } from "../../src/plan/evaluate";
import type { CapturedResource, EvaluationResult } from "../../src/plan/types";

export const REPO_ROOT = path.resolve(__dirname, "../..");

/**
 * A stack file's config as the Pulumi CLI hands it to a program: "namespace:key" → string, with lists
 * and other structured values JSON-encoded. Project-level values from Pulumi.yaml (`value:` entries)
 * come first; the stack file overrides them.
 */
export function loadStackConfig(stack: string): Record<string, string> {
  const project = parse(fs.readFileSync(path.join(REPO_ROOT, "Pulumi.yaml"), "utf8")) as {
    config?: Record<string, unknown>;
  };
  const stackFile = parse(fs.readFileSync(path.join(REPO_ROOT, `Pulumi.${stack}.yaml`), "utf8")) as {
    config?: Record<string, unknown>;
  };
  const result: Record<string, string> = {};
  for (const [key, decl] of Object.entries(project.config ?? {})) {
    // A plain value (or `value:`) is a project-wide setting; a schema's `default` the engine applies
    // only as a default, which the program applies itself.
    if (!isRecord(decl)) result[key] = encode(decl);
    else if ("value" in decl) result[key] = encode(decl.value);
  }
  for (const [key, value] of Object.entries(stackFile.config ?? {})) result[key] = encode(value);
  return result;
}

function encode(value: unknown): string {
  return typeof value === "string" ? value : JSON.stringify(value);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

/** Evaluates the real program shape (config → createPlatform) under mocks for a stack's config. */
export function evaluatePlatform(
  stack: string,
  overrides: Record<string, string> = {},
  config: Record<string, string> = loadStackConfig(stack),
): Promise<EvaluationResult> {
  return evaluateProgram({
    program: () => createPlatform(readPlatformConfig(new pulumi.Config())),
    stack,
    config: { ...config, ...overrides },
  });
}

/** Evaluates a function program (e.g. one component) under mocks. */
export function evaluate(program: () => unknown, stack = "test"): Promise<EvaluationResult> {
  return evaluateProgram({ program, stack, config: { "aws:region": "us-east-1" } });
}

export function ofType(result: EvaluationResult, type: string): CapturedResource[] {
  return result.resources.filter((r) => r.type === type);
}

/** The one resource of a type (fails loudly when there are none or several). */
export function onlyOfType(result: EvaluationResult, type: string): CapturedResource {
  const found = ofType(result, type);
  if (found.length !== 1) {
    throw new Error(
      `expected exactly one ${type}, found ${found.length}: ${found.map((r) => r.name).join(", ")}`,
    );
  }
  return found[0] as CapturedResource;
}

export function named(result: EvaluationResult, name: string): CapturedResource {
  const found = result.resources.find((r) => r.name === name);
  if (!found)
    throw new Error(`no resource named ${name}; have ${result.resources.map((r) => r.name).join(", ")}`);
  return found;
}

/** Reads a nested input by dotted path, e.g. `mixedInstancesPolicy.instancesDistribution.onDemandBaseCapacity`. */
export function input(resource: CapturedResource, dotted: string): unknown {
  let value: unknown = resource.inputs;
  for (const part of dotted.split(".")) {
    if (value === null || typeof value !== "object") return undefined;
    value = (value as Record<string, unknown>)[part];
  }
  return value;
}

/** The id a resource's URN resolves to in another resource's inputs. */
export function resourceByUrn(result: EvaluationResult, urn: string): CapturedResource | undefined {
  return result.resources.find((r) => r.urn === urn);
}

/** A provider's inputs reach the engine JSON-encoded; decode `defaultTags` the way the engine would. */
export function providerDefaultTags(provider: CapturedResource): Record<string, string> {
  const raw = provider.inputs.defaultTags;
  const block = typeof raw === "string" ? (JSON.parse(raw) as unknown) : raw;
  const tags = isRecord(block) ? block.tags : undefined;
  const decoded = typeof tags === "string" ? (JSON.parse(tags) as unknown) : tags;
  return isRecord(decoded) ? (decoded as Record<string, string>) : {};
}

/**
 * Tags AWS would apply (`tagsAll`): the resource's provider's defaultTags overlaid with its own `tags`,
 * as the AWS provider merges them.
 */
export function effectiveTags(result: EvaluationResult, resource: CapturedResource): Record<string, string> {
  const providerUrn = resource.provider?.split("::").slice(0, -1).join("::");
  const provider = providerUrn ? resourceByUrn(result, providerUrn) : undefined;
  const defaults = provider ? providerDefaultTags(provider) : {};
  const own = isRecord(resource.inputs.tags) ? (resource.inputs.tags as Record<string, string>) : {};
  return { ...defaults, ...own };
}

/** Parses a JSON policy document input. */
export function policyDocument(
  resource: CapturedResource,
  key = "policy",
): { Statement: Record<string, unknown>[] } {
  const raw = resource.inputs[key];
  return (typeof raw === "string" ? JSON.parse(raw) : raw) as { Statement: Record<string, unknown>[] };
}

/**
 * Whether the AWS provider accepts `tags` on this type, read from the installed SDK's own resource class
 * (`resourceInputs["tags"] = args?.tags`), so the list can't go stale as resources are added.
 */
export function isTaggable(type: string): boolean {
  const match = /^aws:([a-zA-Z0-9]+)\/([a-zA-Z0-9]+):/.exec(type);
  if (!match) return false;
  const file = path.join(REPO_ROOT, "node_modules/@pulumi/aws", match[1] ?? "", `${match[2]}.js`);
  if (!fs.existsSync(file)) throw new Error(`no SDK source for ${type} at ${file}`);
  return fs.readFileSync(file, "utf8").includes('resourceInputs["tags"] = args?.tags');
}
