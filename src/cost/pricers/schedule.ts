import { num, str } from "../../../policies/lib/values";
import type { PricedResource, PricingContext } from "./context";
import { referencing } from "./context";

const SCHEDULE = "aws:autoscaling/schedule:Schedule";
const HOURS_PER_WEEK = 168;
const DAYS = ["SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"];

/** The days of week a cron day-of-week field names (`*`, `MON-FRI`, `1-5`, `SAT,SUN`), or undefined. */
export function cronDays(field: string): Set<number> | undefined {
  if (field === "*") return new Set([0, 1, 2, 3, 4, 5, 6]);
  const day = (token: string): number | undefined => {
    const upper = token.toUpperCase();
    if (DAYS.includes(upper)) return DAYS.indexOf(upper);
    return /^[0-7]$/.test(token) ? Number(token) % 7 : undefined;
  };
  const days = new Set<number>();
  for (const part of field.split(",")) {
    const [from, to] = part.split("-").map(day);
    if (from === undefined || (part.includes("-") && to === undefined)) return undefined;
    for (let d = from; ; d = (d + 1) % 7) {
      days.add(d);
      if (to === undefined || d === to) break;
    }
  }
  return days;
}

interface DailyAction {
  readonly minuteOfDay: number;
  readonly days: string;
  readonly on: boolean;
}

/** "M H * * DOW" with fixed minute and hour; anything else is not a daily schedule this model reads. */
function dailyAction(schedule: PricedResource): DailyAction | undefined {
  const fields = (str(schedule.inputs.recurrence) ?? "").trim().split(/\s+/);
  if (fields.length !== 5 || fields[2] !== "*" || fields[3] !== "*") return undefined;
  const [minute, hour, , , days] = fields;
  if (!/^\d+$/.test(minute ?? "") || !/^\d+$/.test(hour ?? "")) return undefined;
  const desired = num(schedule.inputs.desiredCapacity);
  const max = num(schedule.inputs.maxSize);
  return {
    minuteOfDay: Number(hour) * 60 + Number(minute),
    days: days ?? "*",
    on: (desired ?? max ?? 0) > 0,
  };
}

/**
 * The share of the week a group runs, from an off-hours pair of scheduled actions on it: one scaling to 0
 * and one scaling back up, on the same days (the ComputePool `offHoursSchedule` shape). Undefined when the
 * group has no such pair (priced around the clock, the upper bound).
 */
export function scheduledOnShare(group: PricedResource, ctx: PricingContext): number | undefined {
  const actions = referencing(ctx, group, SCHEDULE).map(dailyAction);
  if (actions.length !== 2 || actions.some((a) => a === undefined)) return undefined;
  const up = actions.find((a) => a?.on);
  const down = actions.find((a) => a && !a.on);
  if (!up || !down || up.days !== down.days) return undefined;
  const days = cronDays(up.days);
  if (!days) return undefined;
  const onMinutes = (down.minuteOfDay - up.minuteOfDay + 1440) % 1440;
  return ((onMinutes / 60) * days.size) / HOURS_PER_WEEK;
}
