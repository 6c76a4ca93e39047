import { beforeAll, describe, expect, it } from "vitest";
import { DEFAULT_ALLOWED_INSTANCE_TYPES } from "../../policies/cost";
import { badCost, goodCost } from "../fixtures/policy-programs/cost";
import { familyPolicies, findings, flagged, type Judgement, judge } from "./harness";

const COST = familyPolicies("cost");

describe("cost policies through the analyzer", () => {
  let good: Judgement;
  let bad: Judgement;
  beforeAll(async () => {
    // Budgets either side of each program's expected cost ($159.62 good, $105.72 bad, us-east-1).
    good = await judge(goodCost, { policyConfig: { "cost-monthly-budget": { monthlyBudgetUsd: 200 } } });
    bad = await judge(badCost, { policyConfig: { "cost-monthly-budget": { monthlyBudgetUsd: 100 } } });
  });

  it("passes a spot-heavy dev footprint and a large prod one, environment read from provider defaultTags", () => {
    expect(findings(good.violations, COST)).toEqual([]);
  });

  it("fails at least one resource for every policy of the family, and passes the good program", () => {
    expect(new Set(bad.violations.map((v) => v.policy).filter((p) => COST.includes(p)))).toEqual(
      new Set(COST),
    );
    expect(COST.length).toBeGreaterThan(3);
  });

  it("flags each cost policy on the offending resource", () => {
    expect(flagged(bad.violations, COST)).toEqual([
      "cost-cache-node-types → big-redis",
      "cost-cloudfront-price-class → global-cdn",
      "cost-ebs-gp3 → gp2-lt",
      "cost-ebs-gp3 → io1-disk",
      "cost-instance-types → big",
      "cost-instance-types → gp2-lt",
      "cost-instance-types → gpu-nodes",
      "cost-log-retention → forever",
      "cost-log-retention → hoarder",
      "cost-log-retention → odd-retention",
      "cost-log-retention → prod-short",
      "cost-monthly-budget → <stack>",
      "cost-no-oversized-instances → big",
      "cost-no-oversized-instances → gp2-lt",
      "cost-no-oversized-instances → gpu-nodes",
      "cost-single-nat-outside-prod → nat-b",
      "cost-spot-share → mostly-on-demand",
      "cost-spot-share → on-demand-pool",
    ]);
  });

  it("says exactly what to change", () => {
    expect(findings(bad.violations, COST)).toEqual(
      expect.arrayContaining([
        `cost-instance-types → big: instanceType is "m6i.4xlarge", not allowed in dev; use one of: ${DEFAULT_ALLOWED_INSTANCE_TYPES.dev?.join(", ")}.`,
        'cost-no-oversized-instances → big: instanceType is "m6i.4xlarge", larger than xlarge outside prod (dev); use a size up to xlarge.',
        'cost-no-oversized-instances → gpu-nodes: instanceTypes[1] is "p4d.24xlarge", larger than xlarge outside prod (dev); use a size up to xlarge.',
        'cost-ebs-gp3 → gp2-lt: blockDeviceMappings[0].ebs.volumeType is "gp2"; set it to one of: gp3, st1, sc1 (gp3 preferred).',
        'cost-ebs-gp3 → io1-disk: type is "io1"; set it to one of: gp3, st1, sc1 (gp3 preferred).',
        "cost-spot-share → on-demand-pool: No mixedInstancesPolicy: the group is 100% on-demand in dev. Add mixedInstancesPolicy with instancesDistribution.onDemandPercentageAboveBaseCapacity <= 50.",
        "cost-spot-share → mostly-on-demand: mixedInstancesPolicy.instancesDistribution.onDemandPercentageAboveBaseCapacity is 80 (20% spot) in dev; set it to 50 or less (at least 50% spot outside prod).",
        "cost-single-nat-outside-prod → nat-b: 2 NAT gateways in dev; at most 1 allowed outside prod. Route every private subnet through one NAT gateway (network natGateways: 1).",
        "cost-cloudfront-price-class → global-cdn: priceClass is unset (PriceClass_All) in dev; set it to one of: PriceClass_100.",
        'cost-cache-node-types → big-redis: nodeType is "cache.r7g.2xlarge", not allowed in dev; use one of: cache.t4g.micro, cache.t4g.small, cache.t3.micro, cache.t3.small.',
        "cost-monthly-budget → <stack>: The expected monthly cost $105.72 exceeds the $100.00 budget by $5.72 (us-east-1 prices). Top cost drivers: nat-a $37.35 (730 h + 100 GB processed); nat-b $37.35 (730 h + 100 GB processed); global-cdn $17.00 (100 GB out at PriceClass_All ($0.17/GB); requests not priced).",
        "cost-log-retention → forever: retentionInDays is unset, so logs are kept forever; set it to at most 90.",
        "cost-log-retention → hoarder: retentionInDays is 365 in dev; set it to at most 90 days.",
        "cost-log-retention → odd-retention: retentionInDays is 45, which CloudWatch Logs rejects; use one of: 1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653.",
        "cost-log-retention → prod-short: retentionInDays is 30 in prod; set it to at least 365 days.",
      ]),
    );
  });

  it("takes per-environment allow-lists and the spot share from config", async () => {
    const relaxed = await judge(badCost, {
      policyConfig: {
        "cost-instance-types": { allowedInstanceTypes: { dev: ["*"] } },
        "cost-spot-share": { minSpotPercentOutsideProd: 10 },
      },
    });
    expect(flagged(relaxed.violations, ["cost-instance-types", "cost-spot-share"])).toEqual([
      "cost-spot-share → on-demand-pool",
    ]);
  });
});
