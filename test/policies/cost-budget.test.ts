import * as aws from "@pulumi/aws";
import { describe, expect, it } from "vitest";
import type { PolicyViolation } from "../../src/plan/types";
import { judge, nameOf } from "./harness";

/** A NAT gateway ($37.35/month expected in us-east-1) and a 2 x t3.medium group ($60.74). */
function smallStack(): void {
  new aws.ec2.NatGateway("nat", { subnetId: "subnet-1", allocationId: "eipalloc-1" });
  const lt = new aws.ec2.LaunchTemplate("lt", { instanceType: "t3.medium" });
  new aws.autoscaling.Group("web", {
    minSize: 2,
    maxSize: 4,
    launchTemplate: { id: lt.id },
    availabilityZones: ["us-east-1a"],
  });
}

const budgetViolations = (violations: PolicyViolation[]) =>
  violations.filter((v) => v.policy === "cost-monthly-budget");

describe("cost-monthly-budget through the analyzer", () => {
  it("passes a stack within its budget and says nothing without one", async () => {
    const within = await judge(smallStack, {
      config: { "aws:region": "us-east-1" },
      defaultProviders: true,
      policyConfig: { "cost-monthly-budget": { monthlyBudgetUsd: 100 } },
    });
    expect(budgetViolations(within.violations)).toEqual([]);
    const none = await judge(smallStack, { config: { "aws:region": "us-east-1" }, defaultProviders: true });
    expect(budgetViolations(none.violations)).toEqual([]);
  });

  it("fails a stack over budget as mandatory, naming the top three cost drivers", async () => {
    const over = await judge(smallStack, {
      config: { "aws:region": "us-east-1" },
      defaultProviders: true,
      policyConfig: { "cost-monthly-budget": { monthlyBudgetUsd: 50 } },
    });
    const [violation] = budgetViolations(over.violations);
    expect(violation?.enforcementLevel).toBe("mandatory");
    expect(violation?.urn).toBeUndefined();
    expect(violation?.message).toBe(
      "The expected monthly cost $98.09 exceeds the $50.00 budget by $48.09 (us-east-1 prices). " +
        "Top cost drivers: web $60.74 (2-4 x t3.medium on-demand, desired 2, 730 h); nat $37.35 (730 h + 100 GB processed).",
    );
  });

  it("prices at the provider's region and can hold the high end instead", async () => {
    const eu = await judge(smallStack, {
      config: { "aws:region": "eu-west-1" },
      defaultProviders: true,
      policyConfig: { "cost-monthly-budget": { monthlyBudgetUsd: 100, budgetBasis: "high" } },
    });
    // eu-west-1 high end: NAT 730 x 0.048 + 1000 GB x 0.048 = 83.04; 4 x t3.medium 0.0456 x 730 = 133.15.
    expect(budgetViolations(eu.violations).map((v) => v.message)).toEqual([
      "The high monthly cost $216.19 exceeds the $100.00 budget by $116.19 (eu-west-1 prices). " +
        "Top cost drivers: web $66.58 (2-4 x t3.medium on-demand, desired 2, 730 h); nat $39.84 (730 h + 100 GB processed).",
    ]);
    expect(eu.violations.every((v) => nameOf(v.urn) !== "")).toBe(true);
  });
});
