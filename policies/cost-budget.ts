import { estimateCost, topCostDrivers } from "../src/cost/estimate";
import { UnknownRegionError } from "../src/cost/prices";
import { stackRegion } from "../src/cost/region";
import type { BudgetBasis } from "../src/cost/types";
import type { UsageAssumptions } from "../src/cost/usage";
import { type CatalogEntry, stackPolicy } from "./lib/policy";

interface BudgetConfig {
  monthlyBudgetUsd?: number;
  region?: string;
  budgetBasis: BudgetBasis;
  usage?: Partial<UsageAssumptions>;
}

const usd = (n: number) => `$${n.toFixed(2)}`;

/**
 * The budget, enforced by the pack itself so `pulumi preview --policy-pack policies` and `openclaw plan`
 * hold the same line: the stack is priced by the same cost model (src/cost) the CLI reports with.
 */
export const monthlyBudget = stackPolicy<BudgetConfig>({
  name: "cost-monthly-budget",
  family: "cost",
  description:
    "Checks whether the stack's estimated monthly cost (expected, or the high end by config) stays within monthlyBudgetUsd, pricing every resource with the offline cost model for the AWS provider's region.",
  enforcementLevel: "mandatory",
  remediationSteps:
    "Shrink or remove the top cost drivers the message names (smaller pools, more Spot, lifecycle tiering), or raise monthlyBudgetUsd.",
  configSchema: {
    properties: {
      monthlyBudgetUsd: {
        type: "number",
        minimum: 0,
        description:
          "Monthly budget in USD; unset means no budget. openclaw plan fills it from <project>:monthlyBudgetUsd.",
      },
      region: {
        type: "string",
        description:
          "AWS region to price at; unset: the AWS provider's region. openclaw plan fills it from aws:region.",
      },
      budgetBasis: {
        type: "string",
        enum: ["expected", "high"],
        default: "expected",
        description: "Hold the expected monthly cost, or the high end of its range, against the budget.",
      },
      usage: {
        type: "object",
        description:
          "Usage assumptions as <project>:usage takes them ({natGbPerGateway: {low, expected, high}, ...}).",
      },
    },
  },
  check: (resources, config, report) => {
    if (config.monthlyBudgetUsd === undefined) return;
    const region =
      config.region ?? stackRegion(resources.map((r) => ({ type: r.type, name: r.name, inputs: r.props })));
    let estimate: ReturnType<typeof estimateCost>;
    try {
      estimate = estimateCost(
        resources.map((r) => ({
          urn: r.urn,
          type: r.type,
          name: r.name,
          inputs: r.props,
          dependencies: r.dependencies,
        })),
        {
          ...(region ? { region } : {}),
          ...(config.usage ? { usage: config.usage } : {}),
          monthlyBudgetUsd: config.monthlyBudgetUsd,
          budgetBasis: config.budgetBasis,
        },
      );
    } catch (error) {
      if (error instanceof UnknownRegionError) {
        report(`Cannot hold the stack to its ${usd(config.monthlyBudgetUsd)} budget: ${error.message}.`);
        return;
      }
      throw error;
    }
    const verdict = estimate.budget;
    if (!verdict?.exceeded) return;
    const drivers = topCostDrivers(estimate, 3)
      .map((line) => `${line.name} ${usd(line.monthly.expected)} (${line.basis})`)
      .join("; ");
    report(
      `The ${verdict.basis} monthly cost ${usd(verdict.monthly)} exceeds the ${usd(verdict.monthlyUsd)} budget by ` +
        `${usd(verdict.monthly - verdict.monthlyUsd)} (${estimate.priceTable.region} prices). ` +
        `Top cost drivers: ${drivers}.`,
    );
  },
});

export const budgetPolicies: CatalogEntry[] = [monthlyBudget];
