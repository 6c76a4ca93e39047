/**
 * Anthropic's streaming events → OpenAI `chat.completion.chunk`s, one translator per response.
 *
 *   message_start        → nothing yet: id and input usage are recorded
 *   content_block_start  → tool_use: `tool_calls[{index, id, type, function: {name, arguments: ""}}]`
 *   content_block_delta  → text_delta: `content`; input_json_delta: `tool_calls[{index, function.arguments}]`
 *   message_delta        → `finish_reason` chunk; output usage
 *   message_stop         → final `choices: []` chunk with usage (OpenAI's include_usage shape); finished
 *   error                → throws UpstreamStreamError with a redacted message
 *   ping, content_block_stop, thinking/signature/citation deltas, unknown events → nothing
 *
 * The first chunk emitted (whatever it carries) also has `delta.role: "assistant"`. Nothing is emitted for
 * message_start or ping on purpose: the core commits a stream to the client at its first chunk, so an
 * error event before any content can still be retried or fall over to another route.
 *
 * OpenAI numbers tool calls 0, 1, 2… while Anthropic numbers content blocks (text included), so the
 * translator keeps a block-index → tool-call-index map.
 */
import {
  type ChatCompletionChunk,
  type ChatStreamTranslator,
  type CompletionUsage,
  type ModelContext,
  type UpstreamSseEvent,
  UpstreamStreamError,
} from "../types";
import { describeStreamError } from "./errors";
import { type AnthropicTokenCounts, completionUsage, type FinishReason, finishReason } from "./finish";
import {
  type AnthropicDeltaUsage,
  type AnthropicStreamEvent,
  anthropicStreamEventSchema,
  isInputJsonDelta,
  isTextContent,
  isTextDelta,
  isToolUseContent,
  knownStreamEventTypes,
} from "./wire";

type Delta = ChatCompletionChunk.Choice.Delta;

interface MessageIdentity {
  readonly id: string;
}

export class AnthropicStreamTranslator implements ChatStreamTranslator {
  private message: MessageIdentity | undefined;
  private counts: AnthropicTokenCounts | undefined;
  private readonly toolIndexByBlock = new Map<number, number>();
  private done = false;
  private roleSent = false;
  private readonly created: number;

  constructor(
    private readonly model: ModelContext,
    nowMs: number,
  ) {
    this.created = Math.floor(nowMs / 1000);
  }

  push(event: UpstreamSseEvent): ChatCompletionChunk[] {
    // Anything after message_stop is not part of this message.
    if (this.done) return [];
    const data = parseEventData(event);
    if (data === undefined) return [];
    return this.translate(data);
  }

  usage(): CompletionUsage | undefined {
    return this.counts === undefined ? undefined : completionUsage(this.counts);
  }

  finished(): boolean {
    return this.done;
  }

  private translate(event: AnthropicStreamEvent): ChatCompletionChunk[] {
    switch (event.type) {
      case "ping":
      case "content_block_stop":
        return [];
      case "error":
        throw new UpstreamStreamError(
          describeStreamError(event.error.type, event.error.message),
          event.error.type,
        );
      case "message_start":
        if (this.message !== undefined) throw protocolError("a second message_start");
        this.message = { id: event.message.id };
        this.counts = event.message.usage;
        return [];
      case "content_block_start": {
        this.requireStart(event.type);
        const block = event.content_block;
        if (isToolUseContent(block)) {
          const index = this.toolIndexByBlock.size;
          this.toolIndexByBlock.set(event.index, index);
          return [
            this.chunk({
              tool_calls: [
                { index, id: block.id, type: "function", function: { name: block.name, arguments: "" } },
              ],
            }),
          ];
        }
        // Text blocks start empty in practice; if one ever carries text, pass it on.
        return isTextContent(block) && block.text !== "" ? [this.chunk({ content: block.text })] : [];
      }
      case "content_block_delta": {
        this.requireStart(event.type);
        const { delta } = event;
        if (isTextDelta(delta)) return [this.chunk({ content: delta.text })];
        if (isInputJsonDelta(delta)) {
          const index = this.toolIndexByBlock.get(event.index);
          if (index === undefined)
            throw protocolError(`input_json_delta for block ${event.index}, which is not a tool_use`);
          return [this.chunk({ tool_calls: [{ index, function: { arguments: delta.partial_json } }] })];
        }
        return [];
      }
      case "message_delta": {
        this.requireStart(event.type);
        this.counts = mergeCounts(this.counts, event.usage);
        const reason = event.delta.stop_reason;
        return reason === null || reason === undefined ? [] : [this.chunk({}, finishReason(reason))];
      }
      case "message_stop": {
        this.requireStart(event.type);
        this.done = true;
        const usage = this.usage();
        return usage === undefined ? [] : [{ ...this.envelope(), choices: [], usage }];
      }
    }
  }

  private requireStart(type: string): void {
    if (this.message === undefined) throw protocolError(`${type} before message_start`);
  }

  private envelope(): Omit<ChatCompletionChunk, "choices"> {
    return {
      id: this.message?.id ?? "",
      object: "chat.completion.chunk",
      created: this.created,
      model: this.model.upstreamModel,
    };
  }

  private chunk(delta: Delta, finish: FinishReason | null = null): ChatCompletionChunk {
    const withRole: Delta = this.roleSent ? delta : { role: "assistant", ...delta };
    this.roleSent = true;
    return {
      ...this.envelope(),
      choices: [{ index: 0, delta: withRole, finish_reason: finish, logprobs: null }],
    };
  }
}

function protocolError(what: string): UpstreamStreamError {
  return new UpstreamStreamError(`Anthropic stream is malformed: ${what}`, "invalid_stream");
}

/** message_delta's usage is cumulative; newer API versions repeat input counts there too. */
function mergeCounts(
  previous: AnthropicTokenCounts | undefined,
  update: AnthropicDeltaUsage,
): AnthropicTokenCounts {
  return {
    input_tokens: update.input_tokens ?? previous?.input_tokens ?? 0,
    output_tokens: update.output_tokens,
    cache_creation_input_tokens: update.cache_creation_input_tokens ?? previous?.cache_creation_input_tokens,
    cache_read_input_tokens: update.cache_read_input_tokens ?? previous?.cache_read_input_tokens,
  };
}

/** The event's JSON, validated; undefined for an event type this translator does not know. */
function parseEventData(event: UpstreamSseEvent): AnthropicStreamEvent | undefined {
  let json: unknown;
  try {
    json = JSON.parse(event.data);
  } catch {
    throw protocolError(`event '${event.event ?? "message"}' carries data that is not JSON`);
  }
  const type = typeof json === "object" && json !== null && "type" in json ? json.type : event.event;
  if (typeof type !== "string" || !knownStreamEventTypes.has(type)) return undefined;
  const parsed = anthropicStreamEventSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue === undefined ? "" : ` at '${issue.path.join(".")}': ${issue.message}`;
    throw protocolError(`unexpected '${type}' event${where}`);
  }
  return parsed.data;
}
