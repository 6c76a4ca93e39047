/**
 * The container image, as far as it can be checked without a Docker engine: the Dockerfile's build stage
 * is carried out in a temporary directory (its COPY lines, then its build), its final stage is assembled from
 * that (no node_modules anywhere above it) exactly as its COPY lines say, then its ENTRYPOINT is started
 * with plain node and must serve /readyz, write nothing into its own files, and drain on SIGTERM. The rules a cluster relies on (numeric non-root user, node as PID 1) are read from the file.
 */
import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, posix } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type FakeUpstream, startFakeUpstream, stream } from "./helpers/fake-upstream";
import { gatewayUrl } from "./helpers/gateway-url";

const { GATEWAY_NODE_FLAGS, GATEWAY_ENV } = require("../../services/gateway/runtime.js") as {
  GATEWAY_NODE_FLAGS: string[];
  GATEWAY_ENV: Record<string, string>;
};
const repoRoot = join(__dirname, "../..");
const gatewayDir = join(repoRoot, "services/gateway");
const KEY = "sk-image-test-key-0001";

interface Instruction {
  readonly keyword: string;
  readonly args: string;
}

/** Dockerfile instructions, continuation lines joined, comments dropped. */
function instructions(text: string): Instruction[] {
  const joined = text.replace(/\\\n/g, " ");
  return joined
    .split("\n")
    .map((line) => line.trim())
    .filter((line) => line !== "" && !line.startsWith("#"))
    .map((line) => {
      const [keyword = "", ...rest] = line.split(/\s+/);
      return { keyword: keyword.toUpperCase(), args: rest.join(" ") };
    });
}

interface Stage {
  readonly from: string;
  readonly name?: string;
  readonly steps: Instruction[];
}

function stages(all: Instruction[]): Stage[] {
  const out: Array<{ from: string; name?: string; steps: Instruction[] }> = [];
  for (const step of all) {
    if (step.keyword === "FROM") {
      const [image = "", as, name] = step.args.split(/\s+/);
      out.push({ from: image, ...(as?.toUpperCase() === "AS" && name ? { name } : {}), steps: [] });
    } else out.at(-1)?.steps.push(step);
  }
  return out;
}

function last(stage: Stage, keyword: string): string | undefined {
  return stage.steps.filter((s) => s.keyword === keyword).at(-1)?.args;
}

interface Copy {
  readonly from?: string;
  readonly sources: string[];
  readonly dest: string;
}

function copies(stage: Stage): Copy[] {
  return stage.steps
    .filter((s) => s.keyword === "COPY")
    .map((s) => {
      const words = s.args.split(/\s+/);
      const flags = words.filter((w) => w.startsWith("--"));
      const paths = words.filter((w) => !w.startsWith("--"));
      const from = flags.find((f) => f.startsWith("--from="))?.slice("--from=".length);
      return { ...(from ? { from } : {}), sources: paths.slice(0, -1), dest: paths.at(-1) ?? "" };
    });
}

const dockerfile = stages(instructions(readFileSync(join(gatewayDir, "Dockerfile"), "utf8")));
const build = dockerfile.find((s) => s.name === "build");
const final = dockerfile.at(-1) as Stage;
const ignoreRules = readFileSync(join(gatewayDir, "Dockerfile.dockerignore"), "utf8")
  .split("\n")
  .map((line) => line.trim())
  .filter((line) => line !== "" && !line.startsWith("#"));

