/**
 * The `anthropic` provider kind: OpenAI chat requests translated to and from Anthropic's Messages API.
 * Pure translation (see ../types.ts); what is translated, dropped and refused is listed in README.md.
 */
import type { ProviderAdapter } from "../types";
import { describeAnthropicError } from "./errors";
import { anthropicOptionsSchema } from "./options";
import { buildChatRequest } from "./request";
import { translateChatResponse } from "./response";
import { AnthropicStreamTranslator } from "./stream";

export interface AnthropicAdapterOptions {
  /** Clock for `created` timestamps, in ms since the epoch. @default Date.now */
  readonly now?: () => number;
}

/** An adapter with an injectable clock (tests pin `created`); production uses `anthropicAdapter`. */
export function createAnthropicAdapter(options: AnthropicAdapterOptions = {}): ProviderAdapter {
  const now = options.now ?? Date.now;
  return {
    kind: "anthropic",
    optionsSchema: anthropicOptionsSchema,
    chatRequest: buildChatRequest,
    chatResponse: (json, model) => translateChatResponse(json, model, now()),
    chatStream: (model) => new AnthropicStreamTranslator(model, now()),
    describeError: describeAnthropicError,
  };
}

export const anthropicAdapter: ProviderAdapter = createAnthropicAdapter();
