import { bool, str } from "../../../policies/lib/values";
import { items } from "../read";
import type { MonthlyRange } from "../types";
import { cost, flat, type Pricer } from "./context";

export const priceNatGateway: Pricer = (nat, ctx) => {
  const { hourly, perGB } = ctx.prices.natGateway;
  const h = ctx.prices.hoursPerMonth;
  const gb = ctx.usage.natGbPerGateway;
  const at = (g: number) => hourly * h + perGB * g;
  const monthly: MonthlyRange = { low: at(gb.low), expected: at(gb.expected), high: at(gb.high) };
  return cost(nat, monthly, `${h} h + ${gb.expected} GB processed`);
};

export const priceElasticIp: Pricer = (eip, ctx) =>
  cost(
    eip,
    flat(ctx.prices.publicIpv4Hourly * ctx.prices.hoursPerMonth),
    `public IPv4 address, ${ctx.prices.hoursPerMonth} h`,
  );

export const priceLoadBalancer: Pricer = (lb, ctx) => {
  const kind = str(lb.inputs.loadBalancerType) ?? "application";
  const h = ctx.prices.hoursPerMonth;
  const fixed = kind === "network" ? ctx.prices.nlb.hourly : ctx.prices.alb.hourly;
  const perUnit = kind === "network" ? ctx.prices.nlb.perNlcuHour : ctx.prices.alb.perLcuHour;
  // An internet-facing load balancer holds a public IPv4 address in each of its subnets.
  const publicIps = bool(lb.inputs.internal) === true ? 0 : items(lb.inputs.subnets).length;
  const ipHourly = publicIps * ctx.prices.publicIpv4Hourly;
  const u = ctx.usage.lbCapacityUnits;
  const at = (units: number) => (fixed + perUnit * units + ipHourly) * h;
  const ips = publicIps > 0 ? ` + ${publicIps} public IPv4` : "";
  return cost(
    lb,
    { low: at(u.low), expected: at(u.expected), high: at(u.high) },
    `${kind} LB, ${h} h + ${u.expected} capacity units${ips}`,
  );
};

export const priceEksCluster: Pricer = (cluster, ctx) =>
  cost(
    cluster,
    flat(ctx.prices.eksClusterHourly * ctx.prices.hoursPerMonth),
    `EKS control plane, ${ctx.prices.hoursPerMonth} h`,
  );
