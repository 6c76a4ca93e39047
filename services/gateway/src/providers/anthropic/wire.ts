/**
 * Anthropic Messages API wire format (anthropic-version 2023-06-01).
 *
 * What we send is typed with plain interfaces (we build it, nothing to validate). What we receive is
 * described once as zod schemas and the types are inferred from them, so the parser and the type can't
 * drift. Incoming schemas are loose (`z.looseObject`): Anthropic adds fields and block types over time and an
 * unknown field must never break a translation.
 */
import { z } from "zod";

// ---------------------------------------------------------------------------------------------------
// Request (what we send)

export type AnthropicImageMediaType = "image/jpeg" | "image/png" | "image/gif" | "image/webp";

/** A prompt-cache breakpoint: Anthropic caches the prefix up to and including the marked block. */
export interface AnthropicCacheControl {
  type: "ephemeral";
}

export interface AnthropicTextBlock {
  type: "text";
  text: string;
  cache_control?: AnthropicCacheControl;
}

export interface AnthropicImageBlock {
  type: "image";
  source:
    | { type: "base64"; media_type: AnthropicImageMediaType; data: string }
    | { type: "url"; url: string };
  cache_control?: AnthropicCacheControl;
}

export interface AnthropicDocumentBlock {
  type: "document";
  source: { type: "base64"; media_type: "application/pdf"; data: string };
  cache_control?: AnthropicCacheControl;
}

export interface AnthropicToolUseBlock {
  type: "tool_use";
  id: string;
  name: string;
  input: Record<string, unknown>;
}

export interface AnthropicToolResultBlock {
  type: "tool_result";
  tool_use_id: string;
  /** Omitted for an empty result: Anthropic rejects empty text blocks. */
  content?: string | AnthropicTextBlock[];
}

export type AnthropicUserBlock =
  | AnthropicTextBlock
  | AnthropicImageBlock
  | AnthropicDocumentBlock
  | AnthropicToolResultBlock;
export type AnthropicAssistantBlock = AnthropicTextBlock | AnthropicToolUseBlock;

export type AnthropicMessageParam =
  | { role: "user"; content: AnthropicUserBlock[] }
  | { role: "assistant"; content: AnthropicAssistantBlock[] };

export interface AnthropicTool {
  name: string;
  description?: string;
  input_schema: Record<string, unknown>;
}

export type AnthropicToolChoice =
  | { type: "auto"; disable_parallel_tool_use?: boolean }
  | { type: "any"; disable_parallel_tool_use?: boolean }
  | { type: "tool"; name: string; disable_parallel_tool_use?: boolean }
  | { type: "none" };

export interface AnthropicMessagesRequest {
  model: string;
  messages: AnthropicMessageParam[];
  max_tokens: number;
  /** A string, or blocks when a system part carries a cache breakpoint. */
  system?: string | AnthropicTextBlock[];
  stop_sequences?: string[];
  temperature?: number;
  top_p?: number;
  top_k?: number;
  metadata?: { user_id: string };
  tools?: AnthropicTool[];
  tool_choice?: AnthropicToolChoice;
  stream?: boolean;
}

// ---------------------------------------------------------------------------------------------------
// Response (what we receive)

export const anthropicUsageSchema = z.looseObject({
  input_tokens: z.number().int().nonnegative(),
  output_tokens: z.number().int().nonnegative(),
  cache_creation_input_tokens: z.number().int().nonnegative().nullish(),
  cache_read_input_tokens: z.number().int().nonnegative().nullish(),
});
export type AnthropicUsage = z.infer<typeof anthropicUsageSchema>;

/** Stop reasons Anthropic documents today; kept open (`string`) so a new one maps to a default, not a crash. */
export type AnthropicStopReason =
  | "end_turn"
  | "max_tokens"
  | "stop_sequence"
  | "tool_use"
  | "pause_turn"
  | "refusal"
  | "model_context_window_exceeded"
  | (string & {});

const textBlockSchema = z.looseObject({ type: z.literal("text"), text: z.string() });
export type AnthropicTextContent = z.infer<typeof textBlockSchema>;
const toolUseBlockSchema = z.looseObject({
  type: z.literal("tool_use"),
  id: z.string(),
  name: z.string(),
  input: z.unknown(),
});
/** Thinking, server tool results and future block types: carried through the parse, ignored by the mapping. */
const otherBlockSchema = z.looseObject({ type: z.string() });