describe("services/gateway/Dockerfile", () => {
  it("builds in one stage and runs from a small Node 20 base in another", () => {
    expect(build?.from).toBe("node:20-slim");
    expect(final.from).toMatch(/^(node:20-slim|gcr\.io\/distroless\/nodejs20-debian1\d(:nonroot)?)$/);
    expect(final.steps.some((s) => s.keyword === "RUN")).toBe(false);
  });

  it("runs as a numeric non-root user", () => {
    const user = last(final, "USER") ?? "";
    expect(user).toMatch(/^\d+(:\d+)?$/);
    expect(user.split(":").map(Number)).toEqual([10001, 10001]);
  });

  it("runs node itself as PID 1 (exec form, no shell or npm) on port 8787, tuned as runtime.js says", () => {
    const entrypoint = JSON.parse(last(final, "ENTRYPOINT") ?? "null") as string[];
    const flags = GATEWAY_NODE_FLAGS.length;
    expect(entrypoint.slice(0, 2 + flags)).toEqual(["node", ...GATEWAY_NODE_FLAGS, "dist/gateway.js"]);
    expect(entrypoint.slice(2 + flags)).toEqual(["--host", "0.0.0.0", "--port", "8787"]);
    const env = final.steps.filter((s) => s.keyword === "ENV").map((s) => s.args);
    for (const [name, value] of Object.entries(GATEWAY_ENV)) expect(env).toContain(`${name}=${value}`);
    expect(last(final, "EXPOSE")).toBe("8787");
  });

  it("copies only paths that exist and that the ignore file lets into the context", () => {
    expect(ignoreRules[0]).toBe("*");
    const contextSources = dockerfile.flatMap((stage) => copies(stage).filter((c) => !c.from));
    expect(contextSources.length).toBeGreaterThan(0);
    for (const copy of contextSources) {
      for (const source of copy.sources) {
        expect(existsSync(join(repoRoot, source)), source).toBe(true);
        const allowed = ignoreRules.some(
          (rule) =>
            rule.startsWith("!") && (source === rule.slice(1) || source.startsWith(`${rule.slice(1)}/`)),
        );
        expect(allowed, `${source} is excluded by Dockerfile.dockerignore`).toBe(true);
      }
    }
  });
});

