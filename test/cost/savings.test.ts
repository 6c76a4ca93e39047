import { describe, expect, it } from "vitest";
import { estimateCost } from "../../src/cost/estimate";
import { evaluatePlatform, loadStackConfig } from "../infra/helpers";
import { pricedResource } from "./helpers";

const res = pricedResource;

/** A mixed group: 1 On-Demand base, then half of everything above it On-Demand. */
const mixedGroup = res("aws:autoscaling/group:Group", "pool", {
  minSize: 1,
  maxSize: 5,
  desiredCapacity: 3,
  mixedInstancesPolicy: {
    instancesDistribution: { onDemandBaseCapacity: 1, onDemandPercentageAboveBaseCapacity: 50 },
    launchTemplate: {
      overrides: [{ instanceType: "m6i.large" }, { instanceType: "m7i.large" }, { instanceType: "m5.large" }],
    },
  },
});

/** The platform's default lifecycle: IA at 30 days, Glacier IR at 90, Deep Archive at 180, kept forever. */
const bucket = res("aws:s3/bucket:Bucket", "assets", {});
const lifecycle = res(
  "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration",
  "assets-lifecycle",
  {
    rules: [
      {
        id: "tiers",
        status: "Enabled",
        transitions: [
          { days: 30, storageClass: "STANDARD_IA" },
          { days: 90, storageClass: "GLACIER_IR" },
          { days: 180, storageClass: "DEEP_ARCHIVE" },
        ],
      },
    ],
  },
  [bucket.urn],
);
const oneTerabyte = { s3GbPerBucket: { low: 1024, expected: 1024, high: 1024 } };

describe("a mixed ASG's On-Demand/Spot split, by hand", () => {
  it("desired 3 = base 1 + ceil(50% of 2) On-Demand + 1 Spot", () => {
    const line = estimateCost([mixedGroup]).byResource[0];
    // On-Demand: the first override, m6i.large $0.096/h x 730 h = $70.08 each.
    // Spot: mean of (0.096, 0.1008, 0.096) = $0.0976/h, 60% off: 0.0976 x 0.4 x 730 = $28.4992.
    expect(line.monthly.expected).toBe(168.66); // 2 x 70.08 + 28.4992
    expect(line.monthly.low).toBe(70.08); // min 1: the base alone
    // max 5: 1 + ceil(50% of 4) = 3 On-Demand, 2 Spot at the dearest type 50% off (0.1008 x 0.5 x 730 = 36.792).
    expect(line.monthly.high).toBe(283.82);
    expect(line.basis).toBe(
      "1-3 x m6i.large on-demand + 0-2 spot (m6i.large, m7i.large, m5.large; 60% off expected), desired 3, 730 h",
    );
  });

  it("the spot lever saves what the same Spot instance would cost On-Demand", () => {
    const { savings } = estimateCost([mixedGroup]);
    // Without spot the Spot instance runs On-Demand at the same mean price: 0.0976 x 730 = 71.248, so
    // 2 x 70.08 + 71.248 = 211.41. With: 168.66. Saved 42.75 = 20.2%.
    expect(savings.levers).toEqual([
      { lever: "spot", baselineMonthly: 211.41, expectedMonthly: 168.66, percent: 20.2 },
    ]);
    expect(savings).toMatchObject({ baselineMonthly: 211.41, expectedMonthly: 168.66, percent: 20.2 });
  });
});

describe("a 1 TB bucket's tier mix, by hand", () => {
  it("spreads the bytes by the days each object spends in a class over a one-year horizon", () => {
    const report = estimateCost([bucket, lifecycle], { usage: oneTerabyte });
    const line = report.byResource[0];
    // (30 x 0.023 + 60 x 0.0125 + 90 x 0.004 + 185 x 0.00099) / 365 = $0.0054333/GB-month, x 1024 GB.
    expect(line.monthly.expected).toBe(5.56);
    expect(line.basis).toBe(
      "1024 GB stored: 8% STANDARD, 16% STANDARD_IA, 25% GLACIER_IR, 51% DEEP_ARCHIVE (objects kept, one-year age horizon); requests not priced",
    );
    // Without tiering all 1024 GB sit in Standard: 1024 x 0.023 = $23.55.
    expect(report.savings.levers).toEqual([
      { lever: "storage-tiering", baselineMonthly: 23.55, expectedMonthly: 5.56, percent: 76.4 },
    ]);
  });
});

