import { execFile } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { describe, expect, it } from "vitest";

const repoRoot = path.resolve(__dirname, "..", "..");
const programs = "test/fixtures/programs";
const pack = "test/fixtures/policy-pack";

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the real CLI entry as a child process, from the repo root. */
function openclaw(...args: string[]): Promise<Run> {
  return openclawWithEnv({}, ...args);
}

function openclawWithEnv(env: Record<string, string>, ...args: string[]): Promise<Run> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ["bin/openclaw.js", ...args],
      { cwd: repoRoot, timeout: 60_000, env: { ...process.env, OPENCLAW_DEBUG: "", ...env } },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === "number" ? error.code : -1) : 0;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

function stderrLines(run: Run): string[] {
  return run.stderr.split("\n").filter((l) => l.trim() !== "");
}

describe("openclaw plan (end to end)", () => {
  it("prints the inventory as a tree under components, counts by type and a summary", async () => {
    const run = await openclaw("plan", "--program", `${programs}/storage-site.ts`, "--no-policies");
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(
      "Plan for stack dev (project fixtures, program test/fixtures/programs/storage-site.ts)",
    );
    expect(run.stdout).toContain(
      [
        "  └─ site-storage  openclaw:test:SiteStorage",
        "     ├─ site-storage-bucket  aws:s3/bucket:Bucket",
        "     ├─ site-storage-versioning  aws:s3/bucketVersioning:BucketVersioning",
        "     └─ site-storage-lifecycle  aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration",
      ].join("\n"),
    );
    expect(run.stdout).toContain("  2  aws:s3/bucket:Bucket");
    expect(run.stdout).toContain("OK: 8 resources (6 custom, 2 components), policies not run");
  });

  it("prints JSON matching the contract, with stack config and --config overrides applied", async () => {
    const run = await openclaw(
      "plan",
      "--program",
      `${programs}/storage-site.ts`,
      "--stack",
      "staging",
      "--config",
      "retentionDays=200",
      "--format",
      "json",
      "--policy-pack",
      pack,
    );
    const report = JSON.parse(run.stdout) as {
      stack: string;
      resources: Array<{ urn: string; type: string; name: string }>;
      violations: Array<{ policy: string; enforcementLevel: string; urn?: string; message: string }>;
    };
    expect(report.stack).toBe("staging");
    // 7 registered plus the default aws provider of the one bucket that names no provider.
    expect(report.resources.length).toBe(8);
    for (const r of report.resources) {
      expect(typeof r.urn).toBe("string");
      expect(typeof r.type).toBe("string");
      expect(typeof r.name).toBe("string");
    }
    // Prefix from Pulumi.staging.yaml; retentionDays from --config beats Pulumi.yaml's default of 45.
    expect(report.resources.map((r) => r.name)).toContain("staged-logs");
    const lifecycle = report.violations.find((v) => v.policy === "lifecycle-within-limit");
    expect(lifecycle?.message).toBe("pack-label: expiration after 200 days exceeds maxDays 90.");
    expect(report.violations.find((v) => v.policy === "buckets-versioned")).toMatchObject({
      enforcementLevel: "mandatory",
      urn: "urn:pulumi:staging::fixtures::aws:s3/bucket:Bucket::staged-logs",
    });
    expect(run.code).toBe(1);
    // The secure value is replaced, and the user is told once.
    expect(stderrLines(run)).toEqual([
      "note: fixtures:apiToken is a secret in the stack file; the plan uses a placeholder value",
    ]);
  });

  it("exits 1 on a mandatory violation and 0 once the policy config lowers it", async () => {
    const blocked = await openclaw(
      "plan",
      "--program",
      `${programs}/public-bucket.ts`,
      "--policy-pack",
      pack,
    );
    expect(blocked.code).toBe(1);
    expect(blocked.stdout).toContain("Policies: openclaw-fixture@0.1.0, 6 policies");
    expect(blocked.stdout).toContain("no-public-bucket [mandatory]");
    expect(blocked.stdout).toContain('    fix: Remove the acl argument, or set it to "private".');
    expect(blocked.stdout).toContain('Bucket public-assets must not have the public ACL "public-read".');
    expect(blocked.stdout).toContain("BLOCKED: ");

    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "openclaw-plan-"));
    const configFile = path.join(dir, "policy-config.json");
    fs.writeFileSync(configFile, JSON.stringify({ "no-public-bucket": "advisory" }));
    const lowered = await openclaw(
      "plan",
      "--program",
      `${programs}/public-bucket.ts`,
      "--policy-pack",
      pack,
      "--policy-config",
      configFile,
    );
    expect(lowered.code).toBe(0);
    expect(lowered.stdout).toContain("no-public-bucket [advisory]");
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it("gives resources without a provider the default provider, configured from the stack's aws: keys", async () => {
    const args = [
      "plan",
      "--program",
      `${programs}/storage-site.ts`,
      "--policy-pack",
      pack,
      "--format",
      "json",
    ];
    const before = JSON.parse((await openclaw(...args)).stdout) as { violations: Array<{ policy: string }> };
    expect(before.violations.map((v) => v.policy)).toContain("team-tag");
    const tagged = await openclaw(...args, "--config", 'aws:defaultTags={"tags":{"team":"ops"}}');
    const after = JSON.parse(tagged.stdout) as {
      resources: Array<{ urn: string; type: string; name: string }>;
      violations: Array<{ policy: string }>;
    };
    expect(after.resources.filter((r) => r.type === "pulumi:providers:aws").map((r) => r.name)).toEqual([
      "default_7_48_0",
      "tagged",
    ]);
    // site-logs now gets team from the default provider's defaultTags, as under `pulumi preview`.
    expect(after.violations.map((v) => v.policy)).not.toContain("team-tag");
  });

  it("prices the stack and exits 1 when the expected cost exceeds the configured budget", async () => {
    const args = ["plan", "--program", `${programs}/storage-site.ts`, "--no-policies", "--format", "json"];
    const within = await openclaw(...args, "--config", "monthlyBudgetUsd=1000");
    const body = JSON.parse(within.stdout) as {
      cost: {
        currency: string;
        monthly: { expected: number };
        byResource: Array<{ urn: string; basis: string }>;
        budget: { exceeded: boolean };
      };
    };
    expect(within.code).toBe(0);
    expect(body.cost.currency).toBe("USD");
    // Both buckets are billable lines; the versioning and lifecycle resources cost nothing by themselves.
    expect(body.cost.byResource.map((l) => l.urn.split("::").pop()).sort()).toEqual([
      "site-logs",
      "site-storage-bucket",
    ]);
    expect(body.cost.monthly.expected).toBeGreaterThan(0);
    expect(body.cost.budget.exceeded).toBe(false);

    const over = await openclaw(
      "plan",
      "--program",
      `${programs}/storage-site.ts`,
      "--no-policies",
      "--config",
      "monthlyBudgetUsd=0.01",
    );
    expect(over.code).toBe(1);
    expect(over.stdout).toContain("Budget $0.01/month: EXCEEDED");
    expect(over.stdout.trimEnd().split("\n").pop()).toMatch(/^BLOCKED: .*\(over the \$0\.01 budget\)$/);

    const bad = await openclaw(
      "plan",
      "--program",
      `${programs}/storage-site.ts`,
      "--config",
      "monthlyBudgetUsd=cheap",
    );
    expect(bad.code).toBe(2);
    expect(stderrLines(bad)).toEqual([
      'openclaw: fixtures:monthlyBudgetUsd: "cheap" is not a non-negative number of US dollars per month',
    ]);
  });

  it("writes markdown and SARIF reports to --out", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "openclaw-plan-"));
    const md = path.join(dir, "plan.md");
    const sarifFile = path.join(dir, "plan.sarif");
    const [mdRun, sarifRun] = await Promise.all([
      openclaw(
        "plan",
        "--program",
        `${programs}/public-bucket.ts`,
        "--policy-pack",
        pack,
        "--format",
        "markdown",
        "--out",
        md,
      ),
      openclaw(
        "plan",
        "--program",
        `${programs}/public-bucket.ts`,
        "--policy-pack",
        pack,
        "--format",
        "sarif",
        "--out",
        sarifFile,
      ),
    ]);
    expect(mdRun.code).toBe(1);
    expect(mdRun.stdout).toBe("");
    const markdown = fs.readFileSync(md, "utf8");
    expect(markdown).toContain("## OpenClaw plan: `dev` ❌ blocked");
    expect(markdown).toContain(
      "| ❌ mandatory | `no-public-bucket` | public-assets (aws:s3/bucket:Bucket) |",
    );
    expect(markdown).toContain("<details><summary>Inventory (4 resources)</summary>");

    expect(sarifRun.code).toBe(1);
    const sarif = JSON.parse(fs.readFileSync(sarifFile, "utf8")) as {
      version: string;
      runs: Array<{
        tool: { driver: { rules: Array<{ id: string }> } };
        results: Array<{ ruleId: string; level: string }>;
      }>;
    };
    expect(sarif.version).toBe("2.1.0");
    expect(sarif.runs[0]?.tool.driver.rules.map((r) => r.id)).toContain("no-public-bucket");
    expect(sarif.runs[0]?.results.find((r) => r.ruleId === "no-public-bucket")?.level).toBe("error");
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it("keeps what the program prints out of the report: stdout stays valid JSON, the lines go to stderr", async () => {
    const run = await openclaw(
      "plan",
      "--program",
      `${programs}/chatty.ts`,
      "--no-policies",
      "--format",
      "json",
    );
    expect(run.code).toBe(0);
    const body = JSON.parse(run.stdout) as { resources: Array<{ name: string }> };
    expect(body.resources.map((r) => r.name)).toContain("chatty");
    expect(run.stderr).toContain("chatty: building the bucket");
    expect(run.stderr).toMatch(/info: \[runtime\] chatty: created arn:aws:s3:::chatty-[0-9a-f]{7}/);
  });

  it("takes a project directory as --program, like pulumi does", async () => {
    const run = await openclaw("plan", "--program", `${programs}/minimal-project`, "--no-policies");
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(
      "Plan for stack dev (project minimal, program test/fixtures/programs/minimal-project/index.ts)",
    );
  });

  it("exits 2 with one line naming the file and line when the program throws", async () => {
    const run = await openclaw("plan", "--program", `${programs}/throws.ts`, "--no-policies");
    expect(run.code).toBe(2);
    expect(run.stdout).toBe("");
    expect(stderrLines(run)).toEqual([
      "openclaw: program failed: test/fixtures/programs/throws.ts:7:9: missing required setting openclaw:domain",
    ]);
  });

  it("names the line and the compiler's reason when the program does not compile", async () => {
    // Written at test time: a fixture that doesn't compile would fail the repo's typecheck.
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "openclaw-syntax-"));
    const file = path.join(dir, "index.ts");
    fs.writeFileSync(
      file,
      'import * as aws from "@pulumi/aws";\n\nconst broken = ;\nnew aws.s3.Bucket("never");\n',
    );
    const run = await openclaw("plan", "--program", file, "--no-policies");
    expect(run.code).toBe(2);
    expect(stderrLines(run)).toEqual([
      `openclaw: program failed: ${file}:3:16: syntax error: Unexpected ";"`,
    ]);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it("shows the stack trace only with OPENCLAW_DEBUG=1", async () => {
    const run = await openclawWithEnv(
      { OPENCLAW_DEBUG: "1" },
      "plan",
      "--program",
      `${programs}/throws.ts`,
      "--no-policies",
    );
    expect(run.code).toBe(2);
    const lines = stderrLines(run);
    expect(lines[0]).toBe(
      "openclaw: program failed: test/fixtures/programs/throws.ts:7:9: missing required setting openclaw:domain",
    );
    expect(run.stderr).toContain("caused by: Error: missing required setting openclaw:domain");
    expect(run.stderr).toMatch(/at requireSetting \(.*throws\.ts:\d+:\d+\)/);
  });

  it("prints the commands and exits 2 when no command is given", async () => {
    const run = await openclaw();
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("Usage: openclaw [options] [command]");
    expect(run.stderr).toMatch(/plan \[options\]\s+Evaluate a Pulumi program offline/);
    expect(run.stderr).toMatch(/gateway \[options\]\s+Start the OpenAI-compatible LLM gateway/);
  });

  it.each([
    [["plan", "--bogus"], "openclaw: unknown option '--bogus'"],
    [
      ["plan", "--format", "xml"],
      "openclaw: option '--format <format>' argument 'xml' is invalid. Allowed choices are text, json, markdown, sarif.",
    ],
    [
      ["plan", "--config", "no-equals-sign"],
      'openclaw: --config "no-equals-sign": expected key=value, e.g. --config aws:region=eu-west-1',
    ],
    [
      ["plan", "--config", "openclaw:monthlyBudgetUsdd=100"],
      "openclaw: --config openclaw:monthlyBudgetUsdd=100: openclaw:monthlyBudgetUsdd is not a config key this " +
        "project declares; did you mean openclaw:monthlyBudgetUsd?",
    ],
    [
      ["plan", "--config", "baselineMinsize=2"],
      "openclaw: --config baselineMinsize=2: openclaw:baselineMinsize is not a config key this project declares; " +
        "did you mean openclaw:baselineMinSize?",
    ],
    [["plan", "--program", "missing/program.ts"], "openclaw: program missing/program.ts: no such file"],
    [["plan", "--program", "test/fixtures"], "openclaw: program test/fixtures: no such file"],
    [["plan", "--policy-config", "missing.json"], "openclaw: --policy-config missing.json: no such file"],
    [["frobnicate"], "openclaw: unknown command 'frobnicate'"],
  ])("exits 2 with one line for the usage error %j", async (args, line) => {
    const run = await openclaw(...args);
    expect(run.code).toBe(2);
    expect(stderrLines(run)).toEqual([line]);
  });
});
