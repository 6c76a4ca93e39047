import type { PlanReport } from "../report";

/**
 * The JSON contract of `openclaw plan --format json` (docs/cli.md, "The JSON report"):
 * `{ stack, resources: [{ urn, type, name, inputs }], violations: [...], cost? }`, extended with `project`,
 * `parent`/`custom` per resource and a `summary`. `inputs` masks secrets and unknowns as `pulumi preview --json`.
 */
export function renderJson(report: PlanReport): string {
  const body = {
    stack: report.stack,
    project: report.project,
    resources: report.resources.map((r) => ({
      urn: r.urn,
      type: r.type,
      name: r.name,
      custom: r.custom,
      ...(r.parent ? { parent: r.parent } : {}),
      ...(r.inputs ? { inputs: r.inputs } : {}),
    })),
    violations: report.violations.map((v) => ({
      policy: v.policy,
      enforcementLevel: v.enforcementLevel,
      ...(v.urn ? { urn: v.urn } : {}),
      message: v.message,
      ...(v.packName ? { packName: v.packName } : {}),
      ...(v.description ? { description: v.description } : {}),
      ...(v.remediation ? { remediation: v.remediation } : {}),
      ...(v.severity ? { severity: v.severity } : {}),
    })),
    summary: {
      resources: report.summary.resources,
      violations: report.summary.violations,
      policiesRan: report.policies.ran,
    },
    ...(report.cost ? { cost: report.cost } : {}),
  };
  return `${JSON.stringify(body, null, 2)}\n`;
}
