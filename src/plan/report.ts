import type { CostComparison } from "../cost/compare";
import type { BudgetVerdict, Savings } from "../cost/types";
import type { SourceLocation } from "./errors";
import type { CapturedResource, EnforcementLevel, EvaluationResult, PolicyViolation } from "./types";

/** Monthly cost as a range, USD. */
export interface CostRange {
  expected: number;
  low: number;
  high: number;
}

/**
 * The cost seam: a cost model fills this from the same resource list. The planner itself never invents
 * prices; without a model the section is absent.
 */
export interface CostSection {
  currency: "USD";
  monthly: CostRange;
  byResource: Array<{ urn: string; monthly: CostRange; basis: string }>;
  /** The same stack priced without the platform's levers, whole and per lever. */
  savings?: Savings;
  /** A configured budget and the cost model's verdict; the `cost-monthly-budget` policy enforces it. */
  budget?: BudgetVerdict;
  /** Usage figures the model assumed where the bill depends on traffic. */
  assumptions?: string[];
  /** Where the prices come from. */
  priceTable?: { source: string; retrieved: string; region: string };
  /** Set with `--compare`: the change against an earlier plan's JSON report. */
  compare?: CostComparison;
}

export interface ReportResource {
  urn: string;
  type: string;
  name: string;
  custom: boolean;
  parent?: string;
  /** What the program gave the resource, secrets and unknowns masked (`CapturedResource.shownInputs`). */
  inputs?: Record<string, unknown>;
  /** The file and line that declared the resource, when the SDK reported it. */
  source?: SourceLocation;
}

export interface PolicyRunInfo {
  /** false when `--no-policies` was given or no pack was found. */
  ran: boolean;
  packDir?: string;
  packName?: string;
  packVersion?: string;
  /** How many policies the pack has (disabled ones included). */
  policyCount?: number;
}

/** Everything a reporter needs, built once per plan. */
export interface PlanReport {
  stack: string;
  project: string;
  /** The evaluated program, relative to the working directory when inside it. */
  program: string;
  resources: ReportResource[];
  violations: PolicyViolation[];
  policies: PolicyRunInfo;
  summary: {
    resources: number;
    custom: number;
    components: number;
    byType: Array<{ type: string; count: number }>;
    violations: Record<Exclude<EnforcementLevel, "disabled">, number>;
  };
  cost?: CostSection;
}

export interface BuildReportInput {
  evaluation: EvaluationResult;
  program: string;
  violations: PolicyViolation[];
  policies: PolicyRunInfo;
  cost?: CostSection;
}

export function buildReport(input: BuildReportInput): PlanReport {
  const resources = input.evaluation.resources.map(toReportResource);
  const counts = new Map<string, number>();
  for (const r of resources) counts.set(r.type, (counts.get(r.type) ?? 0) + 1);
  const byType = [...counts.entries()]
    .map(([type, count]) => ({ type, count }))
    .sort((a, b) => b.count - a.count || a.type.localeCompare(b.type));
  const violations = { mandatory: 0, advisory: 0, remediate: 0 };
  for (const v of input.violations)
    if (v.enforcementLevel !== "disabled") violations[v.enforcementLevel] += 1;
  const report: PlanReport = {
    stack: input.evaluation.stack,
    project: input.evaluation.project,
    program: input.program,
    resources,
    violations: input.violations,
    policies: input.policies,
    summary: {
      resources: resources.length,
      custom: resources.filter((r) => r.custom).length,
      components: resources.filter((r) => !r.custom).length,
      byType,
      violations,
    },
  };
  if (input.cost) report.cost = input.cost;
  return report;
}

function toReportResource(r: CapturedResource): ReportResource {
  const out: ReportResource = { urn: r.urn, type: r.type, name: r.name, custom: r.custom };
  if (r.parent) out.parent = r.parent;
  out.inputs = r.shownInputs ?? r.inputs;
  if (r.source) out.source = r.source;
  return out;
}

/**
 * Exit status of a plan: 1 when a mandatory violation blocks it, else 0. The budget is the pack's
 * `cost-monthly-budget` policy; only when no pack ran does the cost model's own verdict block.
 */
export function planExitCode(report: PlanReport): 0 | 1 {
  return planBlocked(report) ? 1 : 0;
}

/** Whether a plan is blocked (see {@link planExitCode}); every reporter's verdict uses it. */
export function planBlocked(report: PlanReport): boolean {
  if (report.summary.violations.mandatory > 0) return true;
  return !report.policies.ran && report.cost?.budget?.exceeded === true;
}

export interface ResourceTreeNode {
  resource: ReportResource;
  children: ResourceTreeNode[];
}

/** Resources as a forest by parent; a resource whose parent was not captured becomes a root. */
export function resourceTree(resources: ReportResource[]): ResourceTreeNode[] {
  const nodes = new Map(resources.map((r) => [r.urn, { resource: r, children: [] as ResourceTreeNode[] }]));
  const roots: ResourceTreeNode[] = [];
  for (const node of nodes.values()) {
    const parent = node.resource.parent ? nodes.get(node.resource.parent) : undefined;
    if (parent) parent.children.push(node);
    else roots.push(node);
  }
  return roots;
}

/** Violations grouped by policy, in first-seen order. */
export function violationsByPolicy(violations: PolicyViolation[]): Array<[string, PolicyViolation[]]> {
  const groups = new Map<string, PolicyViolation[]>();
  for (const v of violations) {
    const group = groups.get(v.policy) ?? [];
    group.push(v);
    groups.set(v.policy, group);
  }
  return [...groups.entries()];
}

const indexes = new WeakMap<PlanReport, Map<string, ReportResource>>();

/** The report's resources by URN (built once per report). */
export function resourceIndex(report: PlanReport): Map<string, ReportResource> {
  let index = indexes.get(report);
  if (!index) {
    index = new Map(report.resources.map((r) => [r.urn, r]));
    indexes.set(report, index);
  }
  return index;
}

/** "name (type)" for a URN, or "(stack)" when a stack policy reported without one. */
export function describeUrn(report: PlanReport, urn: string | undefined): string {
  if (!urn) return "(stack)";
  const resource = resourceIndex(report).get(urn);
  return resource ? `${resource.name} (${resource.type})` : urn;
}
