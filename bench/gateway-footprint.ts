/**
 * Gateway footprint benchmark: the lean build (`node bin/openclaw.js gateway`, which runs the esbuild
 * bundle services/gateway/dist/gateway.js) side by side with the launcher as it was before the gateway had
 * its own package (tsx registered, the CLI loaded, the gateway compiled from TypeScript source at start), and
 * the bundle as the image runs it (node flags and environment from services/gateway/runtime.js), in one run
 * on the same machine. The targets are judged on the image's numbers, what production runs:
 *
 * - cold start: spawn to the first 200 from /readyz, median of several starts;
 * - idle RSS: a started gateway after a short settle, median over the same starts;
 * - peak RSS under bounded load: non-streaming requests at concurrency 64, then many concurrent slow
 *   streams (the shape of bench/gateway.ts's RSS test), sampled every 100 ms;
 * - production dependencies on disk: what each way needs installed to run.
 *
 *   npm run bench:gateway-footprint      (tsx bench/gateway-footprint.ts)
 *   OPENCLAW_FOOTPRINT_EXTRA_FLAGS="<node flags>" npm run bench:gateway-footprint   (a fourth variant)
 *
 * Every loop is bounded in count and time; traffic stays on 127.0.0.1; child processes are stopped at the end.
 */
import type { ChildProcess } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Pool } from "undici";
import { killAll, loadAverage, runBench, startNode, stop, urlLine } from "./gateway/processes";
import { startUpstream } from "./gateway/targets";

const REPO = join(__dirname, "..");
const KEY = "sk-footprint-key-0001";
const STARTS = 7;
const SETTLE_MS = 1500;
const LOAD_SECONDS = 4;
const LOAD_CONCURRENCY = 64;
const SLOW_STREAMS = 1000;
const TARGETS = { idleMb: 70, peakMb: 120, coldStartMs: 300, depsMb: 40 };

// ---------------------------------------------------------------------------------------------------
// Role: the launcher as it was (child process, under `node --require tsx/cjs`): the CLI's modules loaded
// first, as bin/openclaw.js + src/cli/main.ts did, then the gateway from its TypeScript source.

function runLegacyLauncher(args: string[]): void {
  require("../src/cli/program.ts");
  const gateway = require("../services/gateway/src/bin.ts") as typeof import("../services/gateway/src/bin");
  gateway.main(args);
}

// ---------------------------------------------------------------------------------------------------
// Role: the benchmark (main).

interface Variant {
  readonly name: string;
  /** node arguments that start the gateway; the gateway's own flags are appended. */
  readonly node: string[];
  /** Set in the gateway's environment on top of this process's. */
  readonly env?: Readonly<Record<string, string>>;
}

const { GATEWAY_NODE_FLAGS, GATEWAY_ENV } = require("../services/gateway/runtime.js") as {
  GATEWAY_NODE_FLAGS: string[];
  GATEWAY_ENV: Record<string, string>;
};

const VARIANTS: readonly Variant[] = [
  {
    name: "today's launcher (tsx + CLI + TS source)",
    node: ["--require", "tsx/cjs", __filename, "--role", "legacy"],
  },
  { name: "lean build (bin/openclaw.js → dist bundle)", node: ["bin/openclaw.js", "gateway"] },
  // What the image's ENTRYPOINT and ENV run (services/gateway/runtime.js).
  {
    name: "lean build as the image runs it",
    node: [...GATEWAY_NODE_FLAGS, "services/gateway/dist/gateway.js"],
    env: GATEWAY_ENV,
  },
  // To try more node flags side by side: OPENCLAW_FOOTPRINT_EXTRA_FLAGS="--max-semi-space-size=1" (its
  // numbers are printed on stderr, one line per variant, with the others').
  ...(process.env.OPENCLAW_FOOTPRINT_EXTRA_FLAGS
    ? [
        {
          name: `image + ${process.env.OPENCLAW_FOOTPRINT_EXTRA_FLAGS}`,
          node: [
            ...GATEWAY_NODE_FLAGS,
            ...process.env.OPENCLAW_FOOTPRINT_EXTRA_FLAGS.split(" "),
            "services/gateway/dist/gateway.js",
          ],
          env: GATEWAY_ENV,
        },
      ]
    : []),
];

