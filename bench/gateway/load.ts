/** The load generator's measurements, each bounded in count or time. Traffic stays on 127.0.0.1. */
import { Pool } from "undici";

export interface Target {
  readonly name: string;
  readonly origin: string;
  readonly path: string;
  readonly headers: Record<string, string>;
}

export const CHAT_BODY = JSON.stringify({
  model: "bench",
  messages: [{ role: "user", content: "hello" }],
  max_tokens: 16,
});
export const STREAM_BODY = JSON.stringify({
  model: "bench",
  stream: true,
  messages: [{ role: "user", content: "hello" }],
  max_tokens: 16,
});

async function chat(pool: Pool, t: Target): Promise<number> {
  const started = performance.now();
  const res = await pool.request({ method: "POST", path: t.path, headers: t.headers, body: CHAT_BODY });
  if (res.statusCode !== 200) throw new Error(`${t.name}: HTTP ${res.statusCode}: ${await res.body.text()}`);
  await res.body.dump({ limit: Number.POSITIVE_INFINITY });
  return performance.now() - started;
}

/** One stream: its time to first byte; throws unless it ends with `data: [DONE]`. */
async function stream(pool: Pool, t: Target): Promise<number> {
  const started = performance.now();
  const res = await pool.request({ method: "POST", path: t.path, headers: t.headers, body: STREAM_BODY });
  if (res.statusCode !== 200) throw new Error(`${t.name}: HTTP ${res.statusCode}: ${await res.body.text()}`);
  let ttfb = 0;
  let tail = "";
  for await (const part of res.body) {
    if (ttfb === 0) ttfb = performance.now() - started;
    tail = (tail + part.toString()).slice(-32);
  }
  if (!tail.endsWith("data: [DONE]\n\n")) throw new Error(`${t.name}: a stream did not end with [DONE]`);
  return ttfb;
}

export interface Percentiles {
  readonly p50: number;
  readonly p99: number;
}

function percentiles(samples: number[]): Percentiles {
  samples.sort((a, b) => a - b);
  const at = (p: number) =>
    samples[Math.min(samples.length - 1, Math.floor(p * samples.length))] ?? Number.NaN;
  return { p50: at(0.5), p99: at(0.99) };
}

async function sequential(t: Target, count: number, warmup: number, one: typeof chat): Promise<Percentiles> {
  const pool = new Pool(t.origin, { connections: 1 });
  try {
    for (let i = 0; i < warmup; i++) await one(pool, t);
    const samples: number[] = [];
    for (let i = 0; i < count; i++) samples.push(await one(pool, t));
    return percentiles(samples);
  } finally {
    await pool.close();
  }
}

/** Chat latency at concurrency 1. */
export const chatLatency = (t: Target, count: number, warmup: number) => sequential(t, count, warmup, chat);

/** Stream time to first byte at concurrency 1. */
export const streamFirstByte = (t: Target, count: number, warmup: number) =>
  sequential(t, count, warmup, stream);

export interface Throughput {
  readonly perSecond: number;
  readonly completed: number;
}

/**
 * `concurrency` workers for `seconds`, after a short warm-up; `during` brackets exactly the timed part
 * (the caller reads server CPU time there).
 */
export async function throughput(
  t: Target,
  kind: "chat" | "stream",
  concurrency: number,
  seconds: number,
  during: { before(): void; after(): void },
): Promise<Throughput> {
  const one = kind === "chat" ? chat : stream;
  const pool = new Pool(t.origin, { connections: concurrency, pipelining: 1 });
  try {
    await Promise.all(Array.from({ length: concurrency * 4 }, () => one(pool, t)));
    let completed = 0;
    const deadline = performance.now() + seconds * 1000;
    const worker = async () => {
      while (performance.now() < deadline) {
        await one(pool, t);
        completed += 1;
      }
    };
    during.before();
    const started = performance.now();
    await Promise.all(Array.from({ length: concurrency }, worker));
    const elapsed = (performance.now() - started) / 1000;
    during.after();
    return { perSecond: completed / elapsed, completed };
  } finally {
    await pool.close();
  }
}
