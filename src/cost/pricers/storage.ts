import { get, num, type Plain, str } from "../../../policies/lib/values";
import { items } from "../read";
import type { MonthlyRange } from "../types";
import { cost, flat, type PricedResource, type Pricer, type PricingContext, referencing } from "./context";

const LIFECYCLE_TYPES = [
  "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration",
  "aws:s3/bucketLifecycleConfigurationV2:BucketLifecycleConfigurationV2",
];

export interface Transition {
  readonly days: number;
  readonly storageClass: string;
}

/**
 * Share of stored bytes in each storage class at steady state, for objects written at a constant rate
 * that live `horizonDays` (their expiration, or a year when they never expire): an object spends
 * `days[i+1] - days[i]` of its life in class i, so that is its share of the bytes.
 */
export function tierShares(transitions: readonly Transition[], horizonDays: number): Map<string, number> {
  const steps = [...transitions].filter((t) => t.days < horizonDays).sort((a, b) => a.days - b.days);
  const shares = new Map<string, number>();
  let from = 0;
  let cls = "STANDARD";
  for (const step of steps) {
    shares.set(cls, (shares.get(cls) ?? 0) + (step.days - from) / horizonDays);
    from = step.days;
    cls = step.storageClass;
  }
  shares.set(cls, (shares.get(cls) ?? 0) + (horizonDays - from) / horizonDays);
  return shares;
}

function enabledRules(bucket: PricedResource, ctx: PricingContext): Plain[] {
  return LIFECYCLE_TYPES.flatMap((t) => referencing(ctx, bucket, t))
    .flatMap((lc) => items(lc.inputs.rules))
    .filter((rule) => str(get(rule, "status")) === "Enabled");
}

/**
 * A bucket: its stored bytes spread over the storage classes its lifecycle rules move them through. With
 * the `storage-tiering` lever off, every byte stays in S3 Standard (expiry still applies).
 */
export const priceBucket: Pricer = (bucket, ctx) => {
  const rules = enabledRules(bucket, ctx);
  const tiering = !ctx.leversOff.has("storage-tiering");
  const transitions: Transition[] = tiering
    ? rules.flatMap((rule) =>
        items(get(rule, "transitions")).flatMap((t) => {
          const days = num(get(t, "days"));
          const storageClass = str(get(t, "storageClass"));
          return days !== undefined && storageClass ? [{ days, storageClass }] : [];
        }),
      )
    : [];
  const expiry = rules.map((rule) => num(get(rule, "expiration", "days"))).find((d) => d !== undefined);
  const horizon = expiry ?? 365;
  const shares = tierShares(transitions, horizon);
  const rates: Record<string, number> = ctx.prices.s3PerGBMonth;
  let perGb = 0;
  for (const [cls, share] of shares) perGb += share * (rates[cls] ?? rates.STANDARD);
  const gb = ctx.usage.s3GbPerBucket;
  const monthly: MonthlyRange = { low: gb.low * perGb, expected: gb.expected * perGb, high: gb.high * perGb };
  const mix = [...shares]
    .filter(([, s]) => s > 0)
    .map(([cls, s]) => `${Math.round(s * 100)}% ${cls}`)
    .join(", ");
  const life =
    expiry === undefined ? "objects kept, one-year age horizon" : `objects expire after ${expiry} d`;
  return cost(bucket, monthly, `${gb.expected} GB stored: ${mix} (${life}); requests not priced`);
};

export const priceLogGroup: Pricer = (group, ctx) => {
  const retention = num(group.inputs.retentionInDays);
  const { cloudwatchLogsIngestPerGB: ingest, cloudwatchLogsStoragePerGBMonth: store } = ctx.prices;
  // Stored volume at steady state: retention days of ingestion (a year when retention is forever).
  const monthsKept = Math.min(retention ?? 365, 365) / 30;
  const at = (gb: number) => gb * ingest + gb * monthsKept * store;
  const u = ctx.usage.logsGbPerGroup;
  const kept = retention === undefined ? "kept forever (priced as one year)" : `kept ${retention} d`;
  return cost(
    group,
    { low: at(u.low), expected: at(u.expected), high: at(u.high) },
    `${u.expected} GB/month ingested, ${kept}`,
  );
};

export const priceKmsKey: Pricer = (key, ctx) =>
  cost(key, flat(ctx.prices.kmsKeyMonthly), "1 customer-managed key; requests not priced");
