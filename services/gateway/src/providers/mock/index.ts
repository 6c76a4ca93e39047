/**
 * `mock` kind: an in-process OpenAI-wire upstream with deterministic answers, for demos and pipelines.
 * It goes through the same translation, streaming and accounting code as a real provider. Its answers
 * carry `system_fingerprint: "openclaw-mock"` and start with "[mock]".
 */
import { setTimeout as sleep } from "node:timers/promises";
import { z } from "zod";
import {
  openaiChatRequest,
  openaiChatResponse,
  openaiChatStream,
  openaiDescribeError,
  openaiEmbeddingsRequest,
  openaiEmbeddingsResponse,
} from "../openai/wire";
import type {
  ChatCompletionCreateParams,
  EmbeddingCreateParams,
  InProcessTransport,
  ProviderAdapter,
  ProviderSettings,
  UpstreamHttpResponse,
} from "../types";
import { mockChunks, mockCompletion, mockEmbeddings } from "./answers";

const nonNegativeInt = z.number().int().min(0);

const mockOptionsSchema = z.strictObject({
  /** Delay before the answer (or before the first chunk). @default 0 */
  latencyMs: nonNegativeInt.default(0),
  /** Delay between stream chunks. @default 0 */
  chunkDelayMs: nonNegativeInt.default(0),
  /** Content pieces a streamed answer is split into. @default 4 */
  streamChunks: z.number().int().min(1).max(1000).default(4),
  /** Every Nth request (1st, N+1th, ...) answers 503, to demo retries and fallback; omitted = never. */
  failEvery: z.number().int().min(1).optional(),
  /** Fixed usage numbers; omitted = approximated from the text. */
  promptTokens: nonNegativeInt.optional(),
  completionTokens: nonNegativeInt.optional(),
});

function createMockTransport(provider: ProviderSettings): InProcessTransport {
  const opts: z.output<typeof mockOptionsSchema> = mockOptionsSchema.parse(provider.options ?? {});
  let served = 0;
  return {
    async send(request, signal): Promise<UpstreamHttpResponse> {
      if (opts.latencyMs > 0) await sleep(opts.latencyMs, undefined, { signal });
      served += 1;
      if (opts.failEvery !== undefined && (served - 1) % opts.failEvery === 0) {
        const error = {
          error: { message: "mock provider: injected failure (options.failEvery)", type: "mock" },
        };
        return {
          status: 503,
          headers: { "content-type": "application/json" },
          body: once(JSON.stringify(error)),
        };
      }
      const body = JSON.parse(request.body) as Record<string, unknown>;
      if (request.path === "/embeddings") {
        return json(mockEmbeddings(body as unknown as EmbeddingCreateParams, opts));
      }
      const chat = body as unknown as ChatCompletionCreateParams;
      if (chat.stream !== true) return json(mockCompletion(chat, opts));
      return {
        status: 200,
        headers: { "content-type": "text/event-stream" },
        body: sse(mockChunks(chat, opts), opts.chunkDelayMs, signal),
      };
    },
  };
}

function json(value: unknown): UpstreamHttpResponse {
  return { status: 200, headers: { "content-type": "application/json" }, body: once(JSON.stringify(value)) };
}

async function* once(text: string): AsyncIterable<string> {
  yield text;
}

async function* sse(chunks: readonly unknown[], delayMs: number, signal: AbortSignal): AsyncIterable<string> {
  for (const [i, chunk] of chunks.entries()) {
    if (i > 0 && delayMs > 0) await sleep(delayMs, undefined, { signal });
    yield `data: ${JSON.stringify(chunk)}\n\n`;
  }
  yield "data: [DONE]\n\n";
}

export const mockAdapter: ProviderAdapter = {
  kind: "mock",
  optionsSchema: mockOptionsSchema,
  createTransport: createMockTransport,
  chatRequest: openaiChatRequest,
  chatResponse: openaiChatResponse,
  chatStream: openaiChatStream,
  embeddingsRequest: openaiEmbeddingsRequest,
  embeddingsResponse: openaiEmbeddingsResponse,
  describeError: openaiDescribeError,
};