describe("the image's filesystem, started with plain node", () => {
  let root: string;
  let app: string;
  let child: ChildProcess;
  let url: string;
  let before: string[];
  let upstream: FakeUpstream;

  /** Carries out one COPY into `workdir`, reading each source from where `locate` says it is. */
  function copyInto(workdir: string, copy: Copy, locate: (source: string) => string): void {
    for (const source of copy.sources) {
      const into = copy.dest.endsWith("/")
        ? join(workdir, copy.dest, posix.basename(source))
        : join(workdir, copy.dest);
      mkdirSync(dirname(into), { recursive: true });
      cpSync(locate(source), into, { recursive: true });
    }
  }

  /** Every file under `dir` with its size and mtime, to notice anything the process writes. */
  function listing(dir: string): string[] {
    return readdirSync(dir, { recursive: true, encoding: "utf8" })
      .map((file) => {
        const stat = statSync(join(dir, file));
        return `${file} ${stat.size} ${stat.mtimeMs}`;
      })
      .sort();
  }

  beforeAll(async () => {
    // The build stage, run here: its COPY lines into a temporary WORKDIR, this checkout's node_modules in
    // place of its `npm ci`, then its last RUN (the build).
    root = mkdtempSync(join(tmpdir(), "openclaw-image-"));
    const buildStage = build as Stage;
    const buildWorkdir = last(buildStage, "WORKDIR") ?? "";
    const buildRoot = join(root, "build-stage");
    for (const copy of copies(buildStage)) copyInto(buildRoot, copy, (source) => join(repoRoot, source));
    symlinkSync(join(repoRoot, "node_modules"), join(buildRoot, "node_modules"));
    const buildCommand = (last(buildStage, "RUN") ?? "").split(/\s+/);
    expect(buildCommand.slice(0, 2)).toEqual(["node", "services/gateway/build.js"]);
    execFileSync(process.execPath, buildCommand.slice(1), { cwd: buildRoot, stdio: "inherit" });

    // The final stage: its COPY lines from the build stage's result and the context.
    const workdir = last(final, "WORKDIR") ?? "/";
    app = join(root, workdir);
    for (const copy of copies(final)) {
      for (const source of copy.sources) {
        const from = copy.from
          ? join(repoRoot, posix.relative(buildWorkdir, source))
          : join(repoRoot, source);
        const into = copy.dest.endsWith("/")
          ? join(app, copy.dest, posix.basename(source))
          : join(app, copy.dest);
        mkdirSync(dirname(into), { recursive: true });
        cpSync(from, into, { recursive: true });
      }
    }
    // CMD's default config path is a mount; the test mounts the mock config there.
    const cmd = JSON.parse(last(final, "CMD") ?? "[]") as string[];
    expect(cmd).toEqual(["--config", "/config/gateway.yaml"]);
    // The mock provider, and a real upstream over HTTP: the bundle's own HTTP client must work too.
    upstream = await startFakeUpstream();
    mkdirSync(join(root, "config"));
    writeFileSync(
      join(root, "config/gateway.yaml"),
      [
        "providers:",
        "  - { id: mock, kind: mock }",
        `  - { id: fake, kind: openai, baseUrl: "${upstream.url}/v1", apiKey: sk-fake-upstream-key }`,
        "models:",
        "  - { name: mock-chat, routes: [{ provider: mock, model: mock-echo-1 }] }",
        "  - { name: upstream-chat, routes: [{ provider: fake, model: gpt-4o }] }",
        "keys:",
        `  - { id: image, key: ${KEY} }`,
        "",
      ].join("\n"),
    );
    before = listing(app);

    const entrypoint = JSON.parse(last(final, "ENTRYPOINT") ?? "[]") as string[];
    const env = Object.fromEntries(
      final.steps.filter((s) => s.keyword === "ENV").map((s) => s.args.split("=") as [string, string]),
    );
    // Later flags win: the test listens on a free loopback port instead of 0.0.0.0:8787.
    const args = [
      ...entrypoint.slice(1),
      "--config",
      join(root, "config/gateway.yaml"),
      "--port",
      "0",
      "--host",
      "127.0.0.1",
    ];
    child = spawn(process.execPath, args, {
      cwd: app,
      env: { PATH: process.env.PATH ?? "", ...env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    url = await gatewayUrl(child, "the image's gateway");
  });

  afterAll(async () => {
    if (child && child.exitCode === null) child.kill("SIGKILL");
    await upstream?.close();
    if (root) rmSync(root, { recursive: true, force: true });
  });

  it("holds the bundle and the examples, and no node_modules", () => {
    expect(readdirSync(app).sort()).toEqual(["dist", "examples"]);
    expect(readdirSync(join(app, "dist")).sort()).toEqual(["gateway.js", "gateway.js.LEGAL.txt"]);
  });

  const chat = (model: string, stream = false) =>
    fetch(`${url}/v1/chat/completions`, {
      method: "POST",
      headers: { authorization: `Bearer ${KEY}`, "content-type": "application/json" },
      body: JSON.stringify({ model, stream, messages: [{ role: "user", content: "hi" }] }),
    });

  it("serves /readyz and a chat completion from the mock provider with only the bundle", async () => {
    expect((await fetch(`${url}/readyz`)).status).toBe(200);
    const res = await chat("mock-chat");
    expect(res.status).toBe(200);
    expect(res.headers.get("x-openclaw-provider")).toBe("mock");
  });

  it("proxies to an upstream over HTTP with the bundle's client, JSON and streamed", async () => {
    const res = await chat("upstream-chat");
    expect(res.status, await res.clone().text()).toBe(200);
    expect(res.headers.get("x-openclaw-provider")).toBe("fake");
    expect(upstream.calls.at(-1)?.headers.authorization).toBe("Bearer sk-fake-upstream-key");
    upstream.queue(stream({ pieces: ["Hel", "lo"] }));
    const streamed = await chat("upstream-chat", true);
    expect(streamed.status).toBe(200);
    const text = await streamed.text();
    expect(text).toContain('"content":"Hel"');
    expect(text.endsWith("data: [DONE]\n\n")).toBe(true);
  });

  it("writes nothing into its own files (read-only root filesystem) and drains on SIGTERM", async () => {
    const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
    child.kill("SIGTERM");
    expect(await exited).toBe(0);
    expect(listing(app)).toEqual(before);
  });
});
