import { countTokens } from "gpt-tokenizer/encoding/o200k_base";

/**
 * Token estimates for admission (TPM and the budget reservation), counted with gpt-tokenizer's o200k_base
 * encoding (the GPT-4o/4.1/5 family). Other providers tokenize differently; the estimate only has to be
 * close, because `settle` replaces it with the provider's reported usage.
 */

export interface TokenEstimate {
  /** Prompt tokens: message contents, names, tool calls, tool definitions, embedding inputs. */
  readonly input: number;
  /** The most the answer may use: max_completion_tokens / max_tokens (or the default), times `n`. */
  readonly output: number;
  readonly total: number;
}

export interface EstimateOptions {
  /** Output tokens assumed when the request sets no max_tokens / max_completion_tokens. @default 1024 */
  readonly defaultMaxOutputTokens?: number;
}

/** OpenAI's chat format spends about 3 tokens per message on role/separators, and 3 priming the reply. */
const TOKENS_PER_MESSAGE = 3;
const TOKENS_PER_REPLY = 3;
/** An image's cost depends on its size, which the gateway does not fetch; 765 is a 1024x1024 high-detail image. */
const TOKENS_PER_IMAGE = 765;
export const DEFAULT_MAX_OUTPUT_TOKENS = 1024;

/**
 * Estimates the tokens of a chat-completions or embeddings request body. Never throws: fields of an
 * unexpected shape count as zero (validating the request is the core's job).
 */
export function estimateTokens(body: unknown, opts: EstimateOptions = {}): TokenEstimate {
  if (!isRecord(body)) return { input: 0, output: 0, total: 0 };
  const input = Array.isArray(body.messages)
    ? chatInputTokens(body.messages, body.tools)
    : "input" in body
      ? embeddingInputTokens(body.input)
      : 0;
  const output =
    "messages" in body ? outputTokens(body, opts.defaultMaxOutputTokens ?? DEFAULT_MAX_OUTPUT_TOKENS) : 0;
  return { input, output, total: input + output };
}

function chatInputTokens(messages: unknown[], tools: unknown): number {
  let tokens = TOKENS_PER_REPLY;
  for (const message of messages) {
    if (!isRecord(message)) continue;
    tokens += TOKENS_PER_MESSAGE + textTokens(message.role) + textTokens(message.name);
    tokens += contentTokens(message.content);
    if (message.tool_calls !== undefined) tokens += jsonTokens(message.tool_calls);
    if (message.function_call !== undefined) tokens += jsonTokens(message.function_call);
  }
  if (tools !== undefined) tokens += jsonTokens(tools);
  return tokens;
}

/** `content` is a string or an array of parts (`{type: "text", text}`, `{type: "image_url", ...}`, ...). */
function contentTokens(content: unknown): number {
  if (typeof content === "string") return countTokens(content);
  if (!Array.isArray(content)) return 0;
  let tokens = 0;
  for (const part of content) {
    if (!isRecord(part)) continue;
    if (typeof part.text === "string") tokens += countTokens(part.text);
    else if (part.type === "image_url") tokens += TOKENS_PER_IMAGE;
    else tokens += jsonTokens(part);
  }
  return tokens;
}

/** Embeddings `input`: a string, an array of strings, an array of token ids, or an array of those. */
function embeddingInputTokens(input: unknown): number {
  if (typeof input === "string") return countTokens(input);
  if (!Array.isArray(input)) return 0;
  let tokens = 0;
  for (const item of input) {
    if (typeof item === "string") tokens += countTokens(item);
    else if (typeof item === "number") tokens += 1;
    else if (Array.isArray(item)) tokens += item.length;
  }
  return tokens;
}

function outputTokens(body: Record<string, unknown>, fallback: number): number {
  const max = positiveInteger(body.max_completion_tokens) ?? positiveInteger(body.max_tokens) ?? fallback;
  return max * (positiveInteger(body.n) ?? 1);
}

function textTokens(value: unknown): number {
  return typeof value === "string" ? countTokens(value) : 0;
}

function jsonTokens(value: unknown): number {
  return countTokens(JSON.stringify(value) ?? "");
}

function positiveInteger(value: unknown): number | undefined {
  return typeof value === "number" && Number.isInteger(value) && value > 0 ? value : undefined;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