describe("the same stack in two regions", () => {
  const nat = res("aws:ec2/natGateway:NatGateway", "nat", {});
  const lt = res("aws:ec2/launchTemplate:LaunchTemplate", "lt", { instanceType: "t3.medium" });
  const group = res("aws:autoscaling/group:Group", "web", { minSize: 2, maxSize: 2 }, [lt.urn]);
  const stack = [nat, lt, group];

  it("prices us-east-1 and eu-west-1 from their own tables", () => {
    const us = estimateCost(stack, { region: "us-east-1" });
    const eu = estimateCost(stack, { region: "eu-west-1" });
    // NAT: 730 h + 100 GB. us-east-1 at $0.045: 32.85 + 4.50; eu-west-1 at $0.048: 35.04 + 4.80.
    // t3.medium x 2 x 730 h: us-east-1 at $0.0416 = 60.736; eu-west-1 at $0.0456 = 66.576.
    expect(us.byResource.map((l) => [l.name, l.monthly.expected])).toEqual([
      ["nat", 37.35],
      ["web", 60.74],
    ]);
    expect(eu.byResource.map((l) => [l.name, l.monthly.expected])).toEqual([
      ["nat", 39.84],
      ["web", 66.58],
    ]);
    expect(us.monthly.expected).toBe(98.09);
    expect(eu.monthly.expected).toBe(106.42);
    expect(eu.priceTable.region).toBe("eu-west-1");
    expect(eu.priceTable.source).toContain("Europe (Ireland)");
  });

  it("refuses a region without prices, naming those that have them", () => {
    expect(() => estimateCost(stack, { region: "ap-south-9" })).toThrow(
      'aws:region "ap-south-9" has no prices in pricing/aws-prices.json; regions with prices: us-east-1, eu-west-1',
    );
  });
});

describe("savings of the repository's stacks", () => {
  it("dev: the spot lever saves at least 55% on its pools, and the whole stack saves too", async () => {
    const evaluation = await evaluatePlatform("dev");
    const config = loadStackConfig("dev");
    const report = estimateCost(evaluation.resources, { region: config["aws:region"] });
    const spot = report.savings.levers.find((l) => l.lever === "spot");
    expect(spot?.percent).toBeGreaterThanOrEqual(55);
    expect(report.savings.levers.map((l) => l.lever)).toEqual(["spot", "storage-tiering", "off-hours"]);
    // The burst pool's off-hours schedule: on 07:00-20:00 UTC Monday to Friday, 65 of 168 hours.
    const offHours = report.savings.levers.find((l) => l.lever === "off-hours");
    expect(offHours?.expectedMonthly).toBeCloseTo(((offHours?.baselineMonthly ?? 0) * 65) / 168, 1);
    // Spot and off-hours both shrink the burst pool, so the whole stack saves more than either alone.
    const saved = report.savings.baselineMonthly - report.savings.expectedMonthly;
    for (const lever of report.savings.levers) {
      expect(saved).toBeGreaterThanOrEqual(lever.baselineMonthly - lever.expectedMonthly);
    }
    expect(report.savings.expectedMonthly).toBe(report.monthly.expected);
  });

  it("prod-eu is prod in eu-west-1: the same resources, priced from the Ireland table", async () => {
    const prod = await evaluatePlatform("prod");
    const eu = await evaluatePlatform("prod-eu");
    const types = (r: { type: string }[]) => r.map((x) => x.type).sort();
    // Outside us-east-1 the CDN's alarm (CloudFront metrics live in us-east-1) needs a topic and key there too.
    const usEast1AlarmTopic = ["aws:kms/key:Key", "aws:sns/topic:Topic", "openclaw:infra:EncryptionKey"];
    expect(types(eu.resources)).toEqual(
      types([...prod.resources, ...usEast1AlarmTopic.map((type) => ({ type }))]),
    );
    expect(loadStackConfig("prod-eu")["openclaw:availabilityZones"]).toBe(
      '["eu-west-1a","eu-west-1b","eu-west-1c"]',
    );
    const usCost = estimateCost(prod.resources, { region: loadStackConfig("prod")["aws:region"] });
    const euCost = estimateCost(eu.resources, { region: loadStackConfig("prod-eu")["aws:region"] });
    expect(euCost.priceTable.region).toBe("eu-west-1");
    // Ireland lists EC2, NAT, ALB and log ingestion above N. Virginia; S3 and CloudFront the same.
    expect(euCost.monthly.expected).toBeGreaterThan(usCost.monthly.expected);
    const nat = (c: typeof usCost) => c.byResource.find((l) => l.type === "aws:ec2/natGateway:NatGateway");
    expect(nat(usCost)?.monthly.expected).toBe(37.35);
    expect(nat(euCost)?.monthly.expected).toBe(39.84);
  });
});
