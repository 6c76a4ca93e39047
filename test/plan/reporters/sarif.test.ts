import { describe, expect, it } from "vitest";
import { renderSarif } from "../../../src/plan/reporters/sarif";
import { BUCKET_URN, LOGS_URN, sampleReport } from "./sample-report";
import { sarifValidator } from "./sarif-schema";

interface SarifLog {
  runs: Array<{
    tool: { driver: { rules: Array<{ id: string; defaultConfiguration: { level: string } }> } };
    results: Array<{
      ruleId: string;
      ruleIndex: number;
      level: string;
      message: { text: string };
      locations: Array<{ logicalLocations: Array<{ fullyQualifiedName: string; name: string }> }>;
      partialFingerprints: Record<string, string>;
    }>;
  }>;
}

describe("renderSarif", () => {
  const text = renderSarif(sampleReport(), "1.2.3");
  const log = JSON.parse(text) as SarifLog;
  const run = log.runs[0];

  it("is valid SARIF 2.1.0 (the official JSON schema)", () => {
    const validate = sarifValidator();
    expect(validate(JSON.parse(text))).toEqual([]);
    // The schema bites: a run without its tool, a result level SARIF does not have.
    expect(validate({ version: "2.1.0", runs: [{ results: [] }] })).toContain(
      "/runs/0 must have required property 'tool'",
    );
    const badLevel = JSON.parse(text) as { runs: Array<{ results: Array<{ level: string }> }> };
    const first = badLevel.runs[0]?.results[0];
    if (first) first.level = "fatal";
    expect(validate(badLevel).join("\n")).toContain(
      "/runs/0/results/0/level must be equal to one of the allowed values",
    );
  });

  it("has one rule per policy and results pointing at their rule by id and index", () => {
    expect(run?.tool.driver.rules.map((r) => r.id)).toEqual(["required-tags", "budget"]);
    expect(run?.tool.driver.rules.map((r) => r.defaultConfiguration.level)).toEqual(["error", "warning"]);
    for (const result of run?.results ?? []) {
      expect(run?.tool.driver.rules[result.ruleIndex]?.id).toBe(result.ruleId);
    }
  });

  it("carries the policy's remediation as the rule's help and its severity for ranking", () => {
    const rules = (
      JSON.parse(text) as { runs: Array<{ tool: { driver: { rules: Array<Record<string, unknown>> } } }> }
    ).runs[0]?.tool.driver.rules;
    expect(rules?.[0]?.help).toEqual({ text: "Add the tags to the provider's defaultTags." });
    expect(rules?.[0]?.properties).toMatchObject({ "security-severity": "5.5" });
    expect(rules?.[1]?.help).toBeUndefined();
  });

  it("maps enforcement to level and the URN to the logical location", () => {
    const results = run?.results ?? [];
    expect(results.map((r) => r.level)).toEqual(["error", "error", "warning"]);
    expect(results[0]?.locations[0]?.logicalLocations[0]).toMatchObject({
      fullyQualifiedName: LOGS_URN,
      name: "logs",
    });
    expect(results[1]?.locations[0]?.logicalLocations[0]?.fullyQualifiedName).toBe(BUCKET_URN);
    // A stack policy without a URN is placed on the stack.
    expect(results[2]?.locations[0]?.logicalLocations[0]?.fullyQualifiedName).toBe(
      "urn:pulumi:dev::openclaw",
    );
  });

  it("fingerprints each violation distinctly and stably", () => {
    const prints = (run?.results ?? []).map((r) => r.partialFingerprints["openclawPolicyUrn/v1"]);
    expect(new Set(prints).size).toBe(3);
    const again = JSON.parse(renderSarif(sampleReport(), "1.2.3")) as SarifLog;
    expect(again.runs[0]?.results.map((r) => r.partialFingerprints["openclawPolicyUrn/v1"])).toEqual(prints);
  });
});
