import { priceCacheCluster, priceReplicationGroup } from "./pricers/cache";
import { priceAutoscalingGroup, priceInstance } from "./pricers/compute";
import type { Pricer, PricingContext } from "./pricers/context";
import { priceDistribution, priceWebAcl } from "./pricers/edge";
import { priceDashboard, priceMetricAlarm } from "./pricers/monitoring";
import { priceEksCluster, priceElasticIp, priceLoadBalancer, priceNatGateway } from "./pricers/network";
import { priceBucket, priceKmsKey, priceLogGroup } from "./pricers/storage";
import { type AwsPriceTable, awsPrices } from "./prices";
import { round2 } from "./read";
import type { CostReport, MonthlyRange, PricedResourceInput, ResourceCost } from "./types";
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
  /** The stack's region (`aws:region`); the table is for one region and says so when they differ. */
  readonly region?: string;
  readonly usage?: Partial<UsageAssumptions>;
  readonly prices?: AwsPriceTable;
  /** `openclaw:monthlyBudgetUsd`: the expected monthly cost must stay at or under it. */
  readonly monthlyBudgetUsd?: number;
}

const roundRange = (m: MonthlyRange): MonthlyRange => ({
  low: round2(m.low),
  expected: round2(m.expected),
  high: round2(m.high),
});

/** Prices a captured stack: one line per billable resource, a total range, and every assumption made. */
export function estimateCost(
  resources: readonly PricedResourceInput[],
  opts: EstimateOptions = {},
): CostReport {
  const prices = opts.prices ?? awsPrices;
  const usage: UsageAssumptions = { ...defaultUsage, ...opts.usage };
  const ctx: PricingContext = {
    byUrn: new Map(resources.map((r) => [r.urn, r])),
    all: resources,
    prices,
    usage,
  };
  const byResource: ResourceCost[] = [];
  for (const r of resources) {
    const pricer = Object.hasOwn(pricers, r.type) ? pricers[r.type] : undefined;
    const line = pricer?.(r, ctx);
    if (line) byResource.push({ ...line, monthly: roundRange(line.monthly) });
  }
  const total = byResource.reduce<MonthlyRange>(
    (acc, l) => ({
      low: acc.low + l.monthly.low,
      expected: acc.expected + l.monthly.expected,
      high: acc.high + l.monthly.high,
    }),
    { low: 0, expected: 0, high: 0 },
  );
  const monthly = roundRange(total);
  const region = opts.region;
  return {
    currency: "USD",
    monthly,
    byResource,
    assumptions: [`${prices.hoursPerMonth} hours per month`, ...describeUsage(usage)],
    priceTable: { source: prices.source, retrieved: prices.retrieved, region: prices.region },
    ...(region && region !== prices.region
      ? { regionNote: `priced at ${prices.region} rates; ${region} prices differ by a few percent` }
      : {}),
    ...(opts.monthlyBudgetUsd === undefined
      ? {}
      : {
          budget: { monthlyUsd: opts.monthlyBudgetUsd, exceeded: monthly.expected > opts.monthlyBudgetUsd },
        }),
  };
}
