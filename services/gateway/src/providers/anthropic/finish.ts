/** Stop reasons and token usage: shared by the JSON response and the stream translators. */
import type { ChatCompletion, CompletionUsage } from "../types";
import type { AnthropicStopReason } from "./wire";

export type FinishReason = ChatCompletion.Choice["finish_reason"];

const finishReasons: Readonly<Record<string, FinishReason>> = {
  end_turn: "stop",
  stop_sequence: "stop",
  // A server-side tool loop paused; the turn ended without the model finishing, as far as OpenAI can say.
  pause_turn: "stop",
  max_tokens: "length",
  model_context_window_exceeded: "length",
  tool_use: "tool_calls",
  refusal: "content_filter",
};

/** Anthropic stop_reason → OpenAI finish_reason. An unknown or missing reason reads as a plain stop. */
export function finishReason(stopReason: AnthropicStopReason | null | undefined): FinishReason {
  return (stopReason === null || stopReason === undefined ? undefined : finishReasons[stopReason]) ?? "stop";
}

export interface AnthropicTokenCounts {
  readonly input_tokens: number;
  readonly output_tokens: number;
  readonly cache_creation_input_tokens?: number | null | undefined;
  readonly cache_read_input_tokens?: number | null | undefined;
}

/**
 * Anthropic counts cache reads and writes apart from `input_tokens`; OpenAI's prompt_tokens includes
 * cached tokens. So prompt = input + cache writes + cache reads, with the split kept in the details
 * (the pricing code needs it: cache reads are far cheaper, writes dearer).
 */
export function completionUsage(counts: AnthropicTokenCounts): CompletionUsage {
  const cacheWrite = counts.cache_creation_input_tokens ?? 0;
  const cacheRead = counts.cache_read_input_tokens ?? 0;
  const prompt = counts.input_tokens + cacheWrite + cacheRead;
  return {
    prompt_tokens: prompt,
    completion_tokens: counts.output_tokens,
    total_tokens: prompt + counts.output_tokens,
    prompt_tokens_details: { cached_tokens: cacheRead, cache_write_tokens: cacheWrite },
  };
}