/** Starts `node <args>` (from the repo, `env` added) and resolves once it prints its URL. */
async function startChild(
  args: string[],
  env: Readonly<Record<string, string>> = {},
): Promise<{ child: ChildProcess; url: string }> {
  const { child, value } = await startNode(args, urlLine, { cwd: REPO, env: { ...process.env, ...env } });
  return { child, url: value };
}

function rssMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? Number.NaN) / 1024;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Cold start (spawn → first 200 from /readyz) and idle RSS after SETTLE_MS, over STARTS fresh processes. */
async function startsOf(variant: Variant, gatewayArgs: string[]) {
  const coldMs: number[] = [];
  const idleMb: number[] = [];
  for (let i = 0; i < STARTS; i++) {
    const started = performance.now();
    const { child, url } = await startChild([...variant.node, ...gatewayArgs], variant.env);
    const ready = await fetch(`${url}/readyz`);
    if (ready.status !== 200) throw new Error(`${variant.name}: /readyz answered ${ready.status}`);
    coldMs.push(performance.now() - started);
    await sleep(SETTLE_MS);
    idleMb.push(rssMb(child.pid as number));
    await stop(child);
  }
  return { coldMs: median(coldMs), idleMb: median(idleMb) };
}

interface Measured {
  readonly coldMs: number;
  readonly idleMb: number;
  readonly afterJson: number;
  readonly peak: number;
  readonly requests: number;
  readonly completed: number;
}

/** Peak RSS of one fresh gateway: JSON requests at LOAD_CONCURRENCY, then SLOW_STREAMS concurrent streams. */
async function peakOf(variant: Variant, gatewayArgs: string[]) {
  const { child, url } = await startChild([...variant.node, ...gatewayArgs], variant.env);
  const pid = child.pid as number;
  let peak = rssMb(pid);
  const sampler = setInterval(() => {
    peak = Math.max(peak, rssMb(pid));
  }, 100);
  const headers = { "content-type": "application/json", authorization: `Bearer ${KEY}` };
  const path = "/v1/chat/completions";
  try {
    const pool = new Pool(url, { connections: LOAD_CONCURRENCY });
    const body = JSON.stringify({ model: "bench", messages: [{ role: "user", content: "hello" }] });
    const deadline = performance.now() + LOAD_SECONDS * 1000;
    let requests = 0;
    const worker = async () => {
      while (performance.now() < deadline) {
        const res = await pool.request({ method: "POST", path, headers, body });
        if (res.statusCode !== 200) throw new Error(`${variant.name}: HTTP ${res.statusCode}`);
        await res.body.dump();
        requests += 1;
      }
    };
    await Promise.all(Array.from({ length: LOAD_CONCURRENCY }, worker));
    await pool.close();
    const afterJson = peak;

    const streams = new Pool(url, { connections: SLOW_STREAMS });
    const streamBody = JSON.stringify({
      model: "bench",
      stream: true,
      messages: [{ role: "user", content: "slow" }], // the fake upstream's 12 chunks, 500 ms apart
    });
    let completed = 0;
    const one = async () => {
      const res = await streams.request({ method: "POST", path, headers, body: streamBody });
      const text = await res.body.text();
      if (text.endsWith("data: [DONE]\n\n")) completed += 1;
    };
    // Each stream lasts ~6 s upstream; the whole phase is bounded by the pool and this timeout.
    await Promise.race([Promise.all(Array.from({ length: SLOW_STREAMS }, one)), sleep(30_000)]);
    await streams.close();
    return { afterJson, peak: Math.max(peak, rssMb(pid)), requests, completed };
  } finally {
    clearInterval(sampler);
    await stop(child);
  }
}

// ---------------------------------------------------------------------------------------------------
// Production dependencies on disk, from package-lock.json and the installed node_modules.

