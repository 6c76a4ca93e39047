import { get, num } from "../../../policies/lib/values";
import { items } from "../read";
import { cost, flat, type Pricer } from "./context";

/**
 * CloudWatch bills an alarm per metric it watches: a metric-math alarm over three metrics costs three
 * alarm-metrics. Periods under a minute are high resolution, at three times the price.
 */
export const priceMetricAlarm: Pricer = (alarm, ctx) => {
  const queries = items(alarm.inputs.metricQueries);
  const metrics = queries.length > 0 ? queries.filter((q) => get(q, "metric") !== undefined) : [alarm.inputs];
  const periods =
    queries.length > 0 ? metrics.map((q) => num(get(q, "metric", "period"))) : [num(alarm.inputs.period)];
  const highResolution = periods.some((p) => p !== undefined && p < 60);
  const perMetric = highResolution
    ? ctx.prices.cloudwatch.alarmHighResolutionMonthly
    : ctx.prices.cloudwatch.alarmStandardMonthly;
  const count = Math.max(metrics.length, 1);
  return cost(
    alarm,
    flat(count * perMetric),
    `${count} alarm metric${count === 1 ? "" : "s"}${highResolution ? ", high resolution" : ""}`,
  );
};

export const priceDashboard: Pricer = (dashboard, ctx) =>
  cost(
    dashboard,
    flat(ctx.prices.cloudwatch.dashboardMonthly),
    "1 dashboard (an account's first 3 are free; priced as if used up)",
  );
