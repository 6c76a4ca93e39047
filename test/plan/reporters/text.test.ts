import { describe, expect, it } from "vitest";
import { planExitCode } from "../../../src/plan/report";
import { renderText } from "../../../src/plan/reporters/text";
import { sampleReport, sampleReportWithCost } from "./sample-report";

describe("renderText", () => {
  it("groups violations by policy with each resource and its message", () => {
    const text = renderText(sampleReport());
    expect(text).toContain(
      [
        "Policy violations (3)",
        "  required-tags [mandatory]: Checks whether every resource carries the required tags.",
        "    fix: Add the tags to the provider's defaultTags.",
        "    ✗ logs (aws:s3/bucket:Bucket)",
        "        Missing tags: owner | cost-center",
        "        Add them to the provider's defaultTags.",
        "    ✗ assets-bucket (aws:s3/bucket:Bucket)",
        "        Missing tags: owner",
        "  budget [advisory]: Checks whether the stack stays within budget.",
        "    ! (stack)",
      ].join("\n"),
    );
    expect(text.trimEnd().split("\n").pop()).toBe(
      "BLOCKED: 4 resources (2 custom, 2 components), 2 mandatory, 1 advisory violation(s)",
    );
  });

  it("blocks only on mandatory violations", () => {
    expect(planExitCode(sampleReport())).toBe(1);
    const advisoryOnly = sampleReport().violations.filter((v) => v.enforcementLevel === "advisory");
    expect(planExitCode(sampleReport(advisoryOnly))).toBe(0);
  });
});

describe("renderText with a cost section", () => {
  it("lists billable resources by expected cost and, with no pack run, blocks on an exceeded budget", () => {
    const report = { ...sampleReportWithCost(), policies: { ran: false } };
    const text = renderText(report);
    expect(text).toContain(
      [
        "Estimated cost: $12.50/month (range $3.00 to $40.00)",
        "  $10.00  assets-bucket: 400 GB stored",
        "   $2.50  logs: 100 GB stored | STANDARD",
        "  Budget $10.00/month: EXCEEDED",
      ].join("\n"),
    );
    expect(text.trimEnd().split("\n").pop()).toBe(
      "BLOCKED: 4 resources (2 custom, 2 components), policies not run, $12.50/month expected (over the $10.00 budget)",
    );
    expect(planExitCode(report)).toBe(1);
    // With the pack run, the budget is its cost-monthly-budget policy's call: no violation, no block.
    expect(planExitCode(sampleReportWithCost())).toBe(0);
  });
});
