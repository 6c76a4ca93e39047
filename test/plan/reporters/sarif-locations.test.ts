import { describe, expect, it } from "vitest";
import { evaluateProgram } from "../../../src/plan/evaluate";
import { buildReport } from "../../../src/plan/report";
import { renderSarif } from "../../../src/plan/reporters/sarif";
import type { PolicyViolation } from "../../../src/plan/types";
import { sarifValidator } from "./sarif-schema";

const PROGRAM = "test/fixtures/programs/storage-site.ts";

interface Location {
  physicalLocation: {
    artifactLocation: { uri: string };
    region: { startLine: number; startColumn?: number };
  };
}

describe("SARIF locations of a real evaluation", () => {
  it("points each result at the line that declared its resource, else at Pulumi.yaml", async () => {
    const evaluation = await evaluateProgram({ program: PROGRAM, stack: "dev" });
    const urnOf = (name: string) => evaluation.resources.find((r) => r.name === name)?.urn ?? name;
    const violation = (policy: string, urn?: string): PolicyViolation => ({
      policy,
      enforcementLevel: "mandatory",
      message: `${policy} failed`,
      ...(urn ? { urn } : {}),
    });
    const report = buildReport({
      evaluation,
      program: PROGRAM,
      violations: [
        violation("bucket-rule", urnOf("site-storage-bucket")),
        violation("component-rule", urnOf("site-storage")),
        violation("logs-rule", urnOf("site-logs")),
        violation("stack-rule"),
      ],
      policies: { ran: true },
    });
    const log = JSON.parse(renderSarif(report, "0.0.0")) as {
      runs: Array<{ results: Array<{ ruleId: string; locations: Location[] }> }>;
    };
    expect(sarifValidator()(log)).toEqual([]);
    const where = Object.fromEntries(
      (log.runs[0]?.results ?? []).map((r) => {
        const p = r.locations[0]?.physicalLocation;
        return [r.ruleId, `${p?.artifactLocation.uri}:${p?.region.startLine}`];
      }),
    );
    // storage-site.ts: the bucket is declared on line 20 inside SiteStorage, the component on line 39 and the
    // logs bucket on line 40 at top level. A stack-wide violation has no resource: the project file.
    expect(where).toEqual({
      "bucket-rule": `${PROGRAM}:20`,
      "component-rule": `${PROGRAM}:39`,
      "logs-rule": `${PROGRAM}:40`,
      "stack-rule": "test/fixtures/programs/Pulumi.yaml:1",
    });
  });
});
