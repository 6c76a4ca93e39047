import { execFile, spawn } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { gatewayUrl } from "../gateway/helpers/gateway-url";

const repoRoot = path.resolve(__dirname, "..", "..");

function openclaw(...args: string[]): Promise<{ code: number; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ["bin/openclaw.js", ...args],
      { cwd: repoRoot, timeout: 30_000 },
      (error, _out, stderr) => {
        resolve({ code: error ? (typeof error.code === "number" ? error.code : -1) : 0, stderr });
      },
    );
  });
}

// Only the launcher's own validation: starting the gateway itself is the gateway's tests' job.
describe("openclaw gateway (launcher)", () => {
  it.each([
    [["gateway", "--port", "http"], 'openclaw: --port "http": expected an integer from 0 to 65535'],
    [["gateway", "--port", "70000"], 'openclaw: --port "70000": expected an integer from 0 to 65535'],
    [
      ["gateway", "--config", "no/such/gateway.yaml"],
      "openclaw: --config no/such/gateway.yaml: no such file",
    ],
    [["gateway", "--listen", "1"], "openclaw: unknown option '--listen'"],
  ])("exits 2 with one line for %j", async (args, line) => {
    const run = await openclaw(...args);
    expect(run.code).toBe(2);
    expect(run.stderr.trim().split("\n")).toEqual([line]);
  });
});

describe("openclaw gateway (hand-over)", () => {
  it("starts the gateway on the requested port, serves /healthz and drains on SIGTERM", async () => {
    // `node` directly, so SIGTERM reaches the process.
    const child = spawn(
      process.execPath,
      ["bin/openclaw.js", "gateway", "--port", "0", "--host", "127.0.0.1"],
      {
        cwd: repoRoot,
        stdio: ["ignore", "pipe", "pipe"],
      },
    );
    const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
    try {
      const url = await gatewayUrl(child);
      const health = await fetch(`${url}/healthz`);
      expect(health.status).toBe(200);
      child.kill("SIGTERM");
      expect(await exited).toBe(0);
    } finally {
      if (child.exitCode === null) child.kill("SIGKILL");
    }
  });
});

describe("openclaw gateway (the process)", () => {
  it("loads the gateway's bundle and nothing of the planner, Pulumi or tsx", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "openclaw-gw-modules-"));
    const report = path.join(dir, "modules.json");
    const preload = path.join(dir, "record-modules.js");
    // Records every CommonJS module the process loaded, when it exits.
    fs.writeFileSync(
      preload,
      `process.on("exit", () => require("node:fs").writeFileSync(${JSON.stringify(report)}, ` +
        `JSON.stringify(Object.keys(require.cache).filter((f) => f !== __filename))));\n`,
    );
    const child = spawn(
      process.execPath,
      ["--require", preload, "bin/openclaw.js", "gateway", "--port", "0", "--host", "127.0.0.1"],
      { cwd: repoRoot, stdio: ["ignore", "pipe", "inherit"] },
    );
    const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
    try {
      await gatewayUrl(child);
      child.kill("SIGTERM");
      expect(await exited).toBe(0);
      const modules = JSON.parse(fs.readFileSync(report, "utf8")) as string[];
      expect(modules.map((file) => path.relative(repoRoot, file)).sort()).toEqual([
        "bin/openclaw.js",
        "services/gateway/build.js",
        "services/gateway/dist/gateway.js",
      ]);
    } finally {
      if (child.exitCode === null) child.kill("SIGKILL");
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
