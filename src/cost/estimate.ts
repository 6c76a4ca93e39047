import { normalize } from "../../policies/lib/values";
import { priceCacheCluster, priceReplicationGroup } from "./pricers/cache";
import { priceAutoscalingGroup, priceInstance } from "./pricers/compute";
import { LEVERS, type Lever, type PricedResource, type Pricer, type PricingContext } from "./pricers/context";
import { priceDistribution, priceWebAcl } from "./pricers/edge";
import { priceDashboard, priceMetricAlarm } from "./pricers/monitoring";
import { priceEksCluster, priceElasticIp, priceLoadBalancer, priceNatGateway } from "./pricers/network";
import { priceBucket, priceKmsKey, priceLogGroup } from "./pricers/storage";
import { type AwsPriceTable, DEFAULT_REGION, pricesFor } from "./prices";
import { round2 } from "./read";
import type {
  BudgetBasis,
  BudgetVerdict,
  CostReport,
  LeverSaving,
  MonthlyRange,
  PricedResourceInput,
  ResourceCost,
  Saving,
} from "./types";
import { defaultUsage, describeUsage, type UsageAssumptions } from "./usage";

/** Resource types that cost money by the hour or by the GB. Everything else is free or not modelled. */
export const pricers: Readonly<Record<string, Pricer>> = {
  "aws:autoscaling/group:Group": priceAutoscalingGroup,
  "aws:ec2/instance:Instance": priceInstance,
  "aws:ec2/natGateway:NatGateway": priceNatGateway,
  "aws:ec2/eip:Eip": priceElasticIp,
  "aws:lb/loadBalancer:LoadBalancer": priceLoadBalancer,
  "aws:alb/loadBalancer:LoadBalancer": priceLoadBalancer,
  "aws:eks/cluster:Cluster": priceEksCluster,
  "aws:s3/bucket:Bucket": priceBucket,
  "aws:s3/bucketV2:BucketV2": priceBucket,
  "aws:cloudwatch/logGroup:LogGroup": priceLogGroup,
  "aws:kms/key:Key": priceKmsKey,
  "aws:cloudfront/distribution:Distribution": priceDistribution,
  "aws:wafv2/webAcl:WebAcl": priceWebAcl,
  "aws:elasticache/replicationGroup:ReplicationGroup": priceReplicationGroup,
  "aws:elasticache/cluster:Cluster": priceCacheCluster,
  "aws:cloudwatch/metricAlarm:MetricAlarm": priceMetricAlarm,
  "aws:cloudwatch/dashboard:Dashboard": priceDashboard,
};

export interface EstimateOptions {
  /** The stack's region (`aws:region`); picks the price table. @default "us-east-1" */
  readonly region?: string;
  readonly usage?: Partial<UsageAssumptions>;
  /** A price table to use instead of the region's (tests). */
  readonly prices?: AwsPriceTable;
  /** `openclaw:monthlyBudgetUsd`: the monthly cost (expected, or high) must stay at or under it. */
  readonly monthlyBudgetUsd?: number;
  /** Which end of the range the budget holds. @default "expected" */
  readonly budgetBasis?: BudgetBasis;
}

const roundRange = (m: MonthlyRange): MonthlyRange => ({
  low: round2(m.low),
  expected: round2(m.expected),
  high: round2(m.high),
});

function priceAll(ctx: PricingContext): ResourceCost[] {
  const lines: ResourceCost[] = [];
  for (const r of ctx.all) {
    const pricer = Object.hasOwn(pricers, r.type) ? pricers[r.type] : undefined;
    const line = pricer?.(r, ctx);
    if (line) lines.push({ ...line, monthly: roundRange(line.monthly) });
  }
  return lines;
}

function total(lines: readonly ResourceCost[]): MonthlyRange {
  return roundRange(
    lines.reduce<MonthlyRange>(
      (acc, l) => ({
        low: acc.low + l.monthly.low,
        expected: acc.expected + l.monthly.expected,
        high: acc.high + l.monthly.high,
      }),
      { low: 0, expected: 0, high: 0 },
    ),
  );
}

export function saving(baselineMonthly: number, expectedMonthly: number): Saving {
  const baseline = round2(baselineMonthly);
  const expected = round2(expectedMonthly);
  const percent = baseline > 0 ? Math.round(((baseline - expected) / baseline) * 1000) / 10 : 0;
  return { baselineMonthly: baseline, expectedMonthly: expected, percent };
}

/**
 * A lever's saving over the resources it changes: each priced with the lever off (baseline) and as
 * configured (expected). Undefined when the lever changes nothing in this stack.
 */
function leverSaving(
  lever: Lever,
  ctx: PricingContext,
  actual: readonly ResourceCost[],
): LeverSaving | undefined {
  const without = new Map(priceAll({ ...ctx, leversOff: new Set([lever]) }).map((l) => [l.urn, l]));
  let baseline = 0;
  let expected = 0;
  for (const line of actual) {
    const off = without.get(line.urn);
    if (!off || off.monthly.expected === line.monthly.expected) continue;
    baseline += off.monthly.expected;
    expected += line.monthly.expected;
  }
  return baseline === 0 ? undefined : { lever, ...saving(baseline, expected) };
}

/** Holds a monthly range against a budget: `expected` by default, or the `high` end. */
export function budgetVerdict(
  monthly: MonthlyRange,
  monthlyUsd: number,
  basis: BudgetBasis = "expected",
): BudgetVerdict {
  const figure = monthly[basis];
  return { monthlyUsd, basis, monthly: figure, exceeded: figure > monthlyUsd };
}

/** The `n` resources with the largest expected monthly cost, largest first. */
export function topCostDrivers(report: CostReport, n: number): ResourceCost[] {
  return [...report.byResource].sort((a, b) => b.monthly.expected - a.monthly.expected).slice(0, n);
}

/**
 * Prices a captured stack: one line per billable resource, a total range, what the platform's levers
 * save against the same stack without them, and every assumption made.
 *
 * @throws UnknownRegionError when the region has no price table.
 */
export function estimateCost(
  resources: readonly PricedResourceInput[],
  opts: EstimateOptions = {},
): CostReport {
  const prices = opts.prices ?? pricesFor(opts.region ?? DEFAULT_REGION);
  const usage: UsageAssumptions = { ...defaultUsage, ...opts.usage };
  const all: PricedResource[] = resources.map((r) => ({
    urn: r.urn,
    type: r.type,
    name: r.name,
    inputs: normalize(r.inputs),
    dependencies: r.dependencies ?? [],
  }));
  const ctx: PricingContext = {
    byUrn: new Map(all.map((r) => [r.urn, r])),
    all,
    prices,
    usage,
    leversOff: new Set(),
  };
  const byResource = priceAll(ctx);
  const monthly = total(byResource);
  const baseline = total(priceAll({ ...ctx, leversOff: new Set(LEVERS) }));
  const levers = LEVERS.map((lever) => leverSaving(lever, ctx, byResource)).filter(
    (s): s is LeverSaving => s !== undefined,
  );
  return {
    currency: "USD",
    monthly,
    byResource,
    savings: { ...saving(baseline.expected, monthly.expected), levers },
    assumptions: [`${prices.hoursPerMonth} hours per month`, ...describeUsage(usage)],
    priceTable: { source: prices.source, retrieved: prices.retrieved, region: prices.region },
    ...(opts.monthlyBudgetUsd === undefined
      ? {}
      : { budget: budgetVerdict(monthly, opts.monthlyBudgetUsd, opts.budgetBasis) }),
  };
}
