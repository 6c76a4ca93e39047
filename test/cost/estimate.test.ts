import { describe, expect, it } from "vitest";
import { estimateCost } from "../../src/cost/estimate";
import { tierShares } from "../../src/cost/pricers/storage";
import { parseUsageOverrides } from "../../src/cost/usage";
import { pricedResource } from "./helpers";

const H = 730;
const res = pricedResource;

const ASG = "aws:autoscaling/group:Group";
const LT = "aws:ec2/launchTemplate:LaunchTemplate";

describe("tierShares", () => {
  it("splits bytes by the days an object spends in each class", () => {
    const shares = tierShares(
      [
        { days: 30, storageClass: "STANDARD_IA" },
        { days: 90, storageClass: "GLACIER_IR" },
        { days: 180, storageClass: "DEEP_ARCHIVE" },
      ],
      360,
    );
    expect(shares.get("STANDARD")).toBeCloseTo(30 / 360);
    expect(shares.get("STANDARD_IA")).toBeCloseTo(60 / 360);
    expect(shares.get("GLACIER_IR")).toBeCloseTo(90 / 360);
    expect(shares.get("DEEP_ARCHIVE")).toBeCloseTo(180 / 360);
  });

  it("ignores transitions after expiry", () => {
    const shares = tierShares([{ days: 400, storageClass: "DEEP_ARCHIVE" }], 365);
    expect([...shares]).toEqual([["STANDARD", 1]]);
  });
});

