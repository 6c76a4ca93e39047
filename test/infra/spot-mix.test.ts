import { describe, expect, it } from "vitest";
import {
  onDemandPercentFromSpotPercent,
  splitCapacity,
  spotShare,
  usesSpot,
  validatePoolSizing,
} from "../../infra/spot-mix";

describe("splitCapacity", () => {
  it("fills the On-Demand base first", () => {
    expect(splitCapacity(1, { onDemandBaseCapacity: 2, onDemandPercentageAboveBaseCapacity: 0 })).toEqual({
      onDemand: 1,
      spot: 0,
    });
    expect(splitCapacity(2, { onDemandBaseCapacity: 2, onDemandPercentageAboveBaseCapacity: 0 })).toEqual({
      onDemand: 2,
      spot: 0,
    });
  });

  it("splits capacity above the base by percentage", () => {
    expect(splitCapacity(12, { onDemandBaseCapacity: 2, onDemandPercentageAboveBaseCapacity: 20 })).toEqual({
      onDemand: 4,
      spot: 8,
    });
    expect(splitCapacity(10, { onDemandBaseCapacity: 0, onDemandPercentageAboveBaseCapacity: 0 })).toEqual({
      onDemand: 0,
      spot: 10,
    });
    expect(splitCapacity(10, { onDemandBaseCapacity: 0, onDemandPercentageAboveBaseCapacity: 100 })).toEqual({
      onDemand: 10,
      spot: 0,
    });
  });

  it("rounds a fractional On-Demand share up", () => {
    // 3 above the base at 50% = 1.5 On-Demand → 2 On-Demand, 1 Spot.
    expect(splitCapacity(4, { onDemandBaseCapacity: 1, onDemandPercentageAboveBaseCapacity: 50 })).toEqual({
      onDemand: 3,
      spot: 1,
    });
  });

  it("always adds up to the capacity", () => {
    for (let capacity = 0; capacity <= 30; capacity++) {
      for (const base of [0, 1, 2, 5]) {
        for (const pct of [0, 10, 33, 50, 80, 100]) {
          const split = splitCapacity(capacity, {
            onDemandBaseCapacity: base,
            onDemandPercentageAboveBaseCapacity: pct,
          });
          expect(split.onDemand + split.spot).toBe(capacity);
          expect(split.onDemand).toBeGreaterThanOrEqual(Math.min(base, capacity));
        }
      }
    }
  });
});

describe("spot share helpers", () => {
  it("computes the Spot fraction and whether a pool can use Spot", () => {
    expect(spotShare(10, { onDemandBaseCapacity: 2, onDemandPercentageAboveBaseCapacity: 0 })).toBeCloseTo(
      0.8,
    );
    expect(spotShare(0, { onDemandBaseCapacity: 0, onDemandPercentageAboveBaseCapacity: 0 })).toBe(0);
    expect(usesSpot({ onDemandBaseCapacity: 3, onDemandPercentageAboveBaseCapacity: 0 }, 3)).toBe(false);
    expect(usesSpot({ onDemandBaseCapacity: 3, onDemandPercentageAboveBaseCapacity: 0 }, 4)).toBe(true);
    expect(usesSpot({ onDemandBaseCapacity: 0, onDemandPercentageAboveBaseCapacity: 100 }, 10)).toBe(false);
    expect(onDemandPercentFromSpotPercent(80)).toBe(20);
  });
});

describe("validatePoolSizing", () => {
  const ok = { minSize: 1, maxSize: 4, onDemandBaseCapacity: 1, onDemandPercentageAboveBaseCapacity: 0 };

  it("accepts a sane pool", () => {
    expect(validatePoolSizing(ok)).toEqual([]);
  });

  it("names the argument and the value for each problem", () => {
    expect(validatePoolSizing({ ...ok, minSize: -1 }).map((i) => i.reason)).toEqual([
      "minSize must be a whole number >= 0; got -1",
    ]);
    expect(validatePoolSizing({ ...ok, minSize: 5 }).map((i) => i.reason)).toEqual([
      "minSize must not exceed maxSize (4); got 5",
    ]);
    expect(validatePoolSizing({ ...ok, maxSize: 0, minSize: 0, onDemandBaseCapacity: 0 })[0]?.reason).toBe(
      "maxSize must be at least 1; got 0",
    );
    expect(validatePoolSizing({ ...ok, onDemandBaseCapacity: 9 })[0]?.reason).toBe(
      "onDemandBaseCapacity must not exceed maxSize (4); got 9",
    );
    expect(validatePoolSizing({ ...ok, onDemandPercentageAboveBaseCapacity: 120 })[0]?.reason).toBe(
      "onDemandPercentageAboveBaseCapacity must be a whole number from 0 to 100; got 120",
    );
    expect(validatePoolSizing({ ...ok, desiredCapacity: 7 })[0]).toEqual({
      propertyPath: "desiredCapacity",
      reason: "desiredCapacity must lie between minSize (1) and maxSize (4); got 7",
    });
  });
});
