import { describe, expect, it } from "vitest";
import {
  type PolicyDescriptor,
  parsePolicyConfig,
  reconcilePolicyConfig,
} from "../../src/plan/policy-config";

const budget: PolicyDescriptor = {
  name: "budget",
  description: "Checks whether the stack stays within budget.",
  enforcementLevel: "advisory",
  configProperties: {
    monthlyBudgetUsd: { type: "number", minimum: 0 },
    warnAtPercent: { type: "integer", default: 80 },
  },
  required: ["monthlyBudgetUsd"],
};
const tags: PolicyDescriptor = {
  name: "required-tags",
  description: "Checks whether resources carry the required tags.",
  enforcementLevel: "mandatory",
  configProperties: { requiredTags: { type: "array", items: { type: "string" }, default: ["owner"] } },
};

describe("reconcilePolicyConfig", () => {
  it("layers schema defaults, initial config and the user's config, with all before each policy", () => {
    const reconciled = reconcilePolicyConfig(
      [budget, tags],
      parsePolicyConfig({ all: "mandatory", budget: { monthlyBudgetUsd: 100 } }, "initial"),
      parsePolicyConfig(
        { all: "advisory", budget: { enforcementLevel: "mandatory", warnAtPercent: 90 } },
        "user",
      ),
    );
    expect(reconciled).toEqual({
      budget: { enforcementLevel: "mandatory", properties: { monthlyBudgetUsd: 100, warnAtPercent: 90 } },
      "required-tags": { enforcementLevel: "advisory", properties: { requiredTags: ["owner"] } },
    });
  });

  it("keeps each policy's own level when nothing overrides it", () => {
    const reconciled = reconcilePolicyConfig([tags], {}, {});
    expect(reconciled["required-tags"]?.enforcementLevel).toBe("mandatory");
  });

  it("names a required property that no layer provides", () => {
    expect(() => reconcilePolicyConfig([budget], {}, {}, "policy.json")).toThrow(
      "policy.json: budget.monthlyBudgetUsd: must have required property 'monthlyBudgetUsd'",
    );
  });

  it("names a nested field whose value breaks the schema", () => {
    expect(() =>
      reconcilePolicyConfig(
        [tags],
        {},
        parsePolicyConfig({ "required-tags": { requiredTags: ["owner", 7] } }, "u"),
        "u",
      ),
    ).toThrow("u: required-tags.requiredTags.1: value 7 must be string");
  });

  it("refuses properties on all", () => {
    expect(() =>
      reconcilePolicyConfig([tags], {}, parsePolicyConfig({ all: { requiredTags: [] } }, "u"), "u"),
    ).toThrow('u: all: only an enforcement level is allowed for "all"');
  });
});

describe("parsePolicyConfig", () => {
  it.each([
    [[1, 2], "cfg: policy config must be a JSON object keyed by policy name"],
    [{ budget: 3 }, "cfg: budget: expected an enforcement level or an object, got 3"],
    [
      { budget: { enforcementLevel: "loud" } },
      'cfg: budget.enforcementLevel: "loud" is not one of advisory, mandatory, remediate, disabled',
    ],
  ])("rejects %j naming the field", (raw, message) => {
    expect(() => parsePolicyConfig(raw, "cfg")).toThrow(message);
  });
});
