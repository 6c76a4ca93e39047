/**
 * The one pre-admission token estimate: what `admit` reserves against TPM and, priced, against the
 * budget. It only reserves: `settle` replaces it with the usage the provider reports, so TPM and
 * budgets end up charged what was really used. The estimate decides only whether a request is let in
 * (and "Request too large" when it alone exceeds a key's TPM), so it has to be close and cheap, not exact.
 *
 * Why no tokenizer (measured 2026-11-25 with gpt-tokenizer 3.4.0, o200k_base, on this 2-core machine):
 * - memory: its table added 55 MB of RSS to an idle gateway (96 → 152 MB), on every replica;
 * - CPU: ~100 µs per KB of prompt, ~0.5 s for a 4 MB body, on the event loop every request shares;
 * - exactness: o200k is exact for OpenAI's GPT-4o/4.1/5 only; Claude and other providers tokenize
 *   differently, so it would still be an estimate for them;
 * - the rule below tracks o200k closely enough: over 2 KB samples (docs, READMEs, gateway source,
 *   tool schemas, and TypeScript's translated messages), its median ratio to o200k was 0.96-1.08 for
 *   English, code, German, French, Spanish, Russian, Japanese, Korean and Chinese (p5-p95 0.74-1.33),
 *   where plain characters/4 counted CJK at 0.41-0.50 of its tokens. Hash-heavy JSON (package-lock)
 *   comes out at 0.63; tool schemas and tool calls at ~1.0. It costs ~2 µs per KB.
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
/**
 * Non-text parts (images, audio, files) are priced upstream by their pixels or duration, which the
 * gateway does not decode; a flat 765 is a 1024x1024 high-detail image. Counting their base64 as text
 * would overestimate them tenfold and refuse them as too large.
 */
const TOKENS_PER_MEDIA_PART = 765;
export const DEFAULT_MAX_OUTPUT_TOKENS = 1024;

/**
 * Tokens of a text without a tokenizer. Scripts encoded below U+0800 (Latin, Greek, Cyrillic, Hebrew,
 * Arabic, ...) average about 4 characters per token; CJK, kana, Hangul and the rest about 1.4-2, so
 * each of their UTF-16 units counts 1/1.4 (the safe side of that range).
 */
export function approximateTokens(text: string): number {
  let narrow = 0;
  for (let i = 0; i < text.length; i++) {
    if (text.charCodeAt(i) < 0x800) narrow++;
  }
  return Math.ceil(narrow / 4 + (text.length - narrow) / 1.4);
}

/**
 * Estimates the tokens of a chat-completions or embeddings request body. Never throws: fields of an
 * unexpected shape count as zero (validating the request is the core's job).
 */
export function estimateTokens(body: unknown, opts: EstimateOptions = {}): TokenEstimate {
  if (!isRecord(body)) return { input: 0, output: 0, total: 0 };
  if (Array.isArray(body.messages)) {
    const input = chatInputTokens(body.messages, body.tools);
    const output = outputTokens(body, opts.defaultMaxOutputTokens ?? DEFAULT_MAX_OUTPUT_TOKENS);
    return { input, output, total: input + output };
  }
  const input = embeddingInputTokens(body.input);
  return { input, output: 0, total: input };
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
  if (typeof content === "string") return approximateTokens(content);
  if (!Array.isArray(content)) return 0;
  let tokens = 0;
  for (const part of content) {
    if (!isRecord(part)) continue;
    tokens += typeof part.text === "string" ? approximateTokens(part.text) : TOKENS_PER_MEDIA_PART;
  }
  return tokens;
}

/** Embeddings `input`: a string, an array of strings, an array of token ids, or an array of those. */
function embeddingInputTokens(input: unknown): number {
  if (typeof input === "string") return approximateTokens(input);
  if (!Array.isArray(input)) return 0;
  let tokens = 0;
  for (const item of input) {
    if (typeof item === "string") tokens += approximateTokens(item);
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
  return typeof value === "string" ? approximateTokens(value) : 0;
}

function jsonTokens(value: unknown): number {
  return approximateTokens(JSON.stringify(value) ?? "");
}

function positiveInteger(value: unknown): number | undefined {
  return typeof value === "number" && Number.isInteger(value) && value > 0 ? value : undefined;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