interface LockEntry {
  dependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
}

function bytesUnder(dir: string): number {
  let total = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === "node_modules") continue; // nested packages are counted as packages of their own
    const full = join(dir, entry.name);
    if (entry.isDirectory()) total += bytesUnder(full);
    else if (entry.isFile()) total += statSync(full).size;
  }
  return total;
}

/** Bytes of the installed packages that `roots` (package.json dependency maps) need at run time. */
function productionClosureBytes(roots: Array<{ at: string; deps: Record<string, string> }>): number {
  const lock = JSON.parse(readFileSync(join(REPO, "package-lock.json"), "utf8")) as {
    packages: Record<string, LockEntry>;
  };
  const seen = new Set<string>();
  const resolve = (from: string, name: string): string | undefined => {
    // Node's lookup: the nearest node_modules up from the requiring package.
    let dir = from;
    for (;;) {
      const key = `${dir === "" ? "" : `${dir}/`}node_modules/${name}`;
      if (lock.packages[key]) return key;
      if (dir === "") return undefined;
      const cut = dir.lastIndexOf("/node_modules/");
      dir = cut === -1 ? "" : dir.slice(0, cut);
    }
  };
  const visit = (from: string, deps: Record<string, string>) => {
    for (const name of Object.keys(deps)) {
      const key = resolve(from, name);
      if (key === undefined || seen.has(key) || !existsSync(join(REPO, key))) continue;
      seen.add(key);
      const entry = lock.packages[key] ?? {};
      visit(key, { ...entry.dependencies, ...entry.optionalDependencies });
    }
  };
  for (const root of roots) visit(root.at, root.deps);
  let total = 0;
  for (const key of seen) total += bytesUnder(join(REPO, key));
  return total;
}

const MB = 1024 * 1024;

function dependencyFootprint() {
  const rootPkg = JSON.parse(readFileSync(join(REPO, "package.json"), "utf8")) as {
    dependencies: Record<string, string>;
  };
  const gatewayPkg = JSON.parse(readFileSync(join(REPO, "services/gateway/package.json"), "utf8")) as {
    dependencies: Record<string, string>;
  };
  // Before: the image ran `npm ci --omit=dev` of the root, whose dependencies were the CLI's plus the gateway's.
  const legacy = productionClosureBytes([
    { at: "", deps: rootPkg.dependencies },
    { at: "services/gateway", deps: gatewayPkg.dependencies },
  ]);
  const unbundled = productionClosureBytes([{ at: "services/gateway", deps: gatewayPkg.dependencies }]);
  const dist = join(REPO, "services/gateway/dist");
  const bundle = ["gateway.js", "gateway.js.LEGAL.txt"].reduce(
    (sum, f) => sum + statSync(join(dist, f)).size,
    0,
  );
  return { legacyMb: legacy / MB, bundleMb: bundle / MB, unbundledMb: unbundled / MB };
}

// ---------------------------------------------------------------------------------------------------

const fmt = (n: number, digits = 0) => n.toFixed(digits);
const ratio = (lean: number, before: number) => `${(lean / before).toFixed(2)}x`;
const verdict = (value: number, target: number) => (value <= target ? "met" : "MISSED");

