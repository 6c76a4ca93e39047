import { spawn } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { describe, expect, it } from "vitest";

const repoRoot = path.resolve(__dirname, "..", "..");

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function waitFor<T>(probe: () => T | undefined, what: string, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe.each([
  ["SIGTERM", 143],
  ["SIGINT", 130],
] as const)("openclaw plan interrupted by %s", (signal, expectedCode) => {
  it("stops the policy pack's process and exits", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "openclaw-signal-"));
    const pidFile = path.join(dir, "analyzer.pid");
    // `node` directly: signals sent to `npx` never reach the CLI.
    const cli = spawn(
      process.execPath,
      [
        "bin/openclaw.js",
        "plan",
        "--program",
        "test/fixtures/programs/public-bucket.ts",
        "--policy-pack",
        "test/fixtures/policy-pack-slow",
      ],
      { cwd: repoRoot, env: { ...process.env, OPENCLAW_TEST_PID_FILE: pidFile }, stdio: "ignore" },
    );
    const exited = new Promise<number | null>((resolve) => cli.once("exit", (code) => resolve(code)));
    try {
      const analyzerPid = await waitFor(
        () =>
          fs.existsSync(pidFile) && fs.readFileSync(pidFile, "utf8")
            ? Number(fs.readFileSync(pidFile, "utf8"))
            : undefined,
        "the policy pack to start analyzing",
      );
      expect(isAlive(analyzerPid)).toBe(true);
      cli.kill(signal);
      expect(await exited).toBe(expectedCode);
      await waitFor(
        () => (isAlive(analyzerPid) ? undefined : true),
        `analyzer pid ${analyzerPid} to exit`,
        5_000,
      );
    } finally {
      if (cli.exitCode === null) cli.kill("SIGKILL");
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
