import { describe, expect, it } from "vitest";
import type { CostSection } from "../../../src/plan/report";
import { renderJson } from "../../../src/plan/reporters/json";
import { LOGS_URN, sampleReport } from "./sample-report";

describe("renderJson", () => {
  it("follows the interface contract: stack, resources{urn,type,name}, violations", () => {
    const body = JSON.parse(renderJson(sampleReport())) as Record<string, unknown>;
    expect(body.stack).toBe("dev");
    expect((body.resources as unknown[])[3]).toEqual({
      urn: LOGS_URN,
      type: "aws:s3/bucket:Bucket",
      name: "logs",
      custom: true,
      parent: "urn:pulumi:dev::openclaw::pulumi:pulumi:Stack::openclaw-dev",
    });
    expect((body.violations as unknown[])[0]).toEqual({
      policy: "required-tags",
      enforcementLevel: "mandatory",
      urn: LOGS_URN,
      message: "Missing tags: owner | cost-center\nAdd them to the provider's defaultTags.",
      packName: "openclaw",
      description: "Checks whether every resource carries the required tags.",
      remediation: "Add the tags to the provider's defaultTags.",
      severity: "medium",
    });
    // No cost model ran: the cost section is absent rather than invented.
    expect("cost" in body).toBe(false);
  });

  it("passes a cost section through when a cost model filled it", () => {
    const cost: CostSection = {
      currency: "USD",
      monthly: { expected: 12.5, low: 10, high: 20 },
      byResource: [{ urn: LOGS_URN, monthly: { expected: 12.5, low: 10, high: 20 }, basis: "test basis" }],
    };
    const report = { ...sampleReport(), cost };
    const body = JSON.parse(renderJson(report)) as { cost: CostSection };
    expect(body.cost).toEqual(cost);
  });
});
