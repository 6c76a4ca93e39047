import { z } from "zod";
import type { MonthlyRange } from "./types";

/**
 * Traffic and data volumes the bill depends on but the program cannot know. Ranges, like the cost:
 * `low` / `expected` / `high`. Override any of them with `openclaw plan --config openclaw:usage='{...}'`.
 */
export interface UsageAssumptions {
  /** GB processed by each NAT gateway per month. */
  readonly natGbPerGateway: MonthlyRange;
  /** GB stored in each bucket (steady state). */
  readonly s3GbPerBucket: MonthlyRange;
  /** GB served by each CloudFront distribution per month. */
  readonly cdnGbOutPerDistribution: MonthlyRange;
  /** GB ingested by each CloudWatch log group per month (flow logs, app logs). */
  readonly logsGbPerGroup: MonthlyRange;
  /** Average load-balancer capacity units per hour. */
  readonly lbCapacityUnits: MonthlyRange;
}

export const defaultUsage: UsageAssumptions = {
  natGbPerGateway: { low: 10, expected: 100, high: 1000 },
  s3GbPerBucket: { low: 10, expected: 100, high: 1000 },
  cdnGbOutPerDistribution: { low: 10, expected: 100, high: 1000 },
  logsGbPerGroup: { low: 1, expected: 5, high: 50 },
  lbCapacityUnits: { low: 1, expected: 2, high: 10 },
};

export function describeUsage(u: UsageAssumptions): string[] {
  const r = (m: MonthlyRange) => `${m.low} / ${m.expected} / ${m.high}`;
  return [
    `NAT data processed per gateway (GB/month, low / expected / high): ${r(u.natGbPerGateway)}`,
    `S3 stored per bucket (GB): ${r(u.s3GbPerBucket)}`,
    `CloudFront data out per distribution (GB/month): ${r(u.cdnGbOutPerDistribution)}`,
    `CloudWatch Logs ingested per log group (GB/month): ${r(u.logsGbPerGroup)}`,
    `Load balancer capacity units (average): ${r(u.lbCapacityUnits)}`,
  ];
}

const range = z
  .object({
    low: z.number().nonnegative(),
    expected: z.number().nonnegative(),
    high: z.number().nonnegative(),
  })
  .strict()
  .refine((r) => r.low <= r.expected && r.expected <= r.high, {
    message: "must satisfy low <= expected <= high",
  });

const usageOverrides = z
  .object({
    natGbPerGateway: range,
    s3GbPerBucket: range,
    cdnGbOutPerDistribution: range,
    logsGbPerGroup: range,
    lbCapacityUnits: range,
  })
  .partial()
  .strict();

/** Parses `openclaw:usage` (JSON). Errors name the field and say what is allowed. */
export function parseUsageOverrides(json: string): Partial<UsageAssumptions> {
  let raw: unknown;
  try {
    raw = JSON.parse(json);
  } catch {
    throw new Error(`openclaw:usage: not valid JSON: ${json.slice(0, 80)}`);
  }
  const parsed = usageOverrides.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const path = issue.path.join(".");
    throw new Error(
      `openclaw:usage${path ? `.${path}` : ""}: ${issue.message} (allowed keys: ${Object.keys(defaultUsage).join(", ")}; each {low, expected, high} in non-negative numbers)`,
    );
  }
  return parsed.data;
}
