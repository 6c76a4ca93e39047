import { describe, expect, it } from "vitest";
import { planExitCode } from "../../../src/plan/report";
import { renderText } from "../../../src/plan/reporters/text";
import { sampleReport } from "./sample-report";

describe("renderText", () => {
  it("groups violations by policy with each resource and its message", () => {
    const text = renderText(sampleReport());
    expect(text).toContain(
      [
        "Policy violations (3)",
        "  required-tags [mandatory]: Checks whether every resource carries the required tags.",
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