describe("estimateCost", () => {
  it("prices a mixed ASG: on-demand base, spot above it, low at min and high at max", () => {
    const lt = res(LT, "pool-lt", {
      blockDeviceMappings: [{ deviceName: "/dev/xvda", ebs: { volumeSize: 20, volumeType: "gp3" } }],
    });
    const asg = res(
      ASG,
      "pool",
      {
        minSize: 2,
        maxSize: 8,
        desiredCapacity: 4,
        mixedInstancesPolicy: {
          instancesDistribution: {
            onDemandBaseCapacity: 2,
            onDemandPercentageAboveBaseCapacity: 0,
            spotAllocationStrategy: "price-capacity-optimized",
          },
          launchTemplate: {
            overrides: [
              { instanceType: "m6i.large" },
              { instanceType: "m7i.large" },
              { instanceType: "c6i.large" },
            ],
          },
        },
      },
      [lt.urn],
    );
    const report = estimateCost([lt, asg]);
    const line = report.byResource.find((l) => l.urn === asg.urn);
    const vol = 20 * 0.08;
    const mean = (0.096 + 0.1008 + 0.085) / 3;
    expect(line?.monthly.expected).toBeCloseTo(2 * (0.096 * H + vol) + 2 * (mean * 0.4 * H + vol), 1);
    expect(line?.monthly.low).toBeCloseTo(2 * (0.096 * H + vol), 1); // min 2 = the on-demand base
    expect(line?.monthly.high).toBeCloseTo(2 * (0.096 * H + vol) + 6 * (0.1008 * 0.5 * H + vol), 1);
    expect(line?.basis).toBe(
      "2 x m6i.large on-demand + 0-6 spot (m6i.large, m7i.large, c6i.large; 60% off expected), desired 4, 730 h",
    );
    expect(report.monthly.expected).toBeCloseTo(line?.monthly.expected ?? -1, 1);
  });

  it("prices a plain ASG from its launch template's instance type, all on-demand", () => {
    const lt = res(LT, "lt", { instanceType: "t3.small" });
    const asg = res(ASG, "asg", { minSize: 1, maxSize: 3, launchTemplate: { id: "lt-1" } }, [lt.urn]);
    const line = estimateCost([lt, asg]).byResource[0];
    expect(line.monthly).toEqual({ low: 15.18, expected: 15.18, high: 45.55 });
    expect(line.basis).toContain("1-3 x t3.small on-demand");
  });

  it("picks the cheapest table types for attribute-based instance requirements", () => {
    const asg = res(ASG, "abis", {
      minSize: 1,
      maxSize: 1,
      mixedInstancesPolicy: {
        instancesDistribution: { onDemandBaseCapacity: 1, onDemandPercentageAboveBaseCapacity: 0 },
        launchTemplate: {
          overrides: [{ instanceRequirements: { vcpuCount: { min: 4 }, memoryMib: { min: 16384 } } }],
        },
      },
    });
    const line = estimateCost([asg]).byResource[0];
    expect(line.basis).toContain("1 x m6i.xlarge on-demand");
  });

  it("says so instead of guessing when an instance type is not in the table", () => {
    const line = estimateCost([res("aws:ec2/instance:Instance", "x", { instanceType: "p5.48xlarge" })])
      .byResource[0];
    expect(line.monthly.expected).toBe(0);
    expect(line.basis).toBe("unpriced: instance type p5.48xlarge");
  });

  it("blends S3 storage classes from the bucket's lifecycle configuration, joined by reference", () => {
    const bucket = res("aws:s3/bucket:Bucket", "data", {});
    const other = res("aws:s3/bucket:Bucket", "other", {});
    const lifecycle = res(
      "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration",
      "data-lifecycle",
      {
        bucket: "data-1234",
        rules: [
          {
            id: "tiers",
            status: "Enabled",
            transitions: [{ days: 30, storageClass: "STANDARD_IA" }],
            expiration: { days: 60 },
          },
        ],
      },
      [bucket.urn],
    );
    const report = estimateCost([bucket, other, lifecycle]);
    const tiered = report.byResource.find((l) => l.name === "data");
    const flat = report.byResource.find((l) => l.name === "other");
    expect(tiered?.monthly.expected).toBeCloseTo(100 * (0.5 * 0.023 + 0.5 * 0.0125), 2);
    expect(flat?.monthly.expected).toBeCloseTo(100 * 0.023, 2);
    expect(tiered?.basis).toContain("50% STANDARD, 50% STANDARD_IA");
  });

  it("prices NAT hours plus data, CloudFront by price class, and honours usage overrides", () => {
    const nat = res("aws:ec2/natGateway:NatGateway", "nat-a", {});
    const cdn = res("aws:cloudfront/distribution:Distribution", "cdn", { priceClass: "PriceClass_100" });
    const report = estimateCost([nat, cdn], {
      usage: { natGbPerGateway: { low: 0, expected: 10, high: 20 } },
    });
    expect(report.byResource[0].monthly).toEqual({ low: 32.85, expected: 33.3, high: 33.75 });
    expect(report.byResource[1].monthly.expected).toBeCloseTo(8.5, 2);
    expect(report.assumptions.some((a) => a.includes("0 / 10 / 20"))).toBe(true);
  });

  it("holds the expected cost, or by choice the high end, against a budget", () => {
    const nat = res("aws:ec2/natGateway:NatGateway", "nat-a", {});
    // us-east-1: 730 h x $0.045 + 100 GB x $0.045 = $37.35 expected; high 730 x 0.045 + 1000 x 0.045 = $77.85.
    expect(estimateCost([nat], { monthlyBudgetUsd: 10 }).budget).toEqual({
      monthlyUsd: 10,
      basis: "expected",
      monthly: 37.35,
      exceeded: true,
    });
    expect(estimateCost([nat], { monthlyBudgetUsd: 50 }).budget?.exceeded).toBe(false);
    expect(estimateCost([nat], { monthlyBudgetUsd: 50, budgetBasis: "high" }).budget).toEqual({
      monthlyUsd: 50,
      basis: "high",
      monthly: 77.85,
      exceeded: true,
    });
  });

  it("leaves free resources out of the bill", () => {
    const report = estimateCost([res("aws:ec2/vpc:Vpc", "vpc", { cidrBlock: "10.0.0.0/16" })]);
    expect(report.byResource).toEqual([]);
    expect(report.monthly).toEqual({ low: 0, expected: 0, high: 0 });
  });
});

describe("parseUsageOverrides", () => {
  it("accepts a partial override", () => {
    expect(parseUsageOverrides('{"s3GbPerBucket":{"low":1,"expected":2,"high":3}}')).toEqual({
      s3GbPerBucket: { low: 1, expected: 2, high: 3 },
    });
  });
  it.each([
    ["not json", /openclaw:usage: not valid JSON/],
    ['{"s3Gb":{"low":1,"expected":2,"high":3}}', /openclaw:usage: .*s3Gb.*allowed keys: natGbPerGateway/],
    ['{"s3GbPerBucket":{"low":-1,"expected":2,"high":3}}', /openclaw:usage\.s3GbPerBucket\.low: /],
    [
      '{"s3GbPerBucket":{"low":5,"expected":2,"high":3}}',
      /openclaw:usage\.s3GbPerBucket: must satisfy low <= expected <= high/,
    ],
  ])("rejects %s naming the field", (input, message) => {
    expect(() => parseUsageOverrides(input)).toThrow(message);
  });
});
