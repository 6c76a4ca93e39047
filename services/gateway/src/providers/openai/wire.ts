/**
 * OpenAI's wire format, shared by every OpenAI-compatible kind (openai, mock): the request is already in
 * the right shape, so translation is renaming the model and asking streams for usage.
 */
import {
  type ChatCompletion,
  type ChatCompletionChunk,
  type ChatCompletionCreateParams,
  type ChatStreamTranslator,
  type CompletionUsage,
  type CreateEmbeddingResponse,
  type EmbeddingCreateParams,
  type ModelContext,
  type ProviderSettings,
  type UpstreamHttpRequest,
  type UpstreamSseEvent,
  UpstreamStreamError,
} from "../types";

const headersByProvider = new WeakMap<ProviderSettings, Readonly<Record<string, string>>>();

/** The same for every request to a provider: built once per provider settings (per config version). */
export function openaiHeaders(provider: ProviderSettings): Readonly<Record<string, string>> {
  let headers = headersByProvider.get(provider);
  if (headers === undefined) {
    const base: Record<string, string> = { "content-type": "application/json", accept: "application/json" };
    if (provider.apiKey !== undefined) base.authorization = `Bearer ${provider.apiKey}`;
    headers = Object.freeze({ ...base, ...provider.headers });
    headersByProvider.set(provider, headers);
  }
  return headers;
}

export function openaiChatRequest(
  body: ChatCompletionCreateParams,
  model: ModelContext,
  provider: ProviderSettings,
): UpstreamHttpRequest {
  const upstream: ChatCompletionCreateParams = { ...body, model: model.upstreamModel };
  // Always ask for the usage chunk so streamed requests are costed; the core strips it again for clients
  // that did not ask for it.
  if (body.stream === true) upstream.stream_options = { ...body.stream_options, include_usage: true };
  return { path: "/chat/completions", headers: openaiHeaders(provider), body: JSON.stringify(upstream) };
}

export function openaiChatResponse(json: unknown): ChatCompletion {
  if (!isRecord(json) || !Array.isArray(json.choices)) {
    throw new UpstreamStreamError("upstream answered 2xx with a body that is not a chat completion");
  }
  return json as unknown as ChatCompletion;
}

export function openaiChatStream(): ChatStreamTranslator {
  let usage: CompletionUsage | undefined;
  let finished = false;
  return {
    push(event: UpstreamSseEvent): ChatCompletionChunk[] {
      if (event.data === "[DONE]") {
        finished = true;
        return [];
      }
      let parsed: unknown;
      try {
        parsed = JSON.parse(event.data);
      } catch {
        throw new UpstreamStreamError("upstream sent an SSE event that is not JSON");
      }
      if (!isRecord(parsed))
        throw new UpstreamStreamError("upstream sent an SSE event that is not an object");
      if (isRecord(parsed.error)) {
        const message =
          typeof parsed.error.message === "string" ? parsed.error.message : "upstream stream error";
        throw new UpstreamStreamError(
          message,
          typeof parsed.error.type === "string" ? parsed.error.type : undefined,
        );
      }
      const chunk = parsed as unknown as ChatCompletionChunk;
      if (chunk.usage != null) usage = chunk.usage;
      return [chunk];
    },
    // methods, not arrow properties: under tsx (keepNames) each named arrow gets its own property
    // dictionary, and a translator lives as long as its stream
    usage() {
      return usage;
    },
    finished() {
      return finished;
    },
  };
}

export function openaiEmbeddingsRequest(
  body: EmbeddingCreateParams,
  model: ModelContext,
  provider: ProviderSettings,
): UpstreamHttpRequest {
  return {
    path: "/embeddings",
    headers: openaiHeaders(provider),
    body: JSON.stringify({ ...body, model: model.upstreamModel }),
  };
}

export function openaiEmbeddingsResponse(json: unknown): CreateEmbeddingResponse {
  if (!isRecord(json) || !Array.isArray(json.data)) {
    throw new UpstreamStreamError("upstream answered 2xx with a body that is not an embeddings list");
  }
  return json as unknown as CreateEmbeddingResponse;
}

const SECRET_LIKE = /\b(sk-[A-Za-z0-9_*-]{4,}|Bearer\s+\S+|key[-_][A-Za-z0-9_*-]{8,})/gi;

/** The upstream's own error message (truncated) with anything key-like removed. */
export function openaiDescribeError(status: number, body: string): string {
  let message = body.slice(0, 300);
  try {
    const parsed: unknown = JSON.parse(body);
    if (isRecord(parsed) && isRecord(parsed.error) && typeof parsed.error.message === "string") {
      message = parsed.error.message.slice(0, 300);
    }
  } catch {
    // not JSON: keep the raw (truncated) text
  }
  return `HTTP ${status}: ${message.replace(SECRET_LIKE, "[redacted]").replace(/\s+/g, " ").trim()}`;
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}
