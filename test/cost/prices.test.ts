import { describe, expect, it } from "vitest";
import priceFile from "../../pricing/aws-prices.json";
import { instancePrice, pricedRegions, pricesFor } from "../../src/cost/prices";

/** Every key path of a JSON value ("ec2InstanceHourly.t3.micro.hourly"), for comparing regions' shapes. */
function keyPaths(value: unknown, prefix = ""): string[] {
  if (value === null || typeof value !== "object" || Array.isArray(value)) return [prefix];
  return Object.entries(value as Record<string, unknown>).flatMap(([k, v]) =>
    keyPaths(v, prefix ? `${prefix}.${k}` : k),
  );
}

describe("pricing/aws-prices.json", () => {
  it("prices us-east-1 and eu-west-1, every region listing the same keys", () => {
    expect(pricedRegions()).toEqual(["us-east-1", "eu-west-1"]);
    const [first, ...rest] = Object.values(priceFile.regions);
    for (const region of rest) expect(keyPaths(region).sort()).toEqual(keyPaths(first).sort());
  });

  it("names its source and date per region, citing only public pages", () => {
    for (const [region, table] of Object.entries(priceFile.regions)) {
      expect(table.retrieved, region).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      expect(table.source, region).toContain("https://aws.amazon.com/ec2/pricing/on-demand/");
      expect(table.source, region).not.toMatch(/shared\/|README/);
    }
    expect(priceFile.regions["eu-west-1"].source).toContain("Europe (Ireland)");
  });

  it("holds the entries the ElastiCache, load balancer and alarm pricers read, in both regions", () => {
    for (const region of pricedRegions()) {
      const table = pricesFor(region);
      expect(Object.keys(table.elasticacheNodeHourly).sort(), region).toEqual([
        "cache.m7g.large",
        "cache.r7g.large",
        "cache.t4g.medium",
        "cache.t4g.micro",
        "cache.t4g.small",
      ]);
      expect(table.alb.perLcuHour, region).toBe(0.008);
      expect(table.cloudwatch, region).toEqual({
        alarmStandardMonthly: 0.1,
        alarmHighResolutionMonthly: 0.3,
        dashboardMonthly: 3,
      });
    }
  });

  it("reads one region's table with the shared figures", () => {
    const eu = pricesFor("eu-west-1");
    expect(eu.region).toBe("eu-west-1");
    expect(eu.hoursPerMonth).toBe(730);
    expect(eu.spotDiscount.expected).toBe(0.6);
    expect(instancePrice("m6i.large", eu)?.hourly).toBe(0.107);
    expect(instancePrice("m6i.large", pricesFor("us-east-1"))?.hourly).toBe(0.096);
  });
});