export const anthropicContentBlockSchema = z.union([textBlockSchema, toolUseBlockSchema, otherBlockSchema]);
export type AnthropicContentBlock = z.infer<typeof anthropicContentBlockSchema>;
export type AnthropicToolUseContent = z.infer<typeof toolUseBlockSchema>;

// The union's catch-all member has `type: string`, so `block.type === "text"` alone does not narrow.
export function isTextContent(block: AnthropicContentBlock): block is AnthropicTextContent {
  return block.type === "text" && typeof block.text === "string";
}
export function isToolUseContent(block: AnthropicContentBlock): block is AnthropicToolUseContent {
  return block.type === "tool_use" && typeof block.id === "string" && typeof block.name === "string";
}

export const anthropicMessageSchema = z.looseObject({
  id: z.string().min(1),
  type: z.literal("message"),
  role: z.literal("assistant"),
  model: z.string(),
  content: z.array(anthropicContentBlockSchema),
  stop_reason: z.string().nullable(),
  stop_sequence: z.string().nullish(),
  usage: anthropicUsageSchema,
});
export type AnthropicMessage = z.infer<typeof anthropicMessageSchema>;

export const anthropicErrorBodySchema = z.looseObject({
  type: z.literal("error"),
  error: z.looseObject({ type: z.string(), message: z.string() }),
  request_id: z.string().nullish(),
});
export type AnthropicErrorBody = z.infer<typeof anthropicErrorBodySchema>;

// ---------------------------------------------------------------------------------------------------
// Streaming events (`event: <type>` + `data: {"type": "<type>", ...}`)

/** message_delta usage: output_tokens always; newer API versions also repeat the input-side counts. */
const deltaUsageSchema = z.looseObject({
  output_tokens: z.number().int().nonnegative(),
  input_tokens: z.number().int().nonnegative().nullish(),
  cache_creation_input_tokens: z.number().int().nonnegative().nullish(),
  cache_read_input_tokens: z.number().int().nonnegative().nullish(),
});
export type AnthropicDeltaUsage = z.infer<typeof deltaUsageSchema>;

const textDeltaSchema = z.looseObject({ type: z.literal("text_delta"), text: z.string() });
const inputJsonDeltaSchema = z.looseObject({ type: z.literal("input_json_delta"), partial_json: z.string() });
const blockDeltaSchema = z.union([
  textDeltaSchema,
  inputJsonDeltaSchema,
  /** thinking_delta, signature_delta, citations_delta and anything newer. */
  z.looseObject({ type: z.string() }),
]);
export type AnthropicBlockDelta = z.infer<typeof blockDeltaSchema>;

export function isTextDelta(delta: AnthropicBlockDelta): delta is z.infer<typeof textDeltaSchema> {
  return delta.type === "text_delta" && typeof delta.text === "string";
}
export function isInputJsonDelta(delta: AnthropicBlockDelta): delta is z.infer<typeof inputJsonDeltaSchema> {
  return delta.type === "input_json_delta" && typeof delta.partial_json === "string";
}

export const anthropicStreamEventSchema = z.discriminatedUnion("type", [
  z.looseObject({
    type: z.literal("message_start"),
    message: z.looseObject({ id: z.string().min(1), model: z.string(), usage: anthropicUsageSchema }),
  }),
  z.looseObject({
    type: z.literal("content_block_start"),
    index: z.number().int().nonnegative(),
    content_block: anthropicContentBlockSchema,
  }),
  z.looseObject({
    type: z.literal("content_block_delta"),
    index: z.number().int().nonnegative(),
    delta: blockDeltaSchema,
  }),
  z.looseObject({ type: z.literal("content_block_stop"), index: z.number().int().nonnegative() }),
  z.looseObject({
    type: z.literal("message_delta"),
    delta: z.looseObject({ stop_reason: z.string().nullish(), stop_sequence: z.string().nullish() }),
    usage: deltaUsageSchema,
  }),
  z.looseObject({ type: z.literal("message_stop") }),
  z.looseObject({ type: z.literal("ping") }),
  z.looseObject({
    type: z.literal("error"),
    error: z.looseObject({ type: z.string(), message: z.string() }),
  }),
]);
export type AnthropicStreamEvent = z.infer<typeof anthropicStreamEventSchema>;

/** Event types we know. Anything else is skipped: Anthropic's versioning policy allows new event types. */
export const knownStreamEventTypes: ReadonlySet<string> = new Set([
  "message_start",
  "content_block_start",
  "content_block_delta",
  "content_block_stop",
  "message_delta",
  "message_stop",
  "ping",
  "error",
]);
