/**
 * Benchmark of `openclaw plan`'s engine: evaluation under mocks and analysis through the analyzer gRPC
 * protocol, on generated programs of 100, 500 and 2,000 resources. Run with `npm run bench:plan`.
 *
 * Each size runs REPEATS times (bounded); the table shows the fastest run, so one-off noise from the
 * other processes on the machine counts least. The fixture policy pack (test/fixtures/policy-pack) has
 * resource and stack policies, so both Analyze and AnalyzeStack are exercised.
 */
import * as os from "node:os";
import * as path from "node:path";
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { analyzeResources } from "../src/plan/analyze";
import { startAnalyzer } from "../src/plan/analyzer-process";
import { evaluateProgram } from "../src/plan/evaluate";

const SIZES = [100, 500, 2000] as const;
const REPEATS = Number(process.env.BENCH_REPEATS ?? 2);
const PACK_DIR = path.join(__dirname, "..", "test", "fixtures", "policy-pack");

/** A unit of the generated program: a component with a bucket, its versioning and an instance. */
class BenchUnit extends pulumi.ComponentResource {
  constructor(name: string, provider: aws.Provider) {
    super("openclaw:bench:Unit", name, {}, { providers: { aws: provider } });
    const bucket = new aws.s3.Bucket(`${name}-bucket`, { tags: { unit: name } }, { parent: this });
    new aws.s3.BucketVersioning(
      `${name}-versioning`,
      { bucket: bucket.id, versioningConfiguration: { status: "Enabled" } },
      { parent: this },
    );
    new aws.ec2.Instance(
      `${name}-instance`,
      { ami: "ami-0abcdef1234567890", instanceType: "t3.micro", tags: { bucket: bucket.bucket } },
      { parent: this },
    );
    this.registerOutputs({});
  }
}

/** A program registering exactly `total` resources (stack and provider included). */
function generatedProgram(total: number): () => void {
  return () => {
    const provider = new aws.Provider("bench", {
      region: "us-east-1",
      defaultTags: { tags: { team: "bench" } },
    });
    const units = Math.floor((total - 2) / 4);
    for (let i = 0; i < units; i++) new BenchUnit(`unit-${i}`, provider);
    const loose = total - 2 - units * 4;
    for (let i = 0; i < loose; i++) new aws.s3.Bucket(`loose-${i}`, { tags: { team: "bench" } });
  };
}

interface Sample {
  resources: number;
  evaluationMs: number;
  /** CPU time of this process during evaluation: steadier than wall time on a shared machine. */
  evaluationCpuMs: number;
  analysisMs: number;
  packStartMs: number;
  /** Wall time the CLI's way: the pack loads while the program evaluates. */
  overlappedMs: number;
}

async function measure(total: number): Promise<Sample> {
  const t0 = performance.now();
  const cpu0 = process.cpuUsage();
  const evaluation = await evaluateProgram({ program: generatedProgram(total), stack: "bench" });
  const cpu = process.cpuUsage(cpu0);
  const t1 = performance.now();
  let started = t1;
  await analyzeResources(evaluation.resources, {
    packDir: PACK_DIR,
    onAnalyzerStarted: () => {
      started = performance.now();
    },
  });
  const t2 = performance.now();
  if (evaluation.resources.length !== total) {
    throw new Error(`generated ${evaluation.resources.length} resources, expected ${total}`);
  }

  const t3 = performance.now();
  const analyzer = startAnalyzer(PACK_DIR);
  analyzer.catch(() => undefined);
  const again = await evaluateProgram({ program: generatedProgram(total), stack: "bench" });
  await analyzeResources(again.resources, { packDir: PACK_DIR, analyzer });
  const t4 = performance.now();
  return {
    resources: total,
    evaluationMs: t1 - t0,
    evaluationCpuMs: (cpu.user + cpu.system) / 1000,
    analysisMs: t2 - t1,
    packStartMs: started - t1,
    overlappedMs: t4 - t3,
  };
}

function fixed(n: number, digits = 0): string {
  return n.toFixed(digits);
}

async function main(): Promise<void> {
  // Warm-up: loads @pulumi/aws and the policy SDK once, so the first size isn't charged for it.
  await measure(20);
  const best: Sample[] = [];
  for (const size of SIZES) {
    const runs: Sample[] = [];
    for (let i = 0; i < REPEATS; i++) runs.push(await measure(size));
    const fastest = runs.reduce((a, b) =>
      a.evaluationMs + a.analysisMs <= b.evaluationMs + b.analysisMs ? a : b,
    );
    best.push({ ...fastest, overlappedMs: Math.min(...runs.map((r) => r.overlappedMs)) });
  }
  const header =
    "| resources | evaluation ms (CPU) | analysis ms (pack start) | total ms | ms/resource | " +
    "ms/resource excl. pack start | total ms, pack loaded during evaluation (CLI) |";
  const lines = [header, "|---:|---:|---:|---:|---:|---:|---:|"];
  for (const s of best) {
    const total = s.evaluationMs + s.analysisMs;
    lines.push(
      `| ${s.resources} | ${fixed(s.evaluationMs)} (${fixed(s.evaluationCpuMs)}) | ${fixed(s.analysisMs)} (${fixed(s.packStartMs)}) | ${fixed(total)} | ` +
        `${fixed(total / s.resources, 2)} | ${fixed((total - s.packStartMs) / s.resources, 2)} | ` +
        `${fixed(s.overlappedMs)} |`,
    );
  }
  const small = best[0];
  const large = best[best.length - 1];
  if (small && large) {
    const per = (s: Sample) => (s.evaluationMs + s.analysisMs) / s.resources;
    const perExcl = (s: Sample) => (s.evaluationMs + s.analysisMs - s.packStartMs) / s.resources;
    lines.push(
      "",
      `per-resource ratio ${large.resources} vs ${small.resources}: ${fixed(per(large) / per(small), 2)} ` +
        `(excluding pack start: ${fixed(perExcl(large) / perExcl(small), 2)})`,
    );
  }
  const load = os.loadavg()[0]?.toFixed(1) ?? "?";
  lines.push(
    `node ${process.version}, ${os.cpus().length} CPUs, load average ${load}, ${REPEATS} run(s) per size, ` +
      `fastest shown, ${new Date().toISOString()}`,
  );
  process.stdout.write(`${lines.join("\n")}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`bench failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
