import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { afterEach, describe, expect, it } from "vitest";

const REPO = path.resolve(__dirname, "../..");
const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

/**
 * A copy of .ci/run in a scratch checkout holding a stale passing report from an earlier run, with stub
 * commands first on PATH (they stand in for a broken tool; redis-server is stubbed so nothing is installed).
 */
function runCi(stubs: Record<string, string>): { code: number | null; lines: string[]; staleLeft: boolean } {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), "openclaw-ci-"));
  dirs.push(root);
  fs.mkdirSync(path.join(root, ".ci"));
  fs.copyFileSync(path.join(REPO, ".ci/run"), path.join(root, ".ci/run"));
  fs.copyFileSync(path.join(REPO, "package.json"), path.join(root, "package.json"));
  fs.mkdirSync(path.join(root, "scripts"));
  fs.copyFileSync(path.join(REPO, "scripts/ci-summary.ts"), path.join(root, "scripts/ci-summary.ts"));
  fs.symlinkSync(path.join(REPO, "node_modules"), path.join(root, "node_modules"));
  fs.mkdirSync(path.join(root, ".ci-out"));
  const stale = {
    success: true,
    testResults: [{ status: "passed", assertionResults: [{ status: "passed" }] }],
  };
  fs.writeFileSync(path.join(root, ".ci-out/vitest.json"), JSON.stringify(stale));
  const bin = path.join(root, "stub-bin");
  fs.mkdirSync(bin);
  for (const [name, script] of Object.entries({ "redis-server": "exit 0", ...stubs })) {
    fs.writeFileSync(path.join(bin, name), `#!/usr/bin/env bash\n${script}\n`, { mode: 0o755 });
  }
  const run = spawnSync("bash", [path.join(root, ".ci/run")], {
    env: { ...process.env, PATH: `${bin}:${process.env.PATH}` },
    encoding: "utf8",
    timeout: 30_000,
  });
  const lines = run.stdout.trim().split("\n");
  return { code: run.status, lines, staleLeft: fs.existsSync(path.join(root, ".ci-out/vitest.json")) };
}

describe(".ci/run", () => {
  it("ends with the summary line and fails when an early step (npm ci) fails, ignoring an earlier report", () => {
    const run = runCi({ npm: 'echo "npm ERR! stubbed failure" >&2; exit 1' });
    expect(run.code).toBe(1);
    expect(run.lines.at(-1)).toBe("0 passed, 1 failed");
    expect(run.staleLeft).toBe(false);
  });

  it("checks the Node version before anything else", () => {
    const run = runCi({
      node: 'if [ "$1" = "-e" ]; then echo "Node 18.0.0 is too old" >&2; exit 1; fi; exit 1',
      npm: 'echo "npm must not run" ; exit 0',
    });
    expect(run.code).toBe(1);
    expect(run.lines).toEqual(["0 passed, 1 failed"]);
  });

  it("counts the tests a failed beforeAll kept from running", () => {
    // npm stub: every step passes; `npm test` writes the report vitest writes when a beforeAll throws.
    const report = {
      success: false,
      testResults: [
        { status: "passed", assertionResults: [{ status: "passed" }, { status: "passed" }] },
        { status: "failed", assertionResults: [{ status: "skipped" }, { status: "skipped" }] },
      ],
    };
    const run = runCi({
      npm: [
        'case "$1" in',
        '  ls) echo "$PWD/node_modules/@pulumi/pulumi" ;;',
        `  test) echo '${JSON.stringify(report)}' > .ci-out/vitest.json; exit 1 ;;`,
        "esac",
      ].join("\n"),
    });
    expect(run.code).toBe(1);
    expect(run.lines.at(-1)).toBe("2 passed, 2 failed");
  });
});
