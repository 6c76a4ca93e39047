import type { PlainObject } from "../../../policies/lib/values";
import type { AwsPriceTable } from "../prices";
import type { MonthlyRange, ResourceCost } from "../types";
import type { UsageAssumptions } from "../usage";

/**
 * The platform's cost levers. The savings report prices the stack once more with each turned off:
 * `spot` prices every instance On-Demand, `storage-tiering` keeps every byte in S3 Standard, `off-hours`
 * runs scheduled pools around the clock.
 */
export const LEVERS = ["spot", "storage-tiering", "off-hours"] as const;
export type Lever = (typeof LEVERS)[number];

/** A resource as the pricers read it: inputs normalised by the pack's value helpers (unknowns marked). */
export interface PricedResource {
  readonly urn: string;
  readonly type: string;
  readonly name: string;
  readonly inputs: PlainObject;
  readonly dependencies: readonly string[];
}

/** What every pricer sees: the whole stack (for joins), the price table and the usage assumptions. */
export interface PricingContext {
  readonly byUrn: ReadonlyMap<string, PricedResource>;
  readonly all: readonly PricedResource[];
  readonly prices: AwsPriceTable;
  readonly usage: UsageAssumptions;
  /** Levers priced as if the platform did not use them (the savings baseline). Empty for the real estimate. */
  readonly leversOff: ReadonlySet<Lever>;
}

export type Pricer = (resource: PricedResource, ctx: PricingContext) => ResourceCost | undefined;

export function cost(r: PricedResource, monthly: MonthlyRange, basis: string): ResourceCost {
  return { urn: r.urn, type: r.type, name: r.name, monthly, basis };
}

export function flat(monthly: number): MonthlyRange {
  return { low: monthly, expected: monthly, high: monthly };
}

/** Resources of `type` that reference `target` (by dependency, as the engine records references). */
export function referencing(ctx: PricingContext, target: PricedResource, type: string): PricedResource[] {
  return ctx.all.filter((r) => r.type === type && r.dependencies.includes(target.urn));
}

/** Resources of `type` that `source` references. */
export function referencedBy(ctx: PricingContext, source: PricedResource, type: string): PricedResource[] {
  return source.dependencies
    .map((urn) => ctx.byUrn.get(urn))
    .filter((r): r is PricedResource => r !== undefined && r.type === type);
}
