import { describe, expect, it } from "vitest";
import { FinOps, validateFinOpsArgs } from "../../infra/finops";
import { evaluate, evaluatePlatform } from "./helpers";

const BUDGET = "aws:budgets/budget:Budget";
const MONITOR = "aws:costexplorer/anomalyMonitor:AnomalyMonitor";
const SUBSCRIPTION = "aws:costexplorer/anomalySubscription:AnomalySubscription";

describe("FinOps", () => {
  it("budgets the cost center with 80/100 % actual and 100 % forecast alerts to email", async () => {
    const result = await evaluate(
      () =>
        new FinOps("finops", {
          monthlyBudgetUsd: 250,
          costCenter: "cc-1001",
          alertEmails: ["finops@example.com"],
          anomalyThresholdUsd: 40,
        }),
    );
    const budget = result.resources.find((r) => r.type === BUDGET);
    const emailAlert = (notificationType: string, threshold: number) => ({
      comparisonOperator: "GREATER_THAN",
      notificationType,
      threshold,
      thresholdType: "PERCENTAGE",
      subscriberEmailAddresses: ["finops@example.com"],
    });
    expect(budget?.inputs).toMatchObject({
      budgetType: "COST",
      limitAmount: "250",
      limitUnit: "USD",
      timeUnit: "MONTHLY",
      costFilters: [{ name: "TagKeyValue", values: ["user:cost-center$cc-1001"] }],
      notifications: [emailAlert("ACTUAL", 80), emailAlert("ACTUAL", 100), emailAlert("FORECASTED", 100)],
    });
    const monitor = result.resources.find((r) => r.type === MONITOR);
    expect(monitor?.inputs.monitorType).toBe("CUSTOM");
    expect(JSON.parse(String(monitor?.inputs.monitorSpecification))).toEqual({
      Tags: { Key: "cost-center", Values: ["cc-1001"], MatchOptions: ["EQUALS"] },
    });
    const subscription = result.resources.find((r) => r.type === SUBSCRIPTION);
    expect(subscription?.inputs).toMatchObject({
      frequency: "DAILY",
      subscribers: [{ type: "EMAIL", address: "finops@example.com" }],
      thresholdExpression: {
        dimension: {
          key: "ANOMALY_TOTAL_IMPACT_ABSOLUTE",
          matchOptions: ["GREATER_THAN_OR_EQUAL"],
          values: ["40"],
        },
      },
    });
    expect(subscription?.dependencies).toContain(monitor?.urn);
  });

  it("alerts an SNS topic immediately when one is given", async () => {
    const topic = "arn:aws:sns:us-east-1:123456789012:finops";
    const result = await evaluate(
      () => new FinOps("finops", { monthlyBudgetUsd: 100, costCenter: "cc-2", alertSnsTopicArn: topic }),
    );
    const budget = result.resources.find((r) => r.type === BUDGET);
    expect((budget?.inputs.notifications as Array<Record<string, unknown>> | undefined)?.[2]).toEqual({
      comparisonOperator: "GREATER_THAN",
      notificationType: "FORECASTED",
      threshold: 100,
      thresholdType: "PERCENTAGE",
      subscriberSnsTopicArns: [topic],
    });
    expect(result.resources.find((r) => r.type === SUBSCRIPTION)?.inputs).toMatchObject({
      frequency: "IMMEDIATE",
      subscribers: [{ type: "SNS", address: topic }],
    });
  });

  it("names the argument and the value it refuses", () => {
    expect(validateFinOpsArgs({ monthlyBudgetUsd: 0, costCenter: "cc", anomalyThresholdUsd: -1 })).toEqual([
      {
        propertyPath: "monthlyBudgetUsd",
        reason: "monthlyBudgetUsd must be a whole number of USD above 0; got 0",
      },
      {
        propertyPath: "anomalyThresholdUsd",
        reason: "anomalyThresholdUsd must be a number of USD above 0; got -1",
      },
      {
        propertyPath: "alertEmails",
        reason: "alertEmails must list an address when alertSnsTopicArn is unset; got undefined",
      },
    ]);
  });

  it("is provisioned from the dev stack's config (monthlyBudgetUsd, budgetAlertEmails)", async () => {
    const dev = await evaluatePlatform("dev");
    const budget = dev.resources.find((r) => r.type === BUDGET);
    expect(budget?.inputs).toMatchObject({
      limitAmount: "250",
      costFilters: [{ name: "TagKeyValue", values: ["user:cost-center$cc-1001"] }],
    });
    const prod = await evaluatePlatform("prod");
    expect(prod.resources.filter((r) => [BUDGET, MONITOR, SUBSCRIPTION].includes(r.type))).toEqual([]);
  });
});
