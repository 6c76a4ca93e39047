import { instancePrice, instanceTypesMatching } from "../prices";
import { field, list, num, str } from "../read";
import type { MonthlyRange, PricedResourceInput } from "../types";
import { cost, type Pricer, type PricingContext, referencedBy } from "./context";

const LAUNCH_TEMPLATE = "aws:ec2/launchTemplate:LaunchTemplate";

/** How many of `n` instances run on-demand, as EC2 Auto Scaling splits a mixed group. */
export function onDemandCount(n: number, base: number, percentAboveBase: number): number {
  const baseUsed = Math.min(n, base);
  // AWS rounds the on-demand share above base up, so it never undershoots the requested percentage.
  return baseUsed + Math.ceil(((n - baseUsed) * percentAboveBase) / 100);
}

/** The instance types a group may launch: overrides, else attribute-based matches, else the template's. */
function candidateTypes(group: PricedResourceInput, ctx: PricingContext): string[] {
  const overrides = list(field(group.inputs, "mixedInstancesPolicy", "launchTemplate", "overrides"));
  const explicit = overrides
    .map((o) => str(field(o, "instanceType")))
    .filter((t): t is string => t !== undefined);
  if (explicit.length > 0) return explicit;
  for (const o of overrides) {
    const req = field(o, "instanceRequirements");
    if (req === undefined) continue;
    const allowed = list(field(req, "allowedInstanceTypes")).map(str);
    const matches = instanceTypesMatching(
      {
        vcpuMin: num(field(req, "vcpuCount", "min")),
        vcpuMax: num(field(req, "vcpuCount", "max")),
        memoryMiBMin: num(field(req, "memoryMib", "min")),
        memoryMiBMax: num(field(req, "memoryMib", "max")),
      },
      ctx.prices,
    ).filter((t) => allowed.length === 0 || allowed.includes(t));
    if (matches.length > 0) return matches.slice(0, 5);
  }
  const template = referencedBy(ctx, group, LAUNCH_TEMPLATE)[0];
  const templateType = template && str(template.inputs.instanceType);
  return templateType ? [templateType] : [];
}

function rootVolumeGb(group: PricedResourceInput, ctx: PricingContext): number {
  const template = referencedBy(ctx, group, LAUNCH_TEMPLATE)[0];
  if (!template) return 0;
  return list(template.inputs.blockDeviceMappings).reduce<number>(
    (sum, m) => sum + (num(field(m, "ebs", "volumeSize")) ?? 0),
    0,
  );
}

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
  const dist = field(group.inputs, "mixedInstancesPolicy", "instancesDistribution");
  const mixed = group.inputs.mixedInstancesPolicy !== undefined;
  const base = mixed ? (num(field(dist, "onDemandBaseCapacity")) ?? 0) : Number.POSITIVE_INFINITY;
  const pct = mixed ? (num(field(dist, "onDemandPercentageAboveBaseCapacity")) ?? 100) : 100;
  const strategy = str(field(dist, "onDemandAllocationStrategy")) ?? "prioritized";
  // On-demand follows the override order ("prioritized") or takes the cheapest ("lowest-price").
  const onDemandHourly = strategy === "lowest-price" ? Math.min(...hourly) : hourly[0];
  const mean = hourly.reduce((a, b) => a + b, 0) / hourly.length;
  const { spotDiscount, hoursPerMonth: h, ebsGp3PerGBMonth } = ctx.prices;
  const spotHourly = {
    low: Math.min(...hourly) * (1 - spotDiscount.low),
    expected: mean * (1 - spotDiscount.expected),
    high: Math.max(...hourly) * (1 - spotDiscount.high),
  };
  const volumeMonthly = rootVolumeGb(group, ctx) * ebsGp3PerGBMonth;
  const at = (n: number, spot: number) => {
    const od = onDemandCount(n, base, pct);
    return od * (onDemandHourly * h + volumeMonthly) + (n - od) * (spot * h + volumeMonthly);
  };
  const monthly: MonthlyRange = {
    low: at(min, spotHourly.low),
    expected: at(desired, spotHourly.expected),
    high: at(max, spotHourly.high),
  };
  const odMin = onDemandCount(min, base, pct);
  const odMax = onDemandCount(max, base, pct);
  const typeList = known.map((x) => x.t).join(", ");
  const odPart = odMin === odMax ? `${odMin}` : `${odMin}-${odMax}`;
  const basis = mixed
    ? `${odPart} x ${known[0].t} on-demand + ${min - odMin}-${max - odMax} spot (${typeList}; ${Math.round(spotDiscount.expected * 100)}% off expected), desired ${desired}, ${h} h`
    : `${min}-${max} x ${known[0].t} on-demand, desired ${desired}, ${h} h`;
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
