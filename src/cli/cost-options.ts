import type { EstimateOptions } from "../cost/estimate";
import { pricesFor, UnknownRegionError } from "../cost/prices";
import { parseUsageOverrides } from "../cost/usage";
import { UsageError } from "../plan/errors";

/**
 * The cost model's options from the stack config: `aws:region` (a region the price file has),
 * `<project>:monthlyBudgetUsd` (a non-negative number; 0 means none) and `<project>:usage` (JSON usage overrides).
 *
 * @throws UsageError naming the key, the value and what is allowed.
 */
export function costOptionsFromConfig(config: Record<string, string>, project: string): EstimateOptions {
  const options: { region?: string; monthlyBudgetUsd?: number; usage?: EstimateOptions["usage"] } = {};
  const region = config["aws:region"];
  if (region) {
    try {
      pricesFor(region);
    } catch (error) {
      if (error instanceof UnknownRegionError) throw new UsageError(error.message);
      throw error;
    }
    options.region = region;
  }

  const budgetKey = `${project}:monthlyBudgetUsd`;
  const budget = config[budgetKey];
  if (budget !== undefined && budget.trim() !== "") {
    const value = Number(budget);
    if (!Number.isFinite(value) || value < 0) {
      throw new UsageError(`${budgetKey}: "${budget}" is not a non-negative number of US dollars per month`);
    }
    // 0 is Pulumi.yaml's default: no budget.
    if (value > 0) options.monthlyBudgetUsd = value;
  }

  const usage = config[`${project}:usage`];
  if (usage !== undefined && usage.trim() !== "") {
    try {
      options.usage = parseUsageOverrides(usage);
    } catch (error) {
      // The model's message names "openclaw:usage" and the field; keep it, under the project's key.
      throw new UsageError((error as Error).message.replace(/^openclaw:usage/, `${project}:usage`));
    }
  }
  return options;
}
