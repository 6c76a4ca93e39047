/**
 * Streaming chat. The route loop opens an upstream stream and reads it until the first client-visible
 * chunk exists; only then are headers and bytes sent, so every failure before that can still be retried
 * or fall over. After that nothing is retried: a broken upstream ends the client's stream with
 * `data: {"error": ...}` and no `[DONE]`. `[DONE]` is written only when the upstream finished cleanly.
 */

import type { ServerResponse } from "node:http";
import type { Cancellation } from "../core/cancellation";
import { type RouteLoopContext, runRoutes } from "../core/route-loop";
import { GatewayError } from "../errors";
import type {
  ChatCompletionChunk,
  ChatCompletionCreateParams,
  ChatStreamTranslator,
  UpstreamSseEvent,
} from "../providers/types";
import { UpstreamStreamError } from "../providers/types";
import { sseEvents } from "../upstream/sse";
import { usageCost } from "./admission";
import type { Exchange } from "./exchange";
import { sendChecked } from "./upstream-call";

interface OpenStream {
  readonly translator: ChatStreamTranslator;
  readonly events: AsyncIterator<UpstreamSseEvent>;
  readonly ready: ChatCompletionChunk[];
}

/** Headers to send when the stream commits (request id, provider, attempts). */
export type CommitHeaders = (ex: Exchange) => Record<string, string>;

export async function streamChat(
  ctx: RouteLoopContext,
  ex: Exchange,
  body: ChatCompletionCreateParams,
  res: ServerResponse,
  commitHeaders: CommitHeaders,
  /** Called once, right before the first byte: the fastify reply hands the raw response over. */
  hijack: () => void,
): Promise<void> {
  ex.stream = true;
  const result = await runRoutes(ctx, (attempt) => {
    const { adapter, settings } = attempt.target.provider;
    return openStream(sendChecked(attempt, adapter.chatRequest(body, attempt.target.model, settings)), () =>
      adapter.chatStream(attempt.target.model),
    );
  });
  const { translator, events, ready } = result.value;
  const provider = result.target.provider;
  ex.provider = result.target.route.provider;
  ex.upstreamModel = result.target.route.model;
  ex.attempts = result.attempts;
  const wantsUsage = body.stream_options?.include_usage === true;

  hijack();
  res.writeHead(200, {
    "content-type": "text/event-stream; charset=utf-8",
    "cache-control": "no-cache",
    connection: "keep-alive",
    "x-accel-buffering": "no",
    ...commitHeaders(ex),
  });
  ex.markFirstByte();
  const writer = new SseWriter(res, ctx.client);
  try {
    // emptied as written, so the first chunks are not kept for the stream's whole life
    for (const chunk of ready.splice(0)) await writer.chunk(visible(chunk, wantsUsage));
    while (!translator.finished()) {
      const next = await events.next();
      if (next.done) break;
      for (const chunk of translator.push(next.value)) await writer.chunk(visible(chunk, wantsUsage));
    }
    if (translator.finished()) {
      writer.end("data: [DONE]\n\n");
    } else {
      ex.streamError = "upstream closed the stream before it finished";
      countCut(ctx, provider.settings.id);
      writer.end(
        errorEvent(`The upstream provider '${provider.settings.id}' closed the stream before it finished.`),
      );
    }
  } catch (err) {
    if (writer.clientGone) {
      ex.clientClosed = true;
    } else {
      const reason =
        err instanceof UpstreamStreamError
          ? provider.scrub(err.message)
          : "the connection to the upstream broke";
      ex.streamError = reason;
      countCut(ctx, provider.settings.id);
      writer.end(errorEvent(`The upstream provider '${provider.settings.id}' failed mid-stream: ${reason}`));
    }
  } finally {
    if (translator.finished() && !writer.clientGone) {
      // Read what is left (normally just the end of the body) so the keep-alive socket goes back to
      // the pool instead of being destroyed; undici's body timeout bounds a misbehaving upstream.
      result.release();
      void drain(events).catch(() => result.abort());
    } else {
      result.abort();
    }
    ex.usage = translator.usage();
    ex.costUsd = usageCost(ctx.snapshot, ex.upstreamModel, ex.usage);
  }
}

function countCut(ctx: RouteLoopContext, providerId: string): void {
  ctx.state.deps.metrics.upstreamErrors.inc({ provider: providerId, reason: "stream_cut" });
}

async function openStream(
  response: Promise<{ body: AsyncIterable<Uint8Array | string> }>,
  makeTranslator: () => ChatStreamTranslator,
): Promise<OpenStream> {
  const { body } = await response;
  const translator = makeTranslator();
  const events = sseEvents(body);
  const ready: ChatCompletionChunk[] = [];
  while (ready.length === 0 && !translator.finished()) {
    const next = await events.next();
    if (next.done) throw new UpstreamStreamError("upstream closed the stream before the first chunk");
    ready.push(...translator.push(next.value));
  }
  return { translator, events, ready };
}

async function drain(events: AsyncIterator<UpstreamSseEvent>): Promise<void> {
  for (let i = 0; i < 100; i++) {
    if ((await events.next()).done) return;
  }
  throw new Error("upstream kept sending after the end of the stream");
}

/** The usage-only final chunk is for us (costing) unless the client asked for it. */
function visible(chunk: ChatCompletionChunk, wantsUsage: boolean): ChatCompletionChunk | undefined {
  if (wantsUsage || chunk.usage == null) return chunk;
  if (chunk.choices.length === 0) return undefined;
  const { usage: _usage, ...rest } = chunk;
  return rest;
}

function errorEvent(message: string): string {
  const error = new GatewayError(502, "upstream_error", message, { type: "api_error" });
  return `data: ${JSON.stringify(error.toBody())}\n\n`;
}

/**
 * Writes SSE with backpressure; stops writing once the client has gone. "Gone" is the client's
 * cancellation (cancelled when the response closes before it finished) rather than one more close
 * listener per stream.
 */
class SseWriter {
  constructor(
    private readonly res: ServerResponse,
    private readonly client: Cancellation,
  ) {}

  get clientGone(): boolean {
    return this.client.cancelled;
  }

  async chunk(chunk: ChatCompletionChunk | undefined): Promise<void> {
    if (chunk === undefined) return;
    if (this.clientGone) throw new Error("client closed the stream");
    if (!this.res.write(`data: ${JSON.stringify(chunk)}\n\n`)) {
      await new Promise<void>((resolve) => {
        const done = () => {
          this.res.off("drain", done);
          this.res.off("close", done);
          resolve();
        };
        this.res.on("drain", done);
        this.res.on("close", done);
      });
    }
  }

  end(text: string): void {
    if (!this.clientGone) this.res.end(text);
  }
}
