/**
 * The servers the gateway benchmark compares, each its own process: the fake upstream, this gateway
 * (started the way users start it), Portkey's open-source gateway (installed on demand into a gitignored
 * cache, never a project dependency), and the bare passthrough floor. All on 127.0.0.1.
 */
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { join } from "node:path";
import { portLine, type Started, startNode, urlLine } from "./processes";

export const REPO = join(__dirname, "../..");
export const BENCH_KEY = "sk-bench-key-000000";
const ROLES = join(__dirname, "roles.ts");

export const PORTKEY_VERSION = "1.15.2";
const PORTKEY_CACHE = join(REPO, ".cache", "bench", `portkey-${PORTKEY_VERSION}`);
const PORTKEY_ENTRY = join(PORTKEY_CACHE, "node_modules/@portkey-ai/gateway/build/start-server.js");

export async function startUpstream(core: number | undefined): Promise<Started & { origin: string }> {
  const started = await startNode(["-r", "tsx/cjs", ROLES, "upstream"], portLine, { cwd: REPO, core });
  return { ...started, origin: `http://127.0.0.1:${started.value}` };
}

export async function startPassthrough(
  upstreamOrigin: string,
  core: number | undefined,
  nodeArgs: readonly string[] = [],
): Promise<Started & { origin: string }> {
  const started = await startNode(
    [...nodeArgs, "-r", "tsx/cjs", ROLES, "passthrough", upstreamOrigin],
    portLine,
    {
      cwd: REPO,
      core,
    },
  );
  return { ...started, origin: `http://127.0.0.1:${started.value}` };
}

/** Writes the gateway's config for the fake upstream: one model, one unlimited key, in-memory governance. */
export function writeGatewayConfig(dir: string, upstreamOrigin: string): string {
  const file = join(dir, "gateway.yaml");
  writeFileSync(
    file,
    [
      "providers:",
      `  - { id: fake, kind: openai, baseUrl: "${upstreamOrigin}/v1", apiKey: sk-fake-upstream }`,
      "models:",
      "  - { name: bench, routes: [{ provider: fake, model: bench-model }] }",
      "keys:",
      `  - { id: bench, key: ${BENCH_KEY} }`,
      "server: { logLevel: warn }",
      "",
    ].join("\n"),
  );
  return file;
}

/**
 * The gateway from this checkout, or from `OPENCLAW_BENCH_GATEWAY_REPO` (another checkout, e.g. a base
 * commit extracted with `git archive`, to compare before and after in one sitting).
 */
export async function startGateway(
  configFile: string,
  core: number | undefined,
  nodeArgs: readonly string[] = [],
): Promise<Started & { origin: string }> {
  const started = await startNode(
    [...nodeArgs, "bin/openclaw.js", "gateway", "--config", configFile, "--port", "0"],
    urlLine,
    { cwd: process.env.OPENCLAW_BENCH_GATEWAY_REPO ?? REPO, core },
  );
  return { ...started, origin: started.value };
}

/** Installs Portkey's gateway into .cache/bench (gitignored) unless already there. */
export function ensurePortkey(log: (line: string) => void): string {
  if (existsSync(PORTKEY_ENTRY)) return PORTKEY_ENTRY;
  log(`installing @portkey-ai/gateway@${PORTKEY_VERSION} into ${PORTKEY_CACHE} (once)`);
  mkdirSync(PORTKEY_CACHE, { recursive: true });
  writeFileSync(join(PORTKEY_CACHE, "package.json"), '{ "private": true }\n');
  execFileSync(
    "npm",
    [
      "install",
      "--prefix",
      PORTKEY_CACHE,
      "--no-audit",
      "--no-fund",
      "--ignore-scripts",
      "--no-package-lock",
      `@portkey-ai/gateway@${PORTKEY_VERSION}`,
    ],
    { stdio: ["ignore", "ignore", "inherit"], timeout: 300_000 },
  );
  return PORTKEY_ENTRY;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/**
 * Portkey's gateway, its listen() pinned to 127.0.0.1 (it has no host option), UI off, and its streams
 * made to work on this Node (portkey-stream-headers.cjs).
 */
export async function startPortkey(
  entry: string,
  core: number | undefined,
  nodeArgs: readonly string[] = [],
): Promise<Started & { origin: string }> {
  const port = await freePort();
  const started = await startNode(
    [
      ...nodeArgs,
      "-r",
      join(__dirname, "loopback-only.cjs"),
      "-r",
      join(__dirname, "portkey-stream-headers.cjs"),
      entry,
      `--port=${port}`,
      "--headless",
    ],
    (line) => (line.includes("Ready for connections") ? String(port) : undefined),
    { cwd: REPO, core, env: { ...process.env, NODE_ENV: "production" }, timeoutMs: 60_000 },
  );
  return { ...started, origin: `http://127.0.0.1:${port}` };
}

/** Headers that make Portkey forward to the fake upstream as an OpenAI provider. */
export function portkeyHeaders(upstreamOrigin: string): Record<string, string> {
  return {
    "content-type": "application/json",
    authorization: "Bearer sk-fake-upstream",
    "x-portkey-provider": "openai",
    "x-portkey-custom-host": `${upstreamOrigin}/v1`,
  };
}
