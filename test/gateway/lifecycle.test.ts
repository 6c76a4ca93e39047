/**
 * The gateway as a process, started the way users and the container start it (`node bin/openclaw.js
 * gateway`, signals straight to node): URL log line, hot reload (file change and SIGHUP; a bad config is
 * rejected and the old one keeps serving; in-flight requests finish), graceful drain on SIGTERM.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const KEY = "sk-lifecycle-key-0004";
const repoRoot = join(__dirname, "../..");

function configYaml(models: string[]): string {
  return [
    "providers:",
    "  - id: mock",
    "    kind: mock",
    "    options: { chunkDelayMs: 100, streamChunks: 10 }",
    "models:",
    ...models.map((m) => `  - { name: ${m}, routes: [{ provider: mock, model: mock-echo }] }`),
    "keys:",
    `  - { id: demo, key: ${KEY} }`,
    "server: { drainTimeoutMs: 10000 }",
    "",
  ].join("\n");
}

let dir: string;
let configPath: string;
let child: ChildProcess;
let url: string;
const lines: Array<Record<string, unknown>> = [];
let exitCode: Promise<number | null>;

function waitForLog(predicate: (line: Record<string, unknown>) => boolean, from = 0, ms = 10_000) {
  return expect.poll(() => lines.slice(from).find(predicate), { timeout: ms, interval: 25 }).toBeDefined();
}

async function models(): Promise<string[]> {
  const res = await fetch(`${url}/v1/models`, { headers: { authorization: `Bearer ${KEY}` } });
  return ((await res.json()) as { data: Array<{ id: string }> }).data.map((m) => m.id);
}

function slowStream(): Promise<string> {
  return fetch(`${url}/v1/chat/completions`, {
    method: "POST",
    headers: { authorization: `Bearer ${KEY}`, "content-type": "application/json" },
    body: JSON.stringify({
      model: "chat",
      stream: true,
      messages: [{ role: "user", content: "a long answer" }],
    }),
  }).then((res) => res.text());
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "openclaw-gw-"));
  configPath = join(dir, "gateway.yaml");
  writeFileSync(configPath, configYaml(["chat"]));
  child = spawn(process.execPath, ["bin/openclaw.js", "gateway", "--config", configPath, "--port", "0"], {
    cwd: repoRoot,
    stdio: ["ignore", "pipe", "pipe"],
  });
  exitCode = new Promise((resolve) => child.once("exit", (code) => resolve(code)));
  let buffered = "";
  child.stdout?.on("data", (chunk: Buffer) => {
    buffered += chunk.toString();
    const parts = buffered.split("\n");
    buffered = parts.pop() ?? "";
    for (const part of parts) if (part.trim() !== "") lines.push(JSON.parse(part) as Record<string, unknown>);
  });
  let stderr = "";
  child.stderr?.on("data", (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const deadline = Date.now() + 30_000;
  while (!lines.some((l) => l.msg === "gateway listening")) {
    if (Date.now() > deadline || child.exitCode !== null)
      throw new Error(`gateway did not start:\n${stderr}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  url = String(lines.find((l) => l.msg === "gateway listening")?.url);
});

afterAll(() => {
  if (child.exitCode === null) child.kill("SIGKILL");
  rmSync(dir, { recursive: true, force: true });
});

describe("gateway process", () => {
  it("prints one log line with the URL it listens on (port 0 → a real port)", () => {
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(url).not.toMatch(/:0$/);
  });

  it("applies a good config on file change while an in-flight stream completes on the old one", async () => {
    const inFlight = slowStream();
    const from = lines.length;
    writeFileSync(configPath, configYaml(["chat", "added"]));
    await waitForLog((l) => l.msg === "config reloaded", from);
    expect(await models()).toEqual(["chat", "added"]);
    const text = await inFlight;
    expect(text.endsWith("data: [DONE]\n\n")).toBe(true);
  });

  it("rejects a bad config with a logged error naming the field, and keeps serving the old one", async () => {
    const from = lines.length;
    writeFileSync(configPath, configYaml(["chat"]).replace("keys:", "keyz:"));
    await waitForLog((l) => l.msg === "config reload rejected; keeping the old config", from);
    const rejected = lines
      .slice(from)
      .find((l) => l.msg === "config reload rejected; keeping the old config");
    expect(JSON.stringify(rejected?.problems)).toContain("keyz");
    expect(await models()).toEqual(["chat", "added"]);
  });

  it("reloads on SIGHUP", async () => {
    writeFileSync(configPath, configYaml(["chat", "via-sighup"]));
    const from = lines.length;
    child.kill("SIGHUP");
    await waitForLog((l) => l.msg === "config reloaded" && l.trigger === "SIGHUP", from);
    expect(await models()).toEqual(["chat", "via-sighup"]);
  });

  it("drains on SIGTERM: readyz 503 at once, new requests 503, the in-flight stream finishes, exit 0", async () => {
    const inFlight = slowStream();
    await expect.poll(async () => (await fetch(`${url}/metrics`)).text()).toMatch(/in_flight_requests 1/);
    child.kill("SIGTERM");
    await waitForLog((l) => l.msg === "draining");
    const ready = await fetch(`${url}/readyz`);
    expect(ready.status).toBe(503);
    const refused = await fetch(`${url}/v1/models`, { headers: { authorization: `Bearer ${KEY}` } });
    expect(refused.status).toBe(503);
    expect(await refused.json()).toMatchObject({ error: { code: "server_draining" } });
    const text = await inFlight;
    expect(text.endsWith("data: [DONE]\n\n")).toBe(true);
    expect(await exitCode).toBe(0);
  });
});

describe("gateway process with a bad config", () => {
  it("exits 2 before listening, naming the field", async () => {
    const bad = join(dir, "bad.yaml");
    writeFileSync(bad, configYaml(["chat"]).replace("kind: mock", "kind: mystery"));
    const run = spawn(process.execPath, ["bin/openclaw.js", "gateway", "--config", bad, "--port", "0"], {
      cwd: repoRoot,
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stderr = "";
    run.stderr?.on("data", (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    const code = await new Promise<number | null>((resolve) => run.once("exit", resolve));
    expect(code).toBe(2);
    expect(stderr).toContain("providers[0].kind: unknown provider kind 'mystery'");
  });
});
