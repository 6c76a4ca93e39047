/**
 * CPU profile of the gateway's non-streaming path: the gateway runs under `node --cpu-prof` on one core,
 * the fake upstream and this load generator on the other; chat requests at concurrency 64 for a bounded
 * time; then the gateway is stopped (the profile is written on exit) and its top self-time frames are
 * printed with the CPU time per request read from /proc.
 *
 *   npx tsx bench/profile-gateway.ts [seconds=8] [frames=25] [concurrency=64]
 *
 * At concurrency 1 the profile shows the per-request critical path that sets added latency.
 */
import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { monotonicMicros, topFrames } from "./gateway/cpu-profile";
import { throughput } from "./gateway/load";
import { cpuMicros, killAll, loadAverage, pinSelf, runBench, stop } from "./gateway/processes";
import { BENCH_KEY, startGateway, startUpstream, writeGatewayConfig } from "./gateway/targets";

const seconds = Math.min(Number(process.argv[2] ?? 8), 30);
const frameCount = Number(process.argv[3] ?? 25);
const concurrency = Math.min(Math.max(Number(process.argv[4] ?? 64), 1), 256);

async function main(): Promise<void> {
  const loadBefore = loadAverage();
  const pinned = pinSelf(1);
  const dir = mkdtempSync(join(tmpdir(), "openclaw-profile-"));
  try {
    const upstream = await startUpstream(pinned ? 1 : undefined);
    const gateway = await startGateway(writeGatewayConfig(dir, upstream.origin), pinned ? 0 : undefined, [
      "--cpu-prof",
      "--cpu-prof-dir",
      dir,
    ]);
    const pid = gateway.child.pid as number;
    let cpuStart = 0;
    let cpuEnd = 0;
    const window = { from: 0, to: 0 };
    const result = await throughput(
      {
        name: "gateway",
        origin: gateway.origin,
        path: "/v1/chat/completions",
        headers: { "content-type": "application/json", authorization: `Bearer ${BENCH_KEY}` },
      },
      "chat",
      concurrency,
      seconds,
      {
        before: () => {
          cpuStart = cpuMicros(pid);
          window.from = monotonicMicros();
        },
        after: () => {
          cpuEnd = cpuMicros(pid);
          window.to = monotonicMicros();
        },
      },
    );
    await stop(gateway.child);
    const file = readdirSync(dir).find((f) => f.endsWith(".cpuprofile"));
    if (file === undefined) throw new Error("the gateway wrote no .cpuprofile");
    const { frames, areas, busyMicros } = topFrames(join(dir, file), frameCount, window);
    const perRequest = (cpuEnd - cpuStart) / result.completed;
    process.stdout.write(
      `\nGateway CPU profile, ${new Date().toISOString()}, node ${process.version}, ${pinned ? "pinned (gateway core 0, load core 1)" : "not pinned"}, load ${loadBefore} -> ${loadAverage()}\n` +
        `${result.completed} chat requests at c${concurrency} in ${seconds} s: ${result.perSecond.toFixed(0)} req/s, ${perRequest.toFixed(0)} µs CPU per request (profiler on), ${(busyMicros / result.completed).toFixed(0)} µs of it in sampled JS/native frames\n\n` +
        "| self µs/req | share | where |\n| ---: | ---: | --- |\n",
    );
    for (const a of areas) {
      process.stdout.write(
        `| ${(a.selfMicros / result.completed).toFixed(1)} | ${(a.share * 100).toFixed(1)}% | ${a.name} |\n`,
      );
    }
    process.stdout.write("\n| self µs/req | share | function |\n| ---: | ---: | --- |\n");
    for (const f of frames) {
      process.stdout.write(
        `| ${(f.selfMicros / result.completed).toFixed(1)} | ${(f.share * 100).toFixed(1)}% | ${f.name} |\n`,
      );
    }
  } finally {
    killAll();
    rmSync(dir, { recursive: true, force: true });
  }
}

runBench(main);
