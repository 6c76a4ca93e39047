import { execFile } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { describe, expect, it } from "vitest";

const repoRoot = path.resolve(__dirname, "..", "..");
const program = "test/fixtures/programs/storage-site.ts";

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

function openclaw(...args: string[]): Promise<Run> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ["bin/openclaw.js", ...args],
      { cwd: repoRoot, timeout: 90_000, env: { ...process.env, OPENCLAW_DEBUG: "" } },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === "number" ? error.code : -1) : 0;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

const stderrLines = (run: Run) => run.stderr.split("\n").filter((l) => l.trim() !== "");

interface CostJson {
  monthly: { expected: number };
  byResource: Array<{ urn: string; monthly: { expected: number } }>;
  savings: { baselineMonthly: number; expectedMonthly: number; percent: number; levers: unknown[] };
  compare?: {
    baselineMonthly: number;
    monthly: number;
    deltaMonthly: number;
    byResource: Array<{ urn: string; name: string; change: string; deltaMonthly: number }>;
  };
}

function tempFile(name: string, text: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "openclaw-compare-"));
  const file = path.join(dir, name);
  fs.writeFileSync(file, text);
  return file;
}

describe("openclaw plan: savings and --compare", () => {
  it("reports savings and diffs the cost per resource against a baseline report", async () => {
    const first = await openclaw("plan", "--program", program, "--no-policies", "--format", "json");
    expect(first.code).toBe(0);
    const cost = (JSON.parse(first.stdout) as { cost: CostJson }).cost;
    // storage-site: a 30-day-expiring bucket with no transitions and a logs bucket: no lever applies.
    expect(cost.savings).toEqual({
      baselineMonthly: cost.monthly.expected,
      expectedMonthly: cost.monthly.expected,
      percent: 0,
      levers: [],
    });
    // No aws:region: priced where the program's explicit provider deploys, as the budget policy prices it.
    expect(
      (JSON.parse(first.stdout) as { cost: { priceTable: { region: string } } }).cost.priceTable.region,
    ).toBe("eu-west-1");
    const [logs, storage] = [...cost.byResource].sort((a, b) => a.urn.localeCompare(b.urn));
    expect(logs?.urn.endsWith("::site-logs")).toBe(true);
    // The baseline: site-logs cost $1 more, site-storage-bucket did not exist, a queue was removed since.
    const baseline = {
      cost: {
        monthly: { expected: cost.monthly.expected - (storage?.monthly.expected ?? 0) + 1 + 12.5 },
        byResource: [
          { urn: logs?.urn, monthly: { expected: (logs?.monthly.expected ?? 0) + 1 } },
          { urn: "urn:pulumi:dev::fixtures::aws:sqs/queue:Queue::jobs", monthly: { expected: 12.5 } },
        ],
      },
    };
    const file = tempFile("base.json", JSON.stringify(baseline));
    const run = await openclaw(
      "plan",
      "--program",
      program,
      "--no-policies",
      "--format",
      "json",
      "--compare",
      file,
    );
    expect(run.code).toBe(0);
    const compare = (JSON.parse(run.stdout) as { cost: CostJson }).cost.compare;
    const storageCost = storage?.monthly.expected ?? 0;
    expect(compare?.byResource).toEqual([
      { urn: baseline.cost.byResource[1]?.urn, name: "jobs", change: "removed", deltaMonthly: -12.5 },
      { urn: storage?.urn, name: "site-storage-bucket", change: "added", deltaMonthly: storageCost },
      { urn: logs?.urn, name: "site-logs", change: "changed", deltaMonthly: -1 },
    ]);
    expect(compare?.monthly).toBe(cost.monthly.expected);
    expect(compare?.deltaMonthly).toBe(Math.round((storageCost - 13.5) * 100) / 100);

    const md = await openclaw(
      "plan",
      "--program",
      program,
      "--no-policies",
      "--format",
      "markdown",
      "--compare",
      file,
    );
    expect(md.stdout).toContain(
      "| Resource | Change | Monthly delta |\n|---|---|---:|\n| jobs | removed | -$12.50 |",
    );
    expect(md.stdout).toContain("| site-logs | changed | -$1.00 |");
  });

  it.each([
    ["missing.json", undefined, "no such file"],
    ["bad.json", "{ not json", "not a JSON plan report: "],
    [
      "nocost.json",
      '{"stack":"dev","resources":[]}',
      "not a JSON plan report with a cost section (openclaw plan --format json): cost: ",
    ],
  ])("exits 2 with one line for a bad baseline (%s)", async (name, text, message) => {
    const file = text === undefined ? path.join(os.tmpdir(), "openclaw-none", name) : tempFile(name, text);
    const run = await openclaw("plan", "--program", program, "--no-policies", "--compare", file);
    expect(run.code).toBe(2);
    const lines = stderrLines(run);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain(`openclaw: --compare ${file}: ${message}`);
  });

  it("exits 2 naming the priced regions for a region without prices", async () => {
    const run = await openclaw(
      "plan",
      "--program",
      program,
      "--no-policies",
      "--config",
      "aws:region=ap-south-9",
    );
    expect(run.code).toBe(2);
    expect(stderrLines(run)).toEqual([
      'openclaw: aws:region "ap-south-9" has no prices in pricing/aws-prices.json; regions with prices: us-east-1, eu-west-1',
    ]);
  });

  it("blocks an over-budget plan through the pack's cost-monthly-budget policy", async () => {
    const levels = tempFile(
      "levels.json",
      JSON.stringify({ all: "advisory", "cost-monthly-budget": "mandatory" }),
    );
    const base = ["plan", "--program", program, "--policy-config", levels, "--format", "json"];
    const over = await openclaw(...base, "--config", "monthlyBudgetUsd=0.01");
    expect(over.code).toBe(1);
    const body = JSON.parse(over.stdout) as {
      violations: Array<{ policy: string; enforcementLevel: string; message: string }>;
    };
    const budget = body.violations.filter((v) => v.policy === "cost-monthly-budget");
    expect(budget).toHaveLength(1);
    expect(budget[0]?.enforcementLevel).toBe("mandatory");
    expect(budget[0]?.message).toMatch(
      /^The expected monthly cost \$\d+\.\d\d exceeds the \$0\.01 budget by \$\d+\.\d\d \(eu-west-1 prices\)\. Top cost drivers: site-(logs|storage-bucket) /,
    );
    const within = await openclaw(...base, "--config", "monthlyBudgetUsd=1000");
    expect(within.code).toBe(0);
  });
});
