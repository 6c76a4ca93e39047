/**
 * Gateway benchmark: this gateway, Portkey's open-source gateway and a bare Node passthrough proxy (the
 * floor any Node gateway pays for one hop), side by side in ONE run against the same fake OpenAI upstream.
 * The servers under test run one at a time on core 0 (taskset), the fake upstream and this load generator
 * on core 1. Portkey is installed on demand into .cache/bench (gitignored), not as a project dependency.
 *
 *   npm run bench:gateway
 *
 * The script gives the load generator a fixed 64 MB young generation: its own scavenges (0.7-1 ms each,
 * every ~30 ms at c1) otherwise land inside the samples it takes of the servers.
 *
 * Every loop is bounded in count and time; traffic stays on 127.0.0.1.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chatLatency, type Percentiles, streamFirstByte, type Target, throughput } from "./gateway/load";
import { cpuMicros, killAll, loadAverage, pinSelf, runBench } from "./gateway/processes";
import {
  BENCH_KEY,
  ensurePortkey,
  PORTKEY_VERSION,
  portkeyHeaders,
  startGateway,
  startPassthrough,
  startPortkey,
  startUpstream,
  writeGatewayConfig,
} from "./gateway/targets";

/**
 * c1 latency: 5,000 samples (p99 is then the 50th worst, not the 20th) after 5,000 warm-up requests. With
 * a 300-request warm-up the servers were still compiling hot code on a background thread that shares
 * their pinned core: the direct call's own p99 read 1.3-2.1 ms; after 5,000 it reads 0.13-0.16 ms.
 */
const LATENCY_REQUESTS = 5000;
const LATENCY_WARMUP = 5000;
const CHAT_CONCURRENCY = 64;
const CHAT_SECONDS = 5;
const STREAM_CONCURRENCY = 16;
const STREAM_SECONDS = 4;
const TTFB_REQUESTS = 300;
const TTFB_WARMUP = 50;
/**
 * Node flags for every server under test alike; none by default, as the gateway ships. Try e.g.
 * OPENCLAW_BENCH_NODE_FLAGS="--max-semi-space-size=32" (a larger young generation: fewer scavenges).
 */
const SERVER_NODE_FLAGS = (process.env.OPENCLAW_BENCH_NODE_FLAGS ?? "").split(" ").filter((f) => f !== "");

const TARGETS = { p50: 0.2, p99: 0.6, cpu: 150, cpuVsPortkey: 1 / 5, rpsVsPortkey: 5 } as const;

interface Measured {
  readonly latency: Percentiles;
  readonly cpuPerRequest: number;
  readonly rps: number;
  readonly streamsPerSecond: number;
  readonly firstByte: Percentiles;
  /** Why streams could not be measured (they are then NaN). */
  readonly streamFailure?: string;
}

async function measure(t: Target, pid: number | undefined): Promise<Measured> {
  const latency = await chatLatency(t, LATENCY_REQUESTS, LATENCY_WARMUP);
  let cpuBefore = 0;
  let cpuAfter = 0;
  const chat = await throughput(t, "chat", CHAT_CONCURRENCY, CHAT_SECONDS, {
    before: () => (cpuBefore = pid === undefined ? 0 : cpuMicros(pid)),
    after: () => (cpuAfter = pid === undefined ? 0 : cpuMicros(pid)),
  });
  const base = { latency, cpuPerRequest: (cpuAfter - cpuBefore) / chat.completed, rps: chat.perSecond };
  try {
    const streams = await throughput(t, "stream", STREAM_CONCURRENCY, STREAM_SECONDS, {
      before: () => {},
      after: () => {},
    });
    const firstByte = await streamFirstByte(t, TTFB_REQUESTS, TTFB_WARMUP);
    return { ...base, streamsPerSecond: streams.perSecond, firstByte };
  } catch (err) {
    // reported in the table rather than ending the run: the other rows still compare
    const failed = { p50: Number.NaN, p99: Number.NaN };
    return { ...base, streamsPerSecond: Number.NaN, firstByte: failed, streamFailure: String(err) };
  }
}

const ms = (n: number) => `${n >= 0 ? "+" : ""}${n.toFixed(3)}`;
const int = (n: number) => Math.round(n).toLocaleString("en-US");
const ratio = (n: number) => `${n.toFixed(2)}x`;
const met = (ok: boolean) => (ok ? "met" : "**missed**");

/** A latency target below what the bare passthrough adds in the same run cannot be met by any Node proxy here. */
function latencyVerdict(gateway: number, floor: number, target: number): string {
  if (gateway <= target) return met(true);
  return floor > target ? `${met(false)} (the floor itself adds more here)` : met(false);
}

