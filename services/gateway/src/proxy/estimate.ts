/**
 * The admission estimate without a tokenizer: ~4 characters per token over the prompt text, plus the
 * output ceiling (max_completion_tokens / max_tokens or the configured default) times `n`. It only has
 * to be close: `settle` replaces it with the provider's reported usage. (governance's tokenizer-based
 * `estimateTokens` is more exact but its o200k table costs ~80 MB of RSS per replica.)
 */
import { approximateTokens } from "../tokens";

export interface TokenEstimate {
  readonly input: number;
  readonly output: number;
  readonly total: number;
}

/** Role/separator overhead per chat message, as OpenAI's own counting guidance. */
const TOKENS_PER_MESSAGE = 4;

export function estimateRequestTokens(body: unknown, defaultMaxOutputTokens: number): TokenEstimate {
  if (body === null || typeof body !== "object") return { input: 0, output: 0, total: 0 };
  const b = body as Record<string, unknown>;
  let input = 0;
  if (Array.isArray(b.messages)) {
    for (const message of b.messages) {
      input +=
        TOKENS_PER_MESSAGE + approximateTokens(contentText((message as { content?: unknown }).content));
      const calls = (message as { tool_calls?: unknown }).tool_calls;
      if (calls !== undefined) input += approximateTokens(JSON.stringify(calls));
    }
    if (b.tools !== undefined) input += approximateTokens(JSON.stringify(b.tools));
  } else if (b.input !== undefined) {
    input = embeddingTokens(b.input);
  }
  const isChat = Array.isArray(b.messages);
  const ceiling = positiveInt(b.max_completion_tokens) ?? positiveInt(b.max_tokens) ?? defaultMaxOutputTokens;
  const output = isChat ? ceiling * (positiveInt(b.n) ?? 1) : 0;
  return { input, output, total: input + output };
}

function contentText(content: unknown): string {
  if (typeof content === "string") return content;
  if (!Array.isArray(content)) return "";
  let text = "";
  for (const part of content) {
    const t = (part as { text?: unknown } | null)?.text;
    // non-text parts (images, files) are priced by size upstream; a flat ~765 tokens like a 1024px image
    text += typeof t === "string" ? t : " ".repeat(765 * 4);
  }
  return text;
}

function embeddingTokens(input: unknown): number {
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

function positiveInt(value: unknown): number | undefined {
  return typeof value === "number" && Number.isInteger(value) && value > 0 ? value : undefined;
}
