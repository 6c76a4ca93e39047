/**
 * The built bundle (dist/gateway.js, started as users start it: `node bin/openclaw.js gateway`) against a
 * real HTTP upstream: a JSON answer (the dispatch path) and a stream (`pool.request`, which the bundle
 * installs on undici's Pool itself, without undici's index; see services/gateway/src/upstream/undici-pool.ts).
 */
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { completion, type FakeUpstream, startFakeUpstream, stream } from "./helpers/fake-upstream";

const KEY = "sk-bundle-upstream-0001";
const repoRoot = join(__dirname, "../..");

let dir: string;
let upstream: FakeUpstream;
let child: ChildProcess;
let url: string;

beforeAll(async () => {
  upstream = await startFakeUpstream();
  dir = mkdtempSync(join(tmpdir(), "openclaw-bundle-"));
  const config = join(dir, "gateway.yaml");
  writeFileSync(
    config,
    [
      "providers:",
      `  - { id: up, kind: openai, baseUrl: "${upstream.url}", apiKey: sk-upstream-secret }`,
      "models:",
      "  - { name: chat, routes: [{ provider: up, model: up-model }] }",
      "keys:",
      `  - { id: k, key: ${KEY} }`,
      "",
    ].join("\n"),
  );
  child = spawn(process.execPath, ["bin/openclaw.js", "gateway", "--config", config, "--port", "0"], {
    cwd: repoRoot,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  child.stderr?.on("data", (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`gateway did not start:\n${stderr}`)), 30_000);
    child.stdout?.on("data", (chunk: Buffer) => {
      stdout += chunk.toString();
      const match = /"url":"(http:[^"]+)"/.exec(stdout);
      if (match?.[1]) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    });
    child.once("exit", (code) => reject(new Error(`gateway exited with ${code}:\n${stderr}`)));
  });
}, 60_000);

afterAll(async () => {
  if (child.exitCode === null) child.kill("SIGKILL");
  await upstream.close();
  rmSync(dir, { recursive: true, force: true });
});

function chat(body: Record<string, unknown>): Promise<Response> {
  return fetch(`${url}/v1/chat/completions`, {
    method: "POST",
    headers: { authorization: `Bearer ${KEY}`, "content-type": "application/json" },
    body: JSON.stringify({ model: "chat", messages: [{ role: "user", content: "hi" }], ...body }),
  });
}

describe("the bundle against a real upstream", () => {
  it("relays a JSON answer, sending the upstream's key and model", async () => {
    upstream.queue(completion("from the bundle"));
    const res = await chat({});
    expect(res.status).toBe(200);
    const answer = (await res.json()) as { model: string; choices: Array<{ message: { content: string } }> };
    expect(answer.choices[0]?.message.content).toBe("from the bundle");
    expect(answer.model).toBe("up-model");
    const call = upstream.calls.at(-1);
    expect(call?.path).toBe("/v1/chat/completions");
    expect(call?.headers.authorization).toBe("Bearer sk-upstream-secret");
    expect(call?.body.model).toBe("up-model");
  });

  it("relays a stream chunk by chunk, ending with [DONE]", async () => {
    upstream.queue(stream({ pieces: ["Hel", "lo", "!"] }));
    const res = await chat({ stream: true });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toContain("text/event-stream");
    const text = await res.text();
    const content = text
      .split("\n\n")
      .filter((event) => event.startsWith("data: {"))
      .map((event) => JSON.parse(event.slice(6)) as { choices: Array<{ delta?: { content?: string } }> })
      .map((chunk) => chunk.choices[0]?.delta?.content ?? "")
      .join("");
    expect(content).toBe("Hello!");
    expect(text.endsWith("data: [DONE]\n\n")).toBe(true);
  });
});
