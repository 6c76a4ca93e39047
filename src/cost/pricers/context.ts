import type { AwsPriceTable } from "../prices";
import type { MonthlyRange, PricedResourceInput, ResourceCost } from "../types";
import type { UsageAssumptions } from "../usage";

/** What every pricer sees: the whole stack (for joins), the price table and the usage assumptions. */
export interface PricingContext {
  readonly byUrn: ReadonlyMap<string, PricedResourceInput>;
  readonly all: readonly PricedResourceInput[];
  readonly prices: AwsPriceTable;
  readonly usage: UsageAssumptions;
}

export type Pricer = (resource: PricedResourceInput, ctx: PricingContext) => ResourceCost | undefined;

export function cost(r: PricedResourceInput, monthly: MonthlyRange, basis: string): ResourceCost {
  return { urn: r.urn, type: r.type, name: r.name, monthly, basis };
}

export function flat(monthly: number): MonthlyRange {
  return { low: monthly, expected: monthly, high: monthly };
}

/** Resources of `type` that reference `target` (by dependency, as the engine records references). */
export function referencing(
  ctx: PricingContext,
  target: PricedResourceInput,
  type: string,
): PricedResourceInput[] {
  return ctx.all.filter((r) => r.type === type && (r.dependencies ?? []).includes(target.urn));
}

/** Resources of `type` that `source` references. */
export function referencedBy(
  ctx: PricingContext,
  source: PricedResourceInput,
  type: string,
): PricedResourceInput[] {
  return (source.dependencies ?? [])
    .map((urn) => ctx.byUrn.get(urn))
    .filter((r): r is PricedResourceInput => r !== undefined && r.type === type);
}
