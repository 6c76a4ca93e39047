// Pure On-Demand/Spot capacity maths for ComputePool. No Pulumi imports: easy to unit-test, and the
// cost model can reuse it to price a pool the way EC2 Auto Scaling will fill it.
import { type ArgIssue, argIssue } from "./arg-errors";

/** How a pool's capacity is split between On-Demand and Spot (the ASG `instancesDistribution`). */
export interface CapacityMix {
  /** Instances that are always On-Demand, filled first as the group grows. */
  readonly onDemandBaseCapacity: number;
  /** Percentage (0-100) of the capacity above the base that is On-Demand; the rest is Spot. */
  readonly onDemandPercentageAboveBaseCapacity: number;
}

export interface CapacitySplit {
  readonly onDemand: number;
  readonly spot: number;
}

/**
 * How many instances of `capacity` run On-Demand and how many Spot. The base is filled first; above
 * it, the On-Demand share is rounded up, the conservative choice for both availability and cost
 * estimates (a fractional instance is priced On-Demand).
 */
export function splitCapacity(capacity: number, mix: CapacityMix): CapacitySplit {
  const base = Math.min(capacity, mix.onDemandBaseCapacity);
  const above = capacity - base;
  const onDemandAbove = Math.ceil((above * mix.onDemandPercentageAboveBaseCapacity) / 100);
  return { onDemand: base + onDemandAbove, spot: above - onDemandAbove };
}

/** Fraction (0-1) of `capacity` that runs on Spot; 0 for an empty group. */
export function spotShare(capacity: number, mix: CapacityMix): number {
  return capacity === 0 ? 0 : splitCapacity(capacity, mix).spot / capacity;
}

/** Converts the "spot percentage" users think in into the ASG's On-Demand percentage above base. */
export function onDemandPercentFromSpotPercent(spotPercentage: number): number {
  return 100 - spotPercentage;
}

/** True when the mix can ever launch Spot instances (some capacity above the base is Spot). */
export function usesSpot(mix: CapacityMix, maxSize: number): boolean {
  return splitCapacity(maxSize, mix).spot > 0;
}

/** Spot needs several interchangeable instance types so one reclaimed pool doesn't empty the group. */
export const MIN_SPOT_INSTANCE_TYPES = 3;

export interface PoolSizing extends CapacityMix {
  readonly minSize: number;
  readonly maxSize: number;
  /** Initial size. @default minSize */
  readonly desiredCapacity?: number;
}

/** Checks sizes and the mix; every problem names the argument and the value. */
export function validatePoolSizing(sizing: PoolSizing): ArgIssue[] {
  const issues: ArgIssue[] = [];
  const nonNegativeInt = (path: keyof PoolSizing, value: number | undefined): boolean => {
    if (value === undefined) return true;
    if (!Number.isInteger(value) || value < 0) {
      issues.push(argIssue(path, "must be a whole number >= 0", value));
      return false;
    }
    return true;
  };
  const sizesOk =
    nonNegativeInt("minSize", sizing.minSize) &&
    nonNegativeInt("maxSize", sizing.maxSize) &&
    nonNegativeInt("desiredCapacity", sizing.desiredCapacity);
  if (sizesOk) {
    if (sizing.maxSize < 1) issues.push(argIssue("maxSize", "must be at least 1", sizing.maxSize));
    if (sizing.minSize > sizing.maxSize) {
      issues.push(argIssue("minSize", `must not exceed maxSize (${sizing.maxSize})`, sizing.minSize));
    }
    const desired = sizing.desiredCapacity;
    if (desired !== undefined && (desired < sizing.minSize || desired > sizing.maxSize)) {
      issues.push(
        argIssue(
          "desiredCapacity",
          `must lie between minSize (${sizing.minSize}) and maxSize (${sizing.maxSize})`,
          desired,
        ),
      );
    }
  }
  if (nonNegativeInt("onDemandBaseCapacity", sizing.onDemandBaseCapacity) && sizesOk) {
    if (sizing.onDemandBaseCapacity > sizing.maxSize) {
      issues.push(
        argIssue(
          "onDemandBaseCapacity",
          `must not exceed maxSize (${sizing.maxSize})`,
          sizing.onDemandBaseCapacity,
        ),
      );
    }
  }
  const pct = sizing.onDemandPercentageAboveBaseCapacity;
  if (!Number.isInteger(pct) || pct < 0 || pct > 100) {
    issues.push(argIssue("onDemandPercentageAboveBaseCapacity", "must be a whole number from 0 to 100", pct));
  }
  return issues;
}
