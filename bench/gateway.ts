/**
 * Gateway overhead benchmark: the same fake OpenAI upstream called directly and through the gateway, in
 * one run. Three processes so nothing shares an event loop: the fake upstream, the gateway (started the
 * way users start it: `node bin/openclaw.js gateway`), and this load generator.
 *
 *   npm run bench:gateway            (tsx bench/gateway.ts)
 *
 * Every loop is bounded in count and time; traffic stays on 127.0.0.1.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:http";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { Pool } from "undici";

const REPO = join(__dirname, "..");
const KEY = "sk-bench-key-000000";
const SEQUENTIAL = 2000;
const WARMUP = 300;
const RPS_SECONDS = 5;
const RPS_CONCURRENCY = 64;
const TTFB_REQUESTS = 300;
const SLOW_STREAMS = 1000;

// ---------------------------------------------------------------------------------------------------
// Role: fake upstream (child process). Fixed JSON answers; SSE streams; "slow" streams for the RSS test.

const COMPLETION = JSON.stringify({
  id: "chatcmpl-bench",
  object: "chat.completion",
  created: 1,
  model: "bench-model",
  choices: [
    { index: 0, message: { role: "assistant", content: "ok" }, finish_reason: "stop", logprobs: null },
  ],
  usage: { prompt_tokens: 8, completion_tokens: 1, total_tokens: 9 },
});
const chunk = (delta: object, extra: object = {}) =>
  `data: ${JSON.stringify({ id: "c", object: "chat.completion.chunk", created: 1, model: "bench-model", choices: [{ index: 0, delta, finish_reason: null }], ...extra })}\n\n`;

function runUpstream(): void {
  const server = createServer((req, res) => {
    let body = "";
    req.on("data", (c: Buffer) => {
      body += c.toString();
    });
    req.on("end", () => {
      if (!body.includes('"stream":true')) {
        res.writeHead(200, {
          "content-type": "application/json",
          "content-length": Buffer.byteLength(COMPLETION),
        });
        res.end(COMPLETION);
        return;
      }
      res.writeHead(200, { "content-type": "text/event-stream" });
      res.write(chunk({ role: "assistant", content: "" }));
      const slow = body.includes('"slow"');
      let sent = 0;
      const pieces = slow ? 12 : 3;
      const next = () => {
        if (res.destroyed) return;
        if (sent === pieces) {
          res.write(
            `data: ${JSON.stringify({ id: "c", object: "chat.completion.chunk", created: 1, model: "bench-model", choices: [], usage: { prompt_tokens: 8, completion_tokens: pieces, total_tokens: 8 + pieces } })}\n\n`,
          );
          res.end("data: [DONE]\n\n");
          return;
        }
        sent += 1;
        res.write(chunk({ content: "tok " }));
        if (slow) setTimeout(next, 500);
        else next();
      };
      next();
    });
  });
  server.keepAliveTimeout = 60_000;
  server.listen(0, "127.0.0.1", () => {
    const address = server.address();
    process.stdout.write(
      `${JSON.stringify({ port: typeof address === "object" && address ? address.port : 0 })}\n`,
    );
  });
}

// ---------------------------------------------------------------------------------------------------
// Role: floor (child process). A bare fastify + undici passthrough with none of the gateway's logic, to
// show what the framework and the extra hop cost on this machine.

function runFloor(upstreamOrigin: string): void {
  const Fastify = require("fastify") as typeof import("fastify").default;
  const upstream = new Pool(upstreamOrigin);
  const app = Fastify();
  app.post("/v1/chat/completions", async (req, reply) => {
    const res = await upstream.request({
      method: "POST",
      path: "/v1/chat/completions",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(req.body),
    });
    return reply.type("application/json").send(JSON.stringify(JSON.parse(await res.body.text())));
  });
  app.listen({ port: 0, host: "127.0.0.1" }).then(() => {
    const address = app.server.address();
    process.stdout.write(
      `${JSON.stringify({ port: typeof address === "object" && address ? address.port : 0 })}\n`,
    );
  });
}

// ---------------------------------------------------------------------------------------------------
// Role: load generator (main).

interface Target {
  readonly name: string;
  readonly origin: string;
  readonly path: string;
  readonly headers: Record<string, string>;
}

const BODY = JSON.stringify({
  model: "bench",
  messages: [{ role: "user", content: "hello" }],
  max_tokens: 16,
});
const STREAM_BODY = JSON.stringify({
  model: "bench",
  stream: true,
  messages: [{ role: "user", content: "hello" }],
  max_tokens: 16,
});
const SLOW_BODY = JSON.stringify({
  model: "bench",
  stream: true,
  messages: [{ role: "user", content: "slow" }],
});

async function request(pool: Pool, t: Target, body: string): Promise<number> {
  const started = performance.now();
  const res = await pool.request({ method: "POST", path: t.path, headers: t.headers, body });
  if (res.statusCode !== 200) throw new Error(`${t.name}: HTTP ${res.statusCode}: ${await res.body.text()}`);
  await res.body.dump({ limit: Number.POSITIVE_INFINITY });
  return performance.now() - started;
}

async function firstByte(pool: Pool, t: Target): Promise<number> {
  const started = performance.now();
  const res = await pool.request({ method: "POST", path: t.path, headers: t.headers, body: STREAM_BODY });
  let ttfb = 0;
  for await (const _ of res.body) {
    if (ttfb === 0) ttfb = performance.now() - started;
  }
  return ttfb;
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
}

async function sequential(t: Target, n: number, fn: (pool: Pool, t: Target) => Promise<number>) {
  const pool = new Pool(t.origin, { connections: 1 });
  for (let i = 0; i < WARMUP; i++) await fn(pool, t);
  const samples: number[] = [];
  for (let i = 0; i < n; i++) samples.push(await fn(pool, t));
  await pool.close();
  samples.sort((a, b) => a - b);
  return { p50: percentile(samples, 50), p99: percentile(samples, 99) };
}

async function maxRps(t: Target): Promise<number> {
  const pool = new Pool(t.origin, { connections: RPS_CONCURRENCY, pipelining: 1 });
  for (let i = 0; i < 200; i++) await request(pool, t, BODY);
  let done = 0;
  const deadline = performance.now() + RPS_SECONDS * 1000;
  const worker = async () => {
    while (performance.now() < deadline) {
      await request(pool, t, BODY);
      done += 1;
    }
  };
  const started = performance.now();
  await Promise.all(Array.from({ length: RPS_CONCURRENCY }, worker));
  const seconds = (performance.now() - started) / 1000;
  await pool.close();
  return done / seconds;
}

function rssMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? Number.NaN);
  return kb / 1024;
}

/** Opens SLOW_STREAMS streams through the gateway, samples its RSS once all are streaming. */
async function rssUnderSlowStreams(
  t: Target,
  pid: number,
): Promise<{ idle: number; peak: number; ok: number }> {
  const idle = rssMb(pid);
  const pool = new Pool(t.origin, { connections: SLOW_STREAMS });
  let streaming = 0;
  let ok = 0;
  let peak = idle;
  const sampler = setInterval(() => {
    peak = Math.max(peak, rssMb(pid));
  }, 100);
  const one = async () => {
    const res = await pool.request({ method: "POST", path: t.path, headers: t.headers, body: SLOW_BODY });
    let counted = false;
    let text = "";
    for await (const part of res.body) {
      if (!counted) {
        counted = true;
        streaming += 1;
      }
      text += part.toString();
    }
    if (text.endsWith("data: [DONE]\n\n")) ok += 1;
  };
  const all = Promise.all(Array.from({ length: SLOW_STREAMS }, one));
  const deadline = Date.now() + 30_000;
  while (streaming < SLOW_STREAMS && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
  peak = Math.max(peak, rssMb(pid));
  await all;
  clearInterval(sampler);
  await pool.close();
  return { idle, peak, ok };
}

const children: ChildProcess[] = [];

function startChild(
  args: string[],
  match: (line: string) => string | undefined,
): Promise<{ child: ChildProcess; value: string }> {
  const child = spawn(process.execPath, args, { cwd: REPO, stdio: ["ignore", "pipe", "inherit"] });
  children.push(child);
  return new Promise((resolve, reject) => {
    let buffered = "";
    const timer = setTimeout(() => reject(new Error(`${args.join(" ")} did not start`)), 30_000);
    const onData = (data: Buffer) => {
      buffered += data.toString();
      for (const line of buffered.split("\n")) {
        const value = match(line);
        if (value !== undefined) {
          clearTimeout(timer);
          buffered = "";
          resolve({ child, value });
          return;
        }
      }
    };
    child.stdout?.on("data", onData);
    child.once("exit", (code) => reject(new Error(`${args.join(" ")} exited with ${code}`)));
  });
}

const fmt = (n: number, digits = 3) => n.toFixed(digits);

async function main(): Promise<void> {
  const loadBefore = loadavg()
    .map((l) => l.toFixed(2))
    .join(" / ");
  const upstream = await startChild(["-r", "tsx/cjs", __filename, "--role", "upstream"], (line) => {
    const m = /"port":(\d+)/.exec(line);
    return m?.[1];
  });
  const upstreamOrigin = `http://127.0.0.1:${upstream.value}`;
  const dir = mkdtempSync(join(tmpdir(), "openclaw-bench-"));
  const config = join(dir, "gateway.yaml");
  writeFileSync(
    config,
    [
      "providers:",
      `  - { id: fake, kind: openai, baseUrl: "${upstreamOrigin}/v1", apiKey: sk-fake-upstream }`,
      "models:",
      "  - { name: bench, routes: [{ provider: fake, model: bench-model }] }",
      "keys:",
      `  - { id: bench, key: ${KEY} }`,
      "server: { logLevel: warn }",
      "",
    ].join("\n"),
  );
  const startGatewayProcess = async () => {
    const started = await startChild(
      ["bin/openclaw.js", "gateway", "--config", config, "--port", "0"],
      (line) => {
        const m = /"url":"(http:[^"]+)"/.exec(line);
        return m?.[1];
      },
    );
    // after the URL line, stop reading the gateway's stdout into this process
    started.child.stdout?.removeAllListeners("data");
    started.child.stdout?.resume();
    return started;
  };
  const gateway = await startGatewayProcess();
  const floor = await startChild(["-r", "tsx/cjs", __filename, "--role", "floor", upstreamOrigin], (line) => {
    const m = /"port":(\d+)/.exec(line);
    return m?.[1];
  });

  const headers = { "content-type": "application/json" };
  const path = "/v1/chat/completions";
  const direct: Target = { name: "direct", origin: upstreamOrigin, path, headers };
  const bare: Target = { name: "floor", origin: `http://127.0.0.1:${floor.value}`, path, headers };
  const gatewayTarget = (origin: string): Target => ({
    name: "gateway",
    origin,
    path,
    headers: { ...headers, authorization: `Bearer ${KEY}` },
  });
  const viaGateway = gatewayTarget(gateway.value);

  try {
    const chat = (p: Pool, t: Target) => request(p, t, BODY);
    const lat = {
      direct: await sequential(direct, SEQUENTIAL, chat),
      bare: await sequential(bare, SEQUENTIAL, chat),
      gateway: await sequential(viaGateway, SEQUENTIAL, chat),
    };
    const rps = { direct: await maxRps(direct), bare: await maxRps(bare), gateway: await maxRps(viaGateway) };
    const ttfb = {
      direct: await sequential(direct, TTFB_REQUESTS, firstByte),
      gateway: await sequential(viaGateway, TTFB_REQUESTS, firstByte),
    };
    // RSS on a fresh gateway process, so it measures the streams and not heap left over from the RPS runs.
    gateway.child.kill("SIGTERM");
    const fresh = await startGatewayProcess();
    const rss = await rssUnderSlowStreams(gatewayTarget(fresh.value), fresh.child.pid as number);

    const added = (a: number, b: number) => `+${fmt(a - b)} ms`;
    const rows = [
      ["metric", "direct", "bare fastify proxy", "via gateway", "gateway added vs direct", "goal"],
      ["---", "---:", "---:", "---:", "---:", "---"],
      [
        `latency p50, c=1 (${SEQUENTIAL} req), ms`,
        fmt(lat.direct.p50),
        fmt(lat.bare.p50),
        fmt(lat.gateway.p50),
        added(lat.gateway.p50, lat.direct.p50),
        "<= +0.3 ms",
      ],
      [
        "latency p99, c=1, ms",
        fmt(lat.direct.p99),
        fmt(lat.bare.p99),
        fmt(lat.gateway.p99),
        added(lat.gateway.p99, lat.direct.p99),
        "<= +1 ms",
      ],
      [
        `max RPS, c=${RPS_CONCURRENCY}, ${RPS_SECONDS} s`,
        fmt(rps.direct, 0),
        fmt(rps.bare, 0),
        fmt(rps.gateway, 0),
        `${fmt(rps.gateway / rps.direct, 2)}x direct, ${fmt(rps.gateway / rps.bare, 2)}x bare proxy`,
        "",
      ],
      [
        `stream TTFB p50, c=1 (${TTFB_REQUESTS} req), ms`,
        fmt(ttfb.direct.p50),
        "",
        fmt(ttfb.gateway.p50),
        added(ttfb.gateway.p50, ttfb.direct.p50),
        "",
      ],
      [
        "stream TTFB p99, ms",
        fmt(ttfb.direct.p99),
        "",
        fmt(ttfb.gateway.p99),
        added(ttfb.gateway.p99, ttfb.direct.p99),
        "",
      ],
      [
        `gateway RSS, idle → ${SLOW_STREAMS} concurrent slow streams, MB`,
        "",
        "",
        `${fmt(rss.idle, 0)} → ${fmt(rss.peak, 0)}`,
        `${rss.ok}/${SLOW_STREAMS} streams ended with [DONE]`,
        "<= 150 MB",
      ],
    ];
    // The machine is shared. The load average before the run says how busy it was with other work; the
    // one at the end also counts this benchmark's own processes.
    const load = loadavg()
      .map((l) => l.toFixed(2))
      .join(" / ");
    process.stdout.write(
      `\nGateway benchmark, ${new Date().toISOString()}, node ${process.version}, load average at the end (1/5/15 min) ${load} (before: ${loadBefore})\n\n`,
    );
    for (const row of rows) process.stdout.write(`| ${row.join(" | ")} |\n`);
  } finally {
    for (const child of children) child.kill("SIGTERM");
    rmSync(dir, { recursive: true, force: true });
  }
}

const role = process.argv.includes("--role") ? process.argv[process.argv.indexOf("--role") + 1] : undefined;
if (role === "upstream") {
  runUpstream();
} else if (role === "floor") {
  runFloor(process.argv[process.argv.indexOf("--role") + 2] as string);
} else {
  main().catch((err: unknown) => {
    process.stderr.write(`${err instanceof Error ? err.stack : String(err)}\n`);
    for (const child of children) child.kill("SIGKILL");
    process.exit(1);
  });
}