async function main(): Promise<void> {
  const loadBefore = loadAverage();
  const { gatewayEntry } = require("../services/gateway/build.js") as { gatewayEntry(): string };
  gatewayEntry(); // built before timing anything, so no start pays for a build
  const upstream = await startUpstream(undefined);
  const dir = mkdtempSync(join(tmpdir(), "openclaw-footprint-"));
  const config = join(dir, "gateway.yaml");
  writeFileSync(
    config,
    [
      "providers:",
      `  - { id: fake, kind: openai, baseUrl: "${upstream.origin}/v1", apiKey: sk-fake-upstream }`,
      "models:",
      "  - { name: bench, routes: [{ provider: fake, model: bench-model }] }",
      "keys:",
      `  - { id: bench, key: ${KEY} }`,
      "server: { logLevel: warn }",
      "",
    ].join("\n"),
  );
  const gatewayArgs = ["--config", config, "--port", "0", "--host", "127.0.0.1"];
  try {
    const results: Measured[] = [];
    for (const variant of VARIANTS) {
      process.stderr.write(`measuring: ${variant.name}\n`);
      results.push({ ...(await startsOf(variant, gatewayArgs)), ...(await peakOf(variant, gatewayArgs)) });
    }
    for (const [i, r] of results.entries())
      process.stderr.write(`${VARIANTS[i]?.name}: ${JSON.stringify(r)}\n`);
    const [before, lean, image] = results as [Measured, Measured, Measured];
    const deps = dependencyFootprint();
    // metric, today's launcher, lean launcher, image, target; the verdict is the image's (what production runs)
    const metrics: Array<[string, number, number, number, number, number]> = [
      [
        `cold start to /readyz, median of ${STARTS}, ms`,
        before.coldMs,
        lean.coldMs,
        image.coldMs,
        TARGETS.coldStartMs,
        0,
      ],
      [
        `idle RSS, ${SETTLE_MS} ms after ready, median, MB`,
        before.idleMb,
        lean.idleMb,
        image.idleMb,
        TARGETS.idleMb,
        0,
      ],
      [
        `peak RSS, ${LOAD_SECONDS} s of JSON requests at c=${LOAD_CONCURRENCY}, MB`,
        before.afterJson,
        lean.afterJson,
        image.afterJson,
        TARGETS.peakMb,
        0,
      ],
      [
        `peak RSS, then ${SLOW_STREAMS} concurrent slow streams, MB`,
        before.peak,
        lean.peak,
        image.peak,
        TARGETS.peakMb,
        0,
      ],
      ["production dependencies on disk, MB", deps.legacyMb, deps.bundleMb, deps.bundleMb, TARGETS.depsMb, 1],
    ];
    const rows = [
      [
        "metric",
        "today's launcher",
        "lean (bin/openclaw.js)",
        "image (runtime.js)",
        "image / today",
        "target",
        "",
      ],
      ["---", "---:", "---:", "---:", "---:", "---:", "---"],
      ...metrics.map(([name, today, launcher, img, target, digits]) => [
        name,
        fmt(today, digits),
        fmt(launcher, digits),
        fmt(img, digits),
        ratio(img, today),
        `<= ${target}`,
        verdict(img, target),
      ]),
    ];
    process.stdout.write(
      `\nGateway footprint, ${new Date().toISOString()}, node ${process.version}. The machine is shared: ` +
        `load average (1/5/15 min) ${loadBefore} before, ${loadAverage()} at the end.\n\n`,
    );
    for (const row of rows) process.stdout.write(`| ${row.join(" | ")} |\n`);
    process.stdout.write(
      `\nrequests served under load: today ${before.requests}, lean ${lean.requests}, ` +
        `image ${image.requests}; slow streams ended with [DONE]: today ` +
        `${before.completed}/${SLOW_STREAMS}, lean ${lean.completed}/${SLOW_STREAMS}, ` +
        `image ${image.completed}/${SLOW_STREAMS}. Image: node ${GATEWAY_NODE_FLAGS.join(" ")} with ` +
        `${Object.entries(GATEWAY_ENV)
          .map(([k, v]) => `${k}=${v}`)
          .join(" ")}.\n` +
        `Today's dependencies: the root's production closure (CLI + Pulumi + gateway), as the old image ` +
        `installed it. Lean: the bundle the image copies (no node_modules); the gateway package installed ` +
        `unbundled would need ${fmt(deps.unbundledMb, 1)} MB.\n`,
    );
  } finally {
    killAll();
    rmSync(dir, { recursive: true, force: true });
  }
}

const role = process.argv.includes("--role") ? process.argv[process.argv.indexOf("--role") + 1] : undefined;
if (role === "legacy") runLegacyLauncher(process.argv.slice(process.argv.indexOf("--role") + 2));
else {
  runBench(main);
}
