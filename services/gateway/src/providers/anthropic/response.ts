/** A non-streaming Messages API response → OpenAI `chat.completion`. */
import { type ChatCompletion, type ModelContext, UpstreamStreamError } from "../types";
import { completionUsage, finishReason } from "./finish";
import { anthropicMessageSchema, isTextContent, isToolUseContent } from "./wire";

type ToolCall = NonNullable<ChatCompletion.Choice["message"]["tool_calls"]>[number];

/**
 * Text blocks are joined into `message.content` (null when there is none, as OpenAI does for pure tool
 * calls); tool_use blocks become function tool_calls with JSON-encoded arguments. Thinking and server-tool
 * blocks are not part of OpenAI's message and are dropped. `model` is the route's upstream model.
 * Throws `UpstreamStreamError` for a body that is not a Messages response.
 */
export function translateChatResponse(json: unknown, model: ModelContext, nowMs: number): ChatCompletion {
  const parsed = anthropicMessageSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue === undefined ? "" : ` at '${issue.path.join(".") || "(root)"}': ${issue.message}`;
    // The same error type a broken stream raises: the core treats it as an upstream fault and may retry
    // or fall over, never as the client's mistake.
    throw new UpstreamStreamError(
      `Anthropic answered 2xx with a body that is not a Messages response${where}`,
    );
  }
  const message = parsed.data;
  const text = message.content.filter(isTextContent).map((b) => b.text);
  const toolCalls = message.content.filter(isToolUseContent).map(
    (b): ToolCall => ({
      id: b.id,
      type: "function",
      function: { name: b.name, arguments: JSON.stringify(b.input ?? {}) },
    }),
  );
  const choice: ChatCompletion.Choice = {
    index: 0,
    message: {
      role: "assistant",
      content: text.length === 0 ? null : text.join(""),
      refusal: null,
      ...(toolCalls.length > 0 ? { tool_calls: toolCalls } : {}),
    },
    finish_reason: finishReason(message.stop_reason),
    logprobs: null,
  };
  return {
    id: message.id,
    object: "chat.completion",
    created: Math.floor(nowMs / 1000),
    model: model.upstreamModel,
    choices: [choice],
    usage: completionUsage(message.usage),
  };
}
