/**
 * Deterministic answers for the `mock` provider: the same request always gets the same reply, derived
 * from the prompt, so demos and pipelines can assert on them. Every reply says it comes from the mock.
 */
import { createHash } from "node:crypto";
import { approximateTokens } from "../../governance/estimate-tokens";
import type {
  ChatCompletion,
  ChatCompletionChunk,
  ChatCompletionCreateParams,
  CompletionUsage,
  CreateEmbeddingResponse,
  EmbeddingCreateParams,
} from "../types";

export interface MockOptions {
  readonly latencyMs: number;
  readonly chunkDelayMs: number;
  readonly streamChunks: number;
  readonly promptTokens?: number;
  readonly completionTokens?: number;
}

export const MOCK_FINGERPRINT = "openclaw-mock";

function lastUserText(body: ChatCompletionCreateParams): string {
  for (let i = body.messages.length - 1; i >= 0; i--) {
    const m = body.messages[i];
    if (m?.role !== "user") continue;
    if (typeof m.content === "string") return m.content;
    if (Array.isArray(m.content)) {
      return m.content.map((p) => (p.type === "text" ? p.text : "")).join(" ");
    }
  }
  return "";
}

export function mockReplyText(body: ChatCompletionCreateParams): string {
  const said = lastUserText(body).replace(/\s+/g, " ").trim();
  const snippet = said.length > 200 ? `${said.slice(0, 197)}...` : said;
  return `[mock] This is the OpenClaw mock provider (model ${body.model}). You said: "${snippet}"`;
}

/** The forced tool call, when the request names one (tool_choice function) or requires one. */
function forcedToolName(body: ChatCompletionCreateParams): string | undefined {
  const choice = body.tool_choice;
  if (typeof choice === "object" && choice !== null && choice.type === "function")
    return choice.function.name;
  const first = body.tools?.[0];
  if (choice === "required" && first !== undefined && first.type === "function") return first.function.name;
  return undefined;
}

/** The text the mock counts as prompt for its reported usage: message contents, ~1 token per message, tool definitions. */
function promptText(body: ChatCompletionCreateParams): string {
  let text = "";
  for (const message of body.messages) {
    const content = (message as { content?: unknown }).content;
    if (typeof content === "string") text += content;
    else if (Array.isArray(content)) {
      for (const part of content) {
        if (
          part !== null &&
          typeof part === "object" &&
          typeof (part as { text?: unknown }).text === "string"
        ) {
          text += (part as { text: string }).text;
        }
      }
    }
    text += "    "; // per-message overhead, about one token
  }
  if (body.tools !== undefined) text += JSON.stringify(body.tools);
  return text;
}

function mockUsage(body: ChatCompletionCreateParams, reply: string, opts: MockOptions): CompletionUsage {
  const n = body.n ?? 1;
  const prompt = opts.promptTokens ?? approximateTokens(promptText(body));
  const completion = opts.completionTokens ?? approximateTokens(reply) * n;
  return { prompt_tokens: prompt, completion_tokens: completion, total_tokens: prompt + completion };
}

function requestId(body: unknown): string {
  return `chatcmpl-mock-${createHash("sha256").update(JSON.stringify(body)).digest("hex").slice(0, 24)}`;
}

export function mockCompletion(body: ChatCompletionCreateParams, opts: MockOptions): ChatCompletion {
  const tool = forcedToolName(body);
  const reply = tool === undefined ? mockReplyText(body) : "";
  const choices: ChatCompletion["choices"] = [];
  for (let index = 0; index < (body.n ?? 1); index++) {
    choices.push({
      index,
      finish_reason: tool === undefined ? "stop" : "tool_calls",
      logprobs: null,
      message:
        tool === undefined
          ? { role: "assistant", content: reply, refusal: null }
          : {
              role: "assistant",
              content: null,
              refusal: null,
              tool_calls: [
                { id: `call_mock_${index}`, type: "function", function: { name: tool, arguments: "{}" } },
              ],
            },
    });
  }
  return {
    id: requestId(body),
    object: "chat.completion",
    created: 0,
    model: body.model,
    system_fingerprint: MOCK_FINGERPRINT,
    choices,
    usage: mockUsage(body, reply || tool || "", opts),
  };
}

/** The same answer as `mockCompletion`, split into `streamChunks` content pieces plus a usage chunk. */
export function mockChunks(body: ChatCompletionCreateParams, opts: MockOptions): ChatCompletionChunk[] {
  const full = mockCompletion(body, opts);
  const base = { id: full.id, object: "chat.completion.chunk" as const, created: 0, model: body.model };
  const chunks: ChatCompletionChunk[] = [];
  for (const choice of full.choices) {
    const text = choice.message.content ?? "";
    const toolCalls = choice.message.tool_calls;
    chunks.push({
      ...base,
      choices: [{ index: choice.index, delta: { role: "assistant", content: "" }, finish_reason: null }],
    });
    if (toolCalls !== undefined) {
      chunks.push({
        ...base,
        choices: [
          {
            index: choice.index,
            delta: {
              tool_calls: toolCalls.map((call, i) => ({
                index: i,
                id: call.id,
                type: "function" as const,
                function: call.type === "function" ? call.function : { name: "", arguments: "" },
              })),
            },
            finish_reason: null,
          },
        ],
      });
    }
    for (const piece of split(text, opts.streamChunks)) {
      chunks.push({
        ...base,
        choices: [{ index: choice.index, delta: { content: piece }, finish_reason: null }],
      });
    }
    chunks.push({
      ...base,
      choices: [{ index: choice.index, delta: {}, finish_reason: choice.finish_reason }],
    });
  }
  if (body.stream_options?.include_usage === true)
    chunks.push({ ...base, choices: [], usage: full.usage ?? null });
  return chunks;
}

function split(text: string, pieces: number): string[] {
  if (text === "") return [];
  const size = Math.ceil(text.length / Math.max(1, pieces));
  const out: string[] = [];
  for (let i = 0; i < text.length; i += size) out.push(text.slice(i, i + size));
  return out;
}

/** Unit-length vectors derived from a hash of each input. */
export function mockEmbeddings(body: EmbeddingCreateParams, opts: MockOptions): CreateEmbeddingResponse {
  const inputs = Array.isArray(body.input) ? body.input : [body.input];
  const dims = body.dimensions ?? 8;
  let tokens = 0;
  const data = inputs.map((input, index) => {
    const text = typeof input === "string" ? input : JSON.stringify(input);
    tokens += approximateTokens(text);
    const seed = createHash("sha256").update(text).digest();
    const raw = Array.from({ length: dims }, (_, i) => (seed[i % seed.length] as number) / 255 - 0.5);
    const norm = Math.hypot(...raw) || 1;
    const vector = raw.map((v) => v / norm);
    // The openai SDK asks for base64 (little-endian float32) unless the caller chose an encoding.
    const embedding =
      body.encoding_format === "base64"
        ? Buffer.from(new Float32Array(vector).buffer).toString("base64")
        : vector;
    return { object: "embedding" as const, index, embedding: embedding as number[] };
  });
  const prompt = opts.promptTokens ?? tokens;
  return { object: "list", model: body.model, data, usage: { prompt_tokens: prompt, total_tokens: prompt } };
}
