import { describe, expect, it } from "vitest";
import { summarize, summaryLine, type VitestReport } from "../../scripts/ci-summary";

/** One file of vitest's JSON report, as vitest 4 writes it. */
function file(status: "passed" | "failed", tests: string[]): VitestReport["testResults"][number] {
  return { name: "/repo/test/x.test.ts", status, assertionResults: tests.map((s) => ({ status: s })) };
}

describe("summarize (vitest JSON → the CI summary line)", () => {
  it("counts passed and failed tests of files that ran", () => {
    const report = {
      success: false,
      testResults: [file("passed", ["passed", "passed"]), file("failed", ["passed", "failed"])],
    };
    expect(summaryLine(summarize(report))).toBe("3 passed, 1 failed");
  });

  it("counts every test of a file whose beforeAll threw as failed (vitest reports them skipped)", () => {
    // What vitest 4 wrote for a describe whose beforeAll threw: the file failed, its two tests "skipped".
    const report = {
      success: false,
      testResults: [file("passed", ["passed"]), file("failed", ["skipped", "skipped"])],
    };
    expect(summarize(report)).toEqual({ passed: 1, failed: 2 });
  });

  it("counts a file that failed to load, or failed after its tests passed, as one failure", () => {
    const report = {
      success: false,
      testResults: [file("failed", []), file("failed", ["passed", "passed"]), file("passed", ["passed"])],
    };
    expect(summarize(report)).toEqual({ passed: 3, failed: 2 });
  });

  it("counts a run vitest marked unsuccessful with nothing else failing as one failure", () => {
    expect(summarize({ success: false, testResults: [file("passed", ["passed"])] })).toEqual({
      passed: 1,
      failed: 1,
    });
    expect(summarize({ success: true, testResults: [file("passed", ["passed"])] })).toEqual({
      passed: 1,
      failed: 0,
    });
  });
});
