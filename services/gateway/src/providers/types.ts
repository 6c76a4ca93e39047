/**
 * The one interface every provider kind implements. An adapter is pure translation: the shared core does
 * HTTP (undici pools), retries, timeouts, circuit breaking, SSE parsing and usage accounting; the adapter
 * maps OpenAI-shaped requests to its wire format and the answers back. Adding a provider is one folder
 * `providers/<kind>/` whose index.ts exports a `ProviderAdapter`, registered in `providers/index.ts`.
 *
 * OpenAI's wire types come from the official SDK (a production dependency, so a build without
 * devDependencies still typechecks) as type-only imports: erased, the SDK is never loaded at runtime
 * (test/gateway/runtime-dependencies.test.ts).
 */
import type {
  ChatCompletion,
  ChatCompletionChunk,
  ChatCompletionCreateParams,
} from "openai/resources/chat/completions";
import type { CompletionUsage } from "openai/resources/completions";
import type { CreateEmbeddingResponse, EmbeddingCreateParams } from "openai/resources/embeddings";

export type {
  ChatCompletion,
  ChatCompletionChunk,
  ChatCompletionCreateParams,
  CompletionUsage,
  CreateEmbeddingResponse,
  EmbeddingCreateParams,
};

/** What an adapter may know about the provider it talks to (never logged: it holds the key). */
export interface ProviderSettings {
  readonly id: string;
  readonly kind: string;
  /** e.g. https://api.openai.com/v1 or https://api.anthropic.com */
  readonly baseUrl: string;
  readonly apiKey?: string;
  /** Extra static headers from config (e.g. `anthropic-version`, Azure `api-key`). */
  readonly headers?: Readonly<Record<string, string>>;
  /** Kind-specific settings from config `options`, already validated by the adapter's `optionsSchema`. */
  readonly options?: Readonly<Record<string, unknown>>;
}

/** Names the client's model alias and the upstream model a route maps it to. */
export interface ModelContext {
  /** What the client sent, e.g. `smart`. */
  readonly requestedModel: string;
  /** What the route sends upstream, e.g. `gpt-4o` or `claude-sonnet-4-5`. */
  readonly upstreamModel: string;
}

/** An HTTP request for the core to send; `path` is appended to the provider's baseUrl. */
export interface UpstreamHttpRequest {
  readonly path: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
}

/** One server-sent event as parsed by the core (eventsource-parser). */
export interface UpstreamSseEvent {
  readonly event?: string;
  readonly data: string;
}

/**
 * Turns one upstream stream into OpenAI `chat.completion.chunk`s. Stateful, one per request.
 * `push` throws `UpstreamStreamError` when the upstream reports an error inside the stream.
 */
export interface ChatStreamTranslator {
  push(event: UpstreamSseEvent): ChatCompletionChunk[];
  /** Usage reported by the upstream so far (final chunk / message_delta); undefined if none yet. */
  usage(): CompletionUsage | undefined;
  /** True once the upstream signalled a clean end (`[DONE]`, `message_stop`). A stream that closes
   *  before this is broken and must end with an SSE error event, never a clean `[DONE]`. */
  finished(): boolean;
}

/** An error the upstream reported mid-stream (e.g. Anthropic's `event: error`). */
export class UpstreamStreamError extends Error {
  constructor(
    message: string,
    readonly upstreamType?: string,
  ) {
    super(message);
    this.name = "UpstreamStreamError";
  }
}

/** An upstream answer as the core reads it: status, headers and a body stream. */
export interface UpstreamHttpResponse {
  readonly status: number;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  readonly body: AsyncIterable<Uint8Array | string>;
}

/** For provider kinds with no HTTP upstream (e.g. `mock`): answers in-process, same shapes as HTTP. */
export interface InProcessTransport {
  send(request: UpstreamHttpRequest, signal: AbortSignal): Promise<UpstreamHttpResponse>;
}

/** Minimal structural view of a zod schema, so this file does not tie adapters to a zod version. */
export interface OptionsSchema {
  safeParse(
    input: unknown,
  ):
    | { success: true; data: unknown }
    | { success: false; error: { issues: ReadonlyArray<{ path: PropertyKey[]; message: string }> } };
}

export interface ProviderAdapter {
  readonly kind: string;
  /** Validates config `options` for this kind; absent = the kind takes no options. */
  readonly optionsSchema?: OptionsSchema;
  /** Present for kinds with no HTTP upstream; then `baseUrl` is not required. */
  createTransport?(provider: ProviderSettings): InProcessTransport;
  /**
   * Builds the upstream chat request. For `stream: true` it must ask the upstream for usage
   * (OpenAI: `stream_options.include_usage`), so streamed requests are costed, never recorded as $0.
   * Throws `GatewayError` (400, `param` named) for a request field this provider cannot honour.
   */
  chatRequest(
    body: ChatCompletionCreateParams,
    model: ModelContext,
    provider: ProviderSettings,
  ): UpstreamHttpRequest;
  /** Maps a successful (2xx) non-streaming upstream body to OpenAI's shape. */
  chatResponse(json: unknown, model: ModelContext): ChatCompletion;
  /** A fresh translator for one streaming response. */
  chatStream(model: ModelContext): ChatStreamTranslator;
  /** Present when the provider kind supports embeddings. */
  embeddingsRequest?(
    body: EmbeddingCreateParams,
    model: ModelContext,
    provider: ProviderSettings,
  ): UpstreamHttpRequest;
  embeddingsResponse?(json: unknown, model: ModelContext): CreateEmbeddingResponse;
  /**
   * A short, safe description of an upstream error response for logs and the 502 message. Must never
   * contain credentials (upstreams sometimes echo part of the key back: redact it).
   */
  describeError(status: number, body: string): string;
}
