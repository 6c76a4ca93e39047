import { describe, expect, it } from "vitest";
import { costOptionsFromConfig } from "../../src/cli/cost-options";

describe("costOptionsFromConfig", () => {
  it("reads region, budget and usage overrides under the project's namespace", () => {
    const options = costOptionsFromConfig(
      {
        "aws:region": "eu-west-1",
        "shop:monthlyBudgetUsd": "250.5",
        "shop:usage": JSON.stringify({ natGbPerGateway: { low: 1, expected: 2, high: 3 } }),
      },
      "shop",
    );
    expect(options).toEqual({
      region: "eu-west-1",
      monthlyBudgetUsd: 250.5,
      usage: { natGbPerGateway: { low: 1, expected: 2, high: 3 } },
    });
  });

  it("sets nothing when nothing is configured", () => {
    expect(costOptionsFromConfig({}, "openclaw")).toEqual({});
  });

  it.each([
    ["-5", 'openclaw:monthlyBudgetUsd: "-5" is not a non-negative number of US dollars per month'],
    ["ten", 'openclaw:monthlyBudgetUsd: "ten" is not a non-negative number of US dollars per month'],
  ])("rejects the budget %j naming the key and value", (value, message) => {
    expect(() => costOptionsFromConfig({ "openclaw:monthlyBudgetUsd": value }, "openclaw")).toThrow(message);
  });

  it("rejects bad usage overrides naming the project's key and the field", () => {
    expect(() =>
      costOptionsFromConfig(
        { "shop:usage": JSON.stringify({ natGbPerGateway: { low: 5, expected: 1, high: 9 } }) },
        "shop",
      ),
    ).toThrow(/^shop:usage\.natGbPerGateway: must satisfy low <= expected <= high/);
    expect(() => costOptionsFromConfig({ "shop:usage": "{not json" }, "shop")).toThrow(
      /^shop:usage: not valid JSON/,
    );
  });
});
