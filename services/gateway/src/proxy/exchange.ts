/**
 * The record of one client request: who, which model, which provider answered, attempts, usage, cost,
 * timings. Finished exactly once, into one log line and the metrics (streams included).
 */
import type { Span } from "@opentelemetry/api";
import type { FastifyBaseLogger } from "fastify";
import type { GatewayMetrics } from "../observability/metrics";
import { endSpan, startSpan } from "../observability/tracing";
import type { CompletionUsage } from "../providers/types";

export type Endpoint = "chat" | "embeddings" | "models" | "other";

export class Exchange {
  provider = "";
  upstreamModel = "";
  attempts = 0;
  status = 200;
  usage: CompletionUsage | undefined;
  costUsd = 0;
  cache: "hit" | "miss" | undefined;
  stream = false;
  /** Set when a started stream ended with an error event instead of [DONE]. */
  streamError: string | undefined;
  clientClosed = false;
  private ttfbMs: number | undefined;
  private done = false;
  private readonly span: Span;

  constructor(
    readonly endpoint: Endpoint,
    readonly startedAt: number,
    public model = "",
    public keyId = "",
  ) {
    this.span = startSpan("gateway.request", { "openclaw.endpoint": endpoint });
  }

  markFirstByte(): void {
    this.ttfbMs ??= performance.now() - this.startedAt;
  }

  /** Only with an SDK registered: the no-op span would discard these attributes anyway. */
  private endSpan(): void {
    this.span.setAttributes({
      "openclaw.model": this.model,
      "openclaw.provider": this.provider,
      "openclaw.key_id": this.keyId,
      "openclaw.attempts": this.attempts,
      "openclaw.cost_usd": this.costUsd,
      "http.response.status_code": this.status,
    });
    endSpan(
      this.span,
      this.status >= 500 || this.streamError !== undefined ? (this.streamError ?? "failed") : undefined,
    );
  }

  finish(metrics: GatewayMetrics, log: FastifyBaseLogger): void {
    if (this.done) return;
    this.done = true;
    const durationMs = performance.now() - this.startedAt;
    if (this.span.isRecording()) this.endSpan();
    else this.span.end();
    const labels = { endpoint: this.endpoint, model: this.model, provider: this.provider };
    metrics.requests.inc({ ...labels, status: String(this.status) });
    metrics.duration.observe(labels, durationMs / 1000);
    if (this.ttfbMs !== undefined) metrics.ttfb.observe(labels, this.ttfbMs / 1000);
    if (this.usage !== undefined) {
      const who = { model: this.model, provider: this.provider, key: this.keyId };
      metrics.tokens.inc({ ...who, direction: "input" }, this.usage.prompt_tokens ?? 0);
      metrics.tokens.inc({ ...who, direction: "output" }, this.usage.completion_tokens ?? 0);
      metrics.cost.inc(who, this.costUsd);
    }
    const failed = this.status >= 500 || this.streamError !== undefined;
    if (!levelEnabled(log, failed ? "warn" : "info")) return;
    const line = {
      keyId: this.keyId || undefined,
      endpoint: this.endpoint,
      model: this.model || undefined,
      provider: this.provider || undefined,
      upstreamModel: this.upstreamModel || undefined,
      status: this.status,
      attempts: this.attempts,
      stream: this.stream || undefined,
      streamError: this.streamError,
      clientClosed: this.clientClosed || undefined,
      cache: this.cache,
      promptTokens: this.usage?.prompt_tokens,
      completionTokens: this.usage?.completion_tokens,
      costUsd: this.costUsd,
      ttfbMs: this.ttfbMs === undefined ? undefined : round(this.ttfbMs),
      durationMs: round(durationMs),
    };
    if (failed) log.warn(line, "request finished");
    else log.info(line, "request finished");
  }
}

const LEVELS: Record<string, number> = { trace: 10, debug: 20, info: 30, warn: 40, error: 50, fatal: 60 };

/** Skips building the log line when its level is off (it is built once per request). */
function levelEnabled(log: FastifyBaseLogger, level: "info" | "warn"): boolean {
  return (LEVELS[level] ?? 0) >= (LEVELS[log.level] ?? Number.POSITIVE_INFINITY);
}

function round(ms: number): number {
  return Math.round(ms * 100) / 100;
}
