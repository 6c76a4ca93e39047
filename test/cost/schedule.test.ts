import { describe, expect, it } from "vitest";
import { estimateCost } from "../../src/cost/estimate";
import { cronDays } from "../../src/cost/pricers/schedule";
import { pricedResource } from "./helpers";

const res = pricedResource;

const ASG = "aws:autoscaling/group:Group";
const SCHEDULE = "aws:autoscaling/schedule:Schedule";
const lt = res("aws:ec2/launchTemplate:LaunchTemplate", "lt", { instanceType: "t3.medium" });
const group = res(ASG, "burst", { minSize: 1, maxSize: 1 }, [lt.urn]);
const schedule = (name: string, recurrence: string, size: number) =>
  res(SCHEDULE, name, { recurrence, minSize: size, maxSize: size, desiredCapacity: size }, [group.urn]);

describe("cronDays", () => {
  it.each([
    ["*", [0, 1, 2, 3, 4, 5, 6]],
    ["MON-FRI", [1, 2, 3, 4, 5]],
    ["1-5", [1, 2, 3, 4, 5]],
    ["SAT,SUN", [0, 6]],
    ["FRI-MON", [0, 1, 5, 6]],
  ])("%s", (field, days) => {
    expect([...(cronDays(field) ?? [])].sort()).toEqual(days);
  });
  it("refuses what it cannot read", () => {
    expect(cronDays("MON#2")).toBeUndefined();
  });
});

describe("off-hours schedules", () => {
  it("prices a group emptied 20:00-07:00 on weekdays and all weekend for 65 of 168 hours", () => {
    const report = estimateCost([
      lt,
      group,
      schedule("off", "0 20 * * MON-FRI", 0),
      schedule("on", "0 7 * * MON-FRI", 1),
    ]);
    // t3.medium $0.0416 x 730 h = 30.368 around the clock; x 65/168 = 11.7495.
    expect(report.byResource[0]?.monthly.expected).toBe(11.75);
    expect(report.byResource[0]?.basis).toBe(
      "1-1 x t3.medium on-demand, desired 1, 282 of 730 h (off-hours schedule)",
    );
    expect(report.savings.levers).toEqual([
      { lever: "off-hours", baselineMonthly: 30.37, expectedMonthly: 11.75, percent: 61.3 },
    ]);
  });

  it("prices a schedule it cannot read around the clock (the upper bound)", () => {
    const report = estimateCost([
      lt,
      group,
      schedule("once", "30 8 1 * *", 0),
      schedule("on", "0 7 * * *", 1),
    ]);
    expect(report.byResource[0]?.monthly.expected).toBe(30.37);
    expect(report.savings.levers).toEqual([]);
  });
});
