import type { SourceLocation } from "./errors";
/**
 * Shared shapes of the `openclaw plan` engine. Other parts of the repo (infra tests, policy tests) import
 * these, so they change only additively.
 */

/** One resource as the program registered it, in the shape the engine would hand to an analyzer. */
export interface CapturedResource {
  urn: string;
  type: string;
  name: string;
  /** false for ComponentResources (and the root `pulumi:pulumi:Stack`). */
  custom: boolean;
  /**
   * Plain JSON as the engine would send to an analyzer: secrets unwrapped, resource references replaced by
   * their id (custom) or URN (component), unknown values (preview only) left as Pulumi's unknown sentinel
   * string. Provider resources keep their inputs JSON-encoded, exactly as the SDK sends them.
   */
  inputs: Record<string, unknown>;
  /**
   * The same inputs as `pulumi preview --json` shows them: secrets as "[secret]", unknown values as
   * "[unknown]". Absent for resources the engine adds itself (default providers): `inputs` hide nothing there.
   */
  shownInputs?: Record<string, unknown>;
  /** Parent URN; top-level resources have the root stack as parent. */
  parent?: string;
  /**
   * Provider reference "<provider urn>::<id>": the provider the program named; with `defaultProviders`
   * (on in `openclaw plan`), for a custom resource that named none, its package's default provider
   * (`pulumi:providers:aws::default_7_48_0`), which the evaluation then adds as the engine does.
   */
  provider?: string;
  /** URNs this resource depends on (explicit `dependsOn` plus those implied by its inputs). */
  dependencies: string[];
  /** Input property name → URNs that property's value came from. */
  propertyDependencies?: Record<string, string[]>;
  /** The file and line that declared the resource (the SDK's source position, through source maps). */
  source?: SourceLocation;
}

export interface EvaluationResult {
  stack: string;
  project: string;
  resources: CapturedResource[];
  /** The program's stack outputs (a file's exports, or a function program's return value). */
  outputs: Record<string, unknown>;
}

export type EnforcementLevel = "advisory" | "mandatory" | "remediate" | "disabled";

export type PolicySeverity = "low" | "medium" | "high" | "critical";

export interface PolicyViolation {
  policy: string;
  packName?: string;
  enforcementLevel: EnforcementLevel;
  urn?: string;
  message: string;
  description?: string;
  /** The policy's `remediationSteps`: how to fix it. */
  remediation?: string;
  severity?: PolicySeverity;
}