function table(direct: Measured, gw: Measured, pk: Measured, floor: Measured): string[] {
  const added = (m: Measured, p: "p50" | "p99") => m.latency[p] - direct.latency[p];
  const addedFirstByte = (m: Measured) => m.firstByte.p50 - direct.firstByte.p50;
  const rows: string[][] = [
    [
      "per non-streaming request",
      "gateway",
      "Portkey",
      "passthrough floor",
      "gateway / Portkey",
      "target",
      "this run",
    ],
    ["---", "---:", "---:", "---:", "---:", "---", "---"],
    [
      `added latency p50, c1 (${LATENCY_REQUESTS} req), ms`,
      ms(added(gw, "p50")),
      ms(added(pk, "p50")),
      ms(added(floor, "p50")),
      ratio(added(gw, "p50") / added(pk, "p50")),
      `<= ${TARGETS.p50} ms`,
      latencyVerdict(added(gw, "p50"), added(floor, "p50"), TARGETS.p50),
    ],
    [
      "added latency p99, c1, ms",
      ms(added(gw, "p99")),
      ms(added(pk, "p99")),
      ms(added(floor, "p99")),
      ratio(added(gw, "p99") / added(pk, "p99")),
      `<= ${TARGETS.p99} ms`,
      latencyVerdict(added(gw, "p99"), added(floor, "p99"), TARGETS.p99),
    ],
    [
      `server CPU per request (c${CHAT_CONCURRENCY}), µs`,
      int(gw.cpuPerRequest),
      int(pk.cpuPerRequest),
      int(floor.cpuPerRequest),
      ratio(gw.cpuPerRequest / pk.cpuPerRequest),
      `<= ${TARGETS.cpu} µs and <= 1/5 of Portkey's`,
      `<= ${TARGETS.cpu} µs: ${met(gw.cpuPerRequest <= TARGETS.cpu)}; <= 1/5: ${met(gw.cpuPerRequest / pk.cpuPerRequest <= TARGETS.cpuVsPortkey)}`,
    ],
    [
      `req/s at c${CHAT_CONCURRENCY} (${CHAT_SECONDS} s)`,
      int(gw.rps),
      int(pk.rps),
      int(floor.rps),
      ratio(gw.rps / pk.rps),
      `>= ${TARGETS.rpsVsPortkey}x Portkey`,
      met(gw.rps / pk.rps >= TARGETS.rpsVsPortkey),
    ],
    [
      `streams/s at c${STREAM_CONCURRENCY} (${STREAM_SECONDS} s)`,
      int(gw.streamsPerSecond),
      int(pk.streamsPerSecond),
      int(floor.streamsPerSecond),
      ratio(gw.streamsPerSecond / pk.streamsPerSecond),
      "keep",
      "",
    ],
    [
      `added first byte p50, c1 (${TTFB_REQUESTS} streams), ms`,
      ms(addedFirstByte(gw)),
      ms(addedFirstByte(pk)),
      ms(addedFirstByte(floor)),
      ratio(addedFirstByte(gw) / addedFirstByte(pk)),
      "keep",
      "",
    ],
  ];
  return [
    ...rows.map((r) => `| ${r.join(" | ")} |`),
    "",
    `direct to the fake upstream: p50 ${direct.latency.p50.toFixed(3)} ms, p99 ${direct.latency.p99.toFixed(3)} ms, ${int(direct.rps)} req/s, first byte p50 ${direct.firstByte.p50.toFixed(3)} ms`,
    `gateway CPU / floor CPU: ${ratio(gw.cpuPerRequest / floor.cpuPerRequest)}; gateway req/s / floor req/s: ${ratio(gw.rps / floor.rps)}`,
    // what the gateway adds beyond the one hop every Node proxy pays on this machine
    `gateway over the floor at c1: p50 ${ms(gw.latency.p50 - floor.latency.p50)} ms, p99 ${ms(gw.latency.p99 - floor.latency.p99)} ms`,
    ...[
      ["gateway", gw],
      ["Portkey", pk],
      ["floor", floor],
    ].flatMap(([name, m]) =>
      (m as Measured).streamFailure === undefined
        ? []
        : [`${name as string}: streams not measured: ${(m as Measured).streamFailure}`],
    ),
  ];
}

async function main(): Promise<void> {
  const loadBefore = loadAverage();
  const log = (line: string) => process.stderr.write(`${line}\n`);
  const portkeyEntry = ensurePortkey(log);
  const pinned = pinSelf(1);
  const serverCore = pinned ? 0 : undefined;
  const dir = mkdtempSync(join(tmpdir(), "openclaw-bench-"));
  try {
    const upstream = await startUpstream(pinned ? 1 : undefined);
    const path = "/v1/chat/completions";
    const json = { "content-type": "application/json" };
    const direct: Target = { name: "direct", origin: upstream.origin, path, headers: json };

    log("measuring: direct");
    const directResult = await measure(direct, undefined);

    // one server under test at a time, so none of them competes with another for core 0
    log("measuring: gateway");
    const gateway = await startGateway(
      writeGatewayConfig(dir, upstream.origin),
      serverCore,
      SERVER_NODE_FLAGS,
    );
    const gw = await measure(
      {
        name: "gateway",
        origin: gateway.origin,
        path,
        headers: { ...json, authorization: `Bearer ${BENCH_KEY}` },
      },
      gateway.child.pid,
    );
    gateway.child.kill("SIGTERM");

    log(`measuring: Portkey ${PORTKEY_VERSION}`);
    const portkey = await startPortkey(portkeyEntry, serverCore, SERVER_NODE_FLAGS);
    const pk = await measure(
      { name: "portkey", origin: portkey.origin, path, headers: portkeyHeaders(upstream.origin) },
      portkey.child.pid,
    );
    portkey.child.kill("SIGTERM");

    log("measuring: passthrough floor");
    const passthrough = await startPassthrough(upstream.origin, serverCore, SERVER_NODE_FLAGS);
    const floor = await measure(
      { name: "floor", origin: passthrough.origin, path, headers: json },
      passthrough.child.pid,
    );

    process.stdout.write(
      [
        "",
        `Gateway benchmark, ${new Date().toISOString()}, node ${process.version}, ` +
          (pinned
            ? "servers pinned to core 0, upstream + load generator to core 1"
            : "not pinned (no taskset)") +
          `, server flags: ${SERVER_NODE_FLAGS.join(" ") || "none"}`,
        `load average (1/5/15 min) before ${loadBefore}, after ${loadAverage()} (the machine is shared: other work inflates every number)`,
        "",
        ...table(directResult, gw, pk, floor),
        "",
      ].join("\n"),
    );
  } finally {
    killAll();
    rmSync(dir, { recursive: true, force: true });
  }
}

runBench(main);
