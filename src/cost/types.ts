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

export interface CostReport {
  readonly currency: "USD";
  readonly monthly: MonthlyRange;
  readonly byResource: ResourceCost[];
  /** Usage figures assumed where the bill depends on traffic (GB out, GB stored...). */
  readonly assumptions: string[];
  readonly priceTable: { readonly source: string; readonly retrieved: string; readonly region: string };
  /** Set when the stack's region is not the price table's: figures are then approximate. */
  readonly regionNote?: string;
  readonly budget?: { readonly monthlyUsd: number; readonly exceeded: boolean };
}
