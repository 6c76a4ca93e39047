import type { Lever } from "./pricers/context";

/** Monthly USD as a range: `low` (minimum capacity, best spot price), `expected`, `high` (max capacity). */
export interface MonthlyRange {
  readonly low: number;
  readonly expected: number;
  readonly high: number;
}

/** The part of a captured resource the cost model reads (structurally a plan `CapturedResource`). */
export interface PricedResourceInput {
  readonly urn: string;
  readonly type: string;
  readonly name: string;
  readonly inputs: Record<string, unknown>;
  readonly dependencies?: readonly string[];
  readonly propertyDependencies?: Record<string, readonly string[]>;
}

export interface ResourceCost {
  readonly urn: string;
  readonly type: string;
  readonly name: string;
  readonly monthly: MonthlyRange;
  /** How the figure was reached, e.g. "2 x m6i.large on-demand + 0-6 spot, 730 h". */
  readonly basis: string;
}

/** Expected monthly cost with and without a lever (or all of them), and the share saved. */
export interface Saving {
  /** Expected monthly cost priced without the lever(s). */
  readonly baselineMonthly: number;
  /** Expected monthly cost as configured. */
  readonly expectedMonthly: number;
  /** (baseline - expected) / baseline, in percent with one decimal; 0 when the baseline is 0. */
  readonly percent: number;
}

export interface LeverSaving extends Saving {
  readonly lever: Lever;
}

/** What the platform's levers save: the whole stack, then each lever over the resources it touches. */
export interface Savings extends Saving {
  readonly levers: LeverSaving[];
}

/** Which end of the range a budget is held against. */
export type BudgetBasis = "expected" | "high";

export interface BudgetVerdict {
  readonly monthlyUsd: number;
  readonly basis: BudgetBasis;
  /** The monthly figure compared with the budget. */
  readonly monthly: number;
  readonly exceeded: boolean;
}

export interface CostReport {
  readonly currency: "USD";
  readonly monthly: MonthlyRange;
  readonly byResource: ResourceCost[];
  readonly savings: Savings;
  /** Usage figures assumed where the bill depends on traffic (GB out, GB stored...). */
  readonly assumptions: string[];
  readonly priceTable: { readonly source: string; readonly retrieved: string; readonly region: string };
  readonly budget?: BudgetVerdict;
}
