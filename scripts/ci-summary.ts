// Reads vitest's JSON report and prints CI's one summary line, "N passed, N failed".
//
//   npx tsx scripts/ci-summary.ts .ci-out/vitest.json    exit 1 when anything failed
//
// vitest's own totals undercount: when a file's beforeAll (or any setup) throws, its tests are reported
// "skipped" and the file "failed", and a file that fails to load has no tests at all. Here every test that
// did not run because its file failed counts as failed, and so does a failed file with nothing else to show.
import * as fs from "node:fs";

/** The part of vitest's JSON report (Jest-compatible) the summary reads. */
export interface VitestReport {
  readonly success?: boolean;
  readonly testResults: readonly {
    readonly name?: string;
    readonly status: string;
    readonly assertionResults: readonly { readonly status: string }[];
  }[];
}

export interface Summary {
  readonly passed: number;
  readonly failed: number;
}

/** Statuses of tests that never ran. The suite has no deliberately skipped tests, so in a failed file these mean its setup failed. */
const NOT_RUN = new Set(["skipped", "pending", "todo", "disabled"]);

export function summarize(report: VitestReport): Summary {
  let passed = 0;
  let failed = 0;
  for (const file of report.testResults) {
    const statuses = file.assertionResults.map((test) => test.status);
    passed += statuses.filter((s) => s === "passed").length;
    const failedTests = statuses.filter((s) => s === "failed").length;
    if (file.status !== "failed") {
      failed += failedTests;
      continue;
    }
    const notRun = statuses.filter((s) => NOT_RUN.has(s)).length;
    // A file that failed with every test passing (an afterAll threw) or with no tests (it failed to load).
    failed += Math.max(1, failedTests + notRun);
  }
  // An unhandled error outside any file still fails the run.
  if (failed === 0 && report.success === false) failed = 1;
  return { passed, failed };
}

export function summaryLine({ passed, failed }: Summary): string {
  return `${passed} passed, ${failed} failed`;
}

function main(args: readonly string[]): number {
  const file = args[0];
  if (file === undefined) {
    process.stderr.write("usage: tsx scripts/ci-summary.ts <vitest.json>\n");
    return 2;
  }
  const summary = summarize(JSON.parse(fs.readFileSync(file, "utf8")) as VitestReport);
  process.stdout.write(`${summaryLine(summary)}\n`);
  return summary.failed > 0 ? 1 : 0;
}

if (require.main === module) process.exitCode = main(process.argv.slice(2));
