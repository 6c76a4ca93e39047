import * as path from "node:path";
import { catalog } from "../../policies/policies";
import { analyzeResources } from "../../src/plan/analyze";
import { evaluateProgram } from "../../src/plan/evaluate";
import type { CapturedResource, PolicyViolation } from "../../src/plan/types";

/** The pack exactly as `pulumi preview --policy-pack policies` loads it. */
export const PACK_DIR = path.resolve(__dirname, "../../policies");

export interface Judgement {
  readonly resources: CapturedResource[];
  readonly violations: PolicyViolation[];
}

export interface JudgeOptions {
  readonly stack?: string;
  readonly preview?: boolean;
  /** Stack config ("aws:defaultTags" etc.); with defaultProviders the engine-style default providers get it. */
  readonly config?: Record<string, string>;
  readonly defaultProviders?: boolean;
  readonly policyConfig?: Record<string, unknown>;
}

/** Program → evaluateProgram (mocks) → analyzeResources (the pack over the analyzer gRPC protocol). */
export async function judge(program: () => unknown, opts: JudgeOptions = {}): Promise<Judgement> {
  const evaluation = await evaluateProgram({
    program,
    stack: opts.stack ?? "dev",
    preview: opts.preview ?? false,
    ...(opts.config ? { config: opts.config } : {}),
    ...(opts.defaultProviders ? { defaultProviders: true } : {}),
  });
  const violations = await analyzeResources(evaluation.resources, {
    packDir: PACK_DIR,
    ...(opts.policyConfig ? { policyConfig: opts.policyConfig } : {}),
  });
  return { resources: evaluation.resources, violations };
}

/** The resource name at the end of a URN ("…::name"). */
export function nameOf(urn: string | undefined): string {
  return urn === undefined ? "<stack>" : urn.slice(urn.lastIndexOf("::") + 2);
}

/** Names of the policies in one family. */
export function familyPolicies(family: string): string[] {
  return catalog.filter((entry) => entry.family === family).map((entry) => entry.policy.name);
}

/** "policy → resource name: message" lines for the given policies, sorted, for exact comparisons. */
export function findings(violations: PolicyViolation[], policies: readonly string[]): string[] {
  return violations
    .filter((v) => policies.includes(v.policy))
    .map((v) => `${v.policy} → ${nameOf(v.urn)}: ${v.message}`)
    .sort();
}

/** "policy → resource name" pairs (no message), sorted. */
export function flagged(violations: PolicyViolation[], policies: readonly string[]): string[] {
  return [
    ...new Set(
      violations.filter((v) => policies.includes(v.policy)).map((v) => `${v.policy} → ${nameOf(v.urn)}`),
    ),
  ].sort();
}
