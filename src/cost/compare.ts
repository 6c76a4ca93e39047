import { z } from "zod";
import { round2 } from "./read";

/** One resource whose expected monthly cost differs from the baseline plan's. */
export interface ResourceCostChange {
  readonly urn: string;
  readonly name: string;
  readonly change: "added" | "removed" | "changed";
  readonly deltaMonthly: number;
}

/** `cost.compare`: this plan's expected monthly cost against an earlier plan's (e.g. the base branch). */
export interface CostComparison {
  readonly baselineMonthly: number;
  readonly monthly: number;
  readonly deltaMonthly: number;
  /** Largest change first; resources whose cost did not change are left out. */
  readonly byResource: ResourceCostChange[];
}

/** The part of a plan's JSON report (`--format json`) a comparison reads. */
export interface ComparableCost {
  readonly monthly: { readonly expected: number };
  readonly byResource: ReadonlyArray<{
    readonly urn: string;
    readonly monthly: { readonly expected: number };
  }>;
}

const comparableCost = z.object({
  monthly: z.object({ expected: z.number() }),
  byResource: z.array(z.object({ urn: z.string(), monthly: z.object({ expected: z.number() }) })),
});
const comparableReport = z.object({ cost: comparableCost });

/**
 * Reads the cost section of a JSON plan report.
 * @throws Error saying what is missing, e.g. "cost.monthly.expected: expected number".
 */
export function parseComparableReport(text: string): ComparableCost {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    throw new Error(`not a JSON plan report: ${(error as Error).message}`);
  }
  const parsed = comparableReport.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue?.path.join(".") || "(root)";
    throw new Error(
      `not a JSON plan report with a cost section (openclaw plan --format json): ${where}: ${issue?.message}`,
    );
  }
  return parsed.data.cost;
}

/** The last URN segment: the resource's name. */
function nameOf(urn: string): string {
  return urn.split("::").pop() ?? urn;
}

/** Per-resource and total change of the expected monthly cost between two plans. */
export function compareCosts(baseline: ComparableCost, current: ComparableCost): CostComparison {
  const before = new Map(baseline.byResource.map((r) => [r.urn, r.monthly.expected]));
  const after = new Map(current.byResource.map((r) => [r.urn, r.monthly.expected]));
  const changes: ResourceCostChange[] = [];
  for (const [urn, now] of after) {
    const was = before.get(urn);
    if (was === undefined)
      changes.push({ urn, name: nameOf(urn), change: "added", deltaMonthly: round2(now) });
    else if (round2(now - was) !== 0)
      changes.push({ urn, name: nameOf(urn), change: "changed", deltaMonthly: round2(now - was) });
  }
  for (const [urn, was] of before) {
    if (!after.has(urn))
      changes.push({ urn, name: nameOf(urn), change: "removed", deltaMonthly: round2(-was) });
  }
  changes.sort((a, b) => Math.abs(b.deltaMonthly) - Math.abs(a.deltaMonthly) || a.urn.localeCompare(b.urn));
  return {
    baselineMonthly: round2(baseline.monthly.expected),
    monthly: round2(current.monthly.expected),
    deltaMonthly: round2(current.monthly.expected - baseline.monthly.expected),
    byResource: changes,
  };
}
