import { splitCapacity } from "../../../infra/spot-mix";
import { get, num, str } from "../../../policies/lib/values";
import { instancePrice, instanceTypesMatching } from "../prices";
import { items } from "../read";
import type { MonthlyRange } from "../types";
import { cost, type PricedResource, type Pricer, type PricingContext, referencedBy } from "./context";
import { scheduledOnShare } from "./schedule";

const LAUNCH_TEMPLATE = "aws:ec2/launchTemplate:LaunchTemplate";

/** The instance types a group may launch: overrides, else attribute-based matches, else the template's. */
function candidateTypes(group: PricedResource, ctx: PricingContext): string[] {
  const overrides = items(get(group.inputs, "mixedInstancesPolicy", "launchTemplate", "overrides"));
  const explicit = overrides
    .map((o) => str(get(o, "instanceType")))
    .filter((t): t is string => t !== undefined);
  if (explicit.length > 0) return explicit;
  for (const o of overrides) {
    const req = get(o, "instanceRequirements");
    if (req === undefined) continue;
    const allowed = items(get(req, "allowedInstanceTypes")).map(str);
    const matches = instanceTypesMatching(
      {
        vcpuMin: num(get(req, "vcpuCount", "min")),
        vcpuMax: num(get(req, "vcpuCount", "max")),
        memoryMiBMin: num(get(req, "memoryMib", "min")),
        memoryMiBMax: num(get(req, "memoryMib", "max")),
      },
      ctx.prices,
    ).filter((t) => allowed.length === 0 || allowed.includes(t));
    if (matches.length > 0) return matches.slice(0, 5);
  }
  const template = referencedBy(ctx, group, LAUNCH_TEMPLATE)[0];
  const templateType = template && str(template.inputs.instanceType);
  return templateType ? [templateType] : [];
}

function rootVolumeGb(group: PricedResource, ctx: PricingContext): number {
  const template = referencedBy(ctx, group, LAUNCH_TEMPLATE)[0];
  if (!template) return 0;
  return items(template.inputs.blockDeviceMappings).reduce<number>(
    (sum, m) => sum + (num(get(m, "ebs", "volumeSize")) ?? 0),
    0,
  );
}

/**
 * An Auto Scaling group: low at minSize with the deepest spot discount, expected at the desired capacity,
 * high at maxSize with the shallowest. Capacity is split as EC2 Auto Scaling fills a mixed group
 * (infra/spot-mix.ts, the same maths the ComputePool component sizes with). With the `spot` lever off,
 * the Spot share is priced at the On-Demand price of the same instance types.
 */
export const priceAutoscalingGroup: Pricer = (group, ctx) => {
  const min = num(group.inputs.minSize) ?? 0;
  const max = num(group.inputs.maxSize) ?? min;
  const desired = num(group.inputs.desiredCapacity) ?? min;
  const types = candidateTypes(group, ctx);
  const known = types.map((t) => ({ t, p: instancePrice(t, ctx.prices) })).filter((x) => x.p !== undefined);
  if (known.length === 0) {
    const what =
      types.length > 0 ? `instance types not in the price table: ${types.join(", ")}` : "no instance type";
    return cost(group, { low: 0, expected: 0, high: 0 }, `unpriced: ${what}`);
  }
  const hourly = known.map((x) => x.p?.hourly ?? 0);
  const dist = get(group.inputs, "mixedInstancesPolicy", "instancesDistribution");
  const mixed = group.inputs.mixedInstancesPolicy !== undefined;
  const mix = mixed
    ? {
        onDemandBaseCapacity: num(get(dist, "onDemandBaseCapacity")) ?? 0,
        // AWS's default when unset: everything above the base On-Demand.
        onDemandPercentageAboveBaseCapacity: num(get(dist, "onDemandPercentageAboveBaseCapacity")) ?? 100,
      }
    : { onDemandBaseCapacity: Number.POSITIVE_INFINITY, onDemandPercentageAboveBaseCapacity: 100 };
  const strategy = str(get(dist, "onDemandAllocationStrategy")) ?? "prioritized";
  // On-demand follows the override order ("prioritized") or takes the cheapest ("lowest-price").
  const onDemandHourly = strategy === "lowest-price" ? Math.min(...hourly) : hourly[0];
  const mean = hourly.reduce((a, b) => a + b, 0) / hourly.length;
  const { hoursPerMonth: h, ebsGp3PerGBMonth } = ctx.prices;
  // Without the lever the same instances run On-Demand: the Spot share keeps its instance types, at full price.
  const spotDiscount = ctx.leversOff.has("spot") ? { low: 0, expected: 0, high: 0 } : ctx.prices.spotDiscount;
  const spotHourly = {
    low: Math.min(...hourly) * (1 - spotDiscount.low),
    expected: mean * (1 - spotDiscount.expected),
    high: Math.max(...hourly) * (1 - spotDiscount.high),
  };
  const volumeMonthly = rootVolumeGb(group, ctx) * ebsGp3PerGBMonth;
  // Off-hours schedules empty the group part of the week (instances and their volumes go with them).
  const onShare = ctx.leversOff.has("off-hours") ? 1 : (scheduledOnShare(group, ctx) ?? 1);
  const at = (n: number, spot: number) => {
    const split = splitCapacity(n, mix);
    const running =
      split.onDemand * (onDemandHourly * h + volumeMonthly) + split.spot * (spot * h + volumeMonthly);
    return running * onShare;
  };
  const monthly: MonthlyRange = {
    low: at(min, spotHourly.low),
    expected: at(desired, spotHourly.expected),
    high: at(max, spotHourly.high),
  };
  const odMin = splitCapacity(min, mix).onDemand;
  const odMax = splitCapacity(max, mix).onDemand;
  const typeList = known.map((x) => x.t).join(", ");
  const odPart = odMin === odMax ? `${odMin}` : `${odMin}-${odMax}`;
  const hours = onShare < 1 ? `${Math.round(h * onShare)} of ${h} h (off-hours schedule)` : `${h} h`;
  const basis = mixed
    ? `${odPart} x ${known[0].t} on-demand + ${min - odMin}-${max - odMax} spot (${typeList}; ${Math.round(spotDiscount.expected * 100)}% off expected), desired ${desired}, ${hours}`
    : `${min}-${max} x ${known[0].t} on-demand, desired ${desired}, ${hours}`;
  return cost(group, monthly, basis);
};

export const priceInstance: Pricer = (instance, ctx) => {
  const type = str(instance.inputs.instanceType);
  const p = type ? instancePrice(type, ctx.prices) : undefined;
  if (!type || !p)
    return cost(instance, { low: 0, expected: 0, high: 0 }, `unpriced: instance type ${type ?? "unknown"}`);
  const monthly = p.hourly * ctx.prices.hoursPerMonth;
  return cost(
    instance,
    { low: monthly, expected: monthly, high: monthly },
    `1 x ${type} on-demand, ${ctx.prices.hoursPerMonth} h`,
  );
};
