import { str } from "../../../policies/lib/values";
import { cost, flat, type Pricer } from "./context";

export const priceDistribution: Pricer = (dist, ctx) => {
  const priceClass = str(dist.inputs.priceClass) ?? "PriceClass_All";
  const rates: Record<string, number> = ctx.prices.cloudfrontPerGB;
  const perGb = rates[priceClass] ?? rates.PriceClass_All;
  const gb = ctx.usage.cdnGbOutPerDistribution;
  return cost(
    dist,
    { low: gb.low * perGb, expected: gb.expected * perGb, high: gb.high * perGb },
    `${gb.expected} GB out at ${priceClass} ($${perGb}/GB); requests not priced`,
  );
};

export const priceWebAcl: Pricer = (acl, ctx) =>
  cost(acl, flat(ctx.prices.wafWebAclMonthly), "1 web ACL; rules and requests not priced");
