import { describe, expect, it } from "vitest";
import { createAnthropicAdapter } from "../../../../services/gateway/src/providers/anthropic";
import {
  type ChatCompletionChunk,
  type ChatStreamTranslator,
  type UpstreamSseEvent,
  UpstreamStreamError,
} from "../../../../services/gateway/src/providers/types";
import { fixedCreated, fixedNowMs, fixtureText, model, parseSse } from "./helpers";

const adapter = createAnthropicAdapter({ now: () => fixedNowMs });

function run(translator: ChatStreamTranslator, events: readonly UpstreamSseEvent[]): ChatCompletionChunk[] {
  return events.flatMap((e) => translator.push(e));
}

function translateTranscript(name: string): {
  chunks: ChatCompletionChunk[];
  translator: ChatStreamTranslator;
} {
  const translator = adapter.chatStream(model);
  return { chunks: run(translator, parseSse(fixtureText(name))), translator };
}

/** What a client would assemble from the chunks, the way the openai SDK's stream helpers do. */
function assemble(chunks: readonly ChatCompletionChunk[]) {
  let content = "";
  let role: string | undefined;
  let finish: string | null = null;
  const calls: { id?: string; name?: string; arguments: string }[] = [];
  let usage: ChatCompletionChunk["usage"];
  for (const chunk of chunks) {
    if (chunk.usage) usage = chunk.usage;
    for (const choice of chunk.choices) {
      role ??= choice.delta.role;
      content += choice.delta.content ?? "";
      finish = choice.finish_reason ?? finish;
      for (const call of choice.delta.tool_calls ?? []) {
        const slot = calls[call.index] ?? { arguments: "" };
        if (call.id) slot.id = call.id;
        if (call.function?.name) slot.name = call.function.name;
        slot.arguments += call.function?.arguments ?? "";
        calls[call.index] = slot;
      }
    }
  }
  return { role, content, finish, calls, usage };
}

const envelope = (id: string) => ({
  id,
  object: "chat.completion.chunk",
  created: fixedCreated,
  model: "claude-sonnet-4-5",
});

describe("chatStream: a text answer", () => {
  it("emits exactly OpenAI's chunk sequence", () => {
    const { chunks, translator } = translateTranscript("stream-text.sse");
    const e = envelope("msg_01Hn2k9VwQz8tY3uJ6rFpXbA");
    const choice = (delta: object, finish_reason: string | null = null) => ({
      ...e,
      choices: [{ index: 0, delta, finish_reason, logprobs: null }],
    });
    expect(chunks).toEqual([
      choice({ role: "assistant", content: "Hello" }),
      choice({ content: "! How can I" }),
      choice({ content: " help you today?" }),
      choice({}, "stop"),
      {
        ...e,
        choices: [],
        usage: {
          prompt_tokens: 25,
          completion_tokens: 12,
          total_tokens: 37,
          prompt_tokens_details: { cached_tokens: 0, cache_write_tokens: 0 },
        },
      },
    ]);
    expect(translator.finished()).toBe(true);
  });

  it("emits nothing for message_start, ping and an empty text block, so the core can still fall over", () => {
    const translator = adapter.chatStream(model);
    const events = parseSse(fixtureText("stream-error.sse"));
    expect(run(translator, events.slice(0, 2))).toEqual([]);
    expect(translator.push({ event: "ping", data: '{"type": "ping"}' })).toEqual([]);
    expect(() => translator.push(events.at(-1) as UpstreamSseEvent)).toThrow(UpstreamStreamError);
  });

  it("puts the role on the first chunk whatever it carries (here a tool call)", () => {
    const events = parseSse(fixtureText("stream-tool-use.sse")).filter((e) => !e.data.includes('"index":0'));
    const chunks = run(adapter.chatStream(model), events);
    expect(chunks[0]?.choices[0]?.delta).toEqual({
      role: "assistant",
      tool_calls: [
        {
          index: 0,
          id: "toolu_01T1x1fJ34qAmk2tNTrN7Up6",
          type: "function",
          function: { name: "get_weather", arguments: "" },
        },
      ],
    });
    expect(chunks.slice(1).every((c) => c.choices[0]?.delta.role === undefined)).toBe(true);
  });

  it("reports usage from message_start on, before the stream ends", () => {
    const translator = adapter.chatStream(model);
    const events = parseSse(fixtureText("stream-text.sse"));
    expect(translator.usage()).toBeUndefined();
    translator.push(events[0] as UpstreamSseEvent);
    expect(translator.usage()).toMatchObject({ prompt_tokens: 25, completion_tokens: 1 });
    expect(translator.finished()).toBe(false);
  });
});

describe("chatStream: tool use", () => {
  it("emits tool_calls deltas with OpenAI indexes, ids, names and argument pieces", () => {
    const { chunks } = translateTranscript("stream-tool-use.sse");
    const toolDeltas = chunks.flatMap((c) => c.choices.flatMap((ch) => ch.delta.tool_calls ?? []));
    expect(toolDeltas).toEqual([
      {
        index: 0,
        id: "toolu_01T1x1fJ34qAmk2tNTrN7Up6",
        type: "function",
        function: { name: "get_weather", arguments: "" },
      },
      { index: 0, function: { arguments: "" } },
      { index: 0, function: { arguments: '{"location":' } },
      { index: 0, function: { arguments: ' "San Fra' } },
      { index: 0, function: { arguments: 'ncisco, CA", ' } },
      { index: 0, function: { arguments: '"unit": "fahrenheit"}' } },
      {
        index: 1,
        id: "toolu_01Pq7rS9tU2vW4xY6zA8bC0d",
        type: "function",
        function: { name: "get_weather", arguments: "" },
      },
      { index: 1, function: { arguments: '{"location": "Paris, France"' } },
      { index: 1, function: { arguments: ', "unit": "celsius"}' } },
    ]);
  });
});

describe("chatStream: round trip through eventsource-parser", () => {
  it.each([1, 7, 64, 100_000])(
    "reassembles text, tool calls, finish_reason and usage (pieces of %i chars)",
    (size) => {
      const translator = adapter.chatStream(model);
      const result = assemble(run(translator, parseSse(fixtureText("stream-tool-use.sse"), size)));
      expect(result).toEqual({
        role: "assistant",
        content: "Okay, let's check the weather for San Francisco and Paris:",
        finish: "tool_calls",
        calls: [
          {
            id: "toolu_01T1x1fJ34qAmk2tNTrN7Up6",
            name: "get_weather",
            arguments: '{"location": "San Francisco, CA", "unit": "fahrenheit"}',
          },
          {
            id: "toolu_01Pq7rS9tU2vW4xY6zA8bC0d",
            name: "get_weather",
            arguments: '{"location": "Paris, France", "unit": "celsius"}',
          },
        ],
        usage: {
          prompt_tokens: 1496,
          completion_tokens: 89,
          total_tokens: 1585,
          prompt_tokens_details: { cached_tokens: 1024, cache_write_tokens: 0 },
        },
      });
      expect(JSON.parse(result.calls[0]?.arguments ?? "")).toEqual({
        location: "San Francisco, CA",
        unit: "fahrenheit",
      });
      expect(translator.finished()).toBe(true);
    },
  );

  it("ends a max_tokens stream with finish_reason length and message_delta's usage", () => {
    const { chunks, translator } = translateTranscript("stream-max-tokens.sse");
    expect(assemble(chunks)).toEqual({
      role: "assistant",
      content: "The history of the Roman Empire spans roughly fifteen centuries, beginning",
      finish: "length",
      calls: [],
      usage: {
        prompt_tokens: 20,
        completion_tokens: 16,
        total_tokens: 36,
        prompt_tokens_details: { cached_tokens: 0, cache_write_tokens: 0 },
      },
    });
    expect(translator.finished()).toBe(true);
  });

  it("drops thinking and signature deltas, keeping the answer text", () => {
    const { chunks } = translateTranscript("stream-thinking.sse");
    expect(assemble(chunks)).toMatchObject({ content: "17 × 23 = 391", finish: "stop", calls: [] });
  });

  it("keeps one id, created and model across every chunk", () => {
    const { chunks } = translateTranscript("stream-tool-use.sse");
    expect(chunks.length).toBeGreaterThan(5);
    for (const chunk of chunks) {
      expect({ id: chunk.id, object: chunk.object, created: chunk.created, model: chunk.model }).toEqual(
        envelope("msg_014p7gG3wDgGV9EUtLvnow3U"),
      );
    }
    expect(chunks.filter((c) => c.choices[0]?.delta.role !== undefined)).toEqual([chunks[0]]);
  });
});

describe("chatStream: errors and broken streams", () => {
  it("throws UpstreamStreamError on an error event mid-stream, after passing the text so far", () => {
    const translator = adapter.chatStream(model);
    const events = parseSse(fixtureText("stream-error.sse"));
    const before = events.slice(0, -1);
    expect(assemble(run(translator, before)).content).toBe("Let me think about");
    let caught: unknown;
    try {
      translator.push(events.at(-1) as UpstreamSseEvent);
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(UpstreamStreamError);
    expect((caught as UpstreamStreamError).message).toBe(
      "Anthropic stream error overloaded_error: Overloaded",
    );
    expect((caught as UpstreamStreamError).upstreamType).toBe("overloaded_error");
    expect(translator.finished()).toBe(false);
    expect(translator.usage()).toMatchObject({ prompt_tokens: 310 });
  });

  it("redacts a key echoed in a stream error", () => {
    const translator = adapter.chatStream(model);
    const data = JSON.stringify({
      type: "error",
      error: { type: "api_error", message: "key sk-ant-api03-SECRETSECRET" },
    });
    expect(() => translator.push({ event: "error", data })).toThrow(
      "Anthropic stream error api_error: key [redacted]",
    );
  });

  it("is not finished when the transcript stops before message_stop", () => {
    const events = parseSse(fixtureText("stream-text.sse"));
    const translator = adapter.chatStream(model);
    run(translator, events.slice(0, -2));
    expect(translator.finished()).toBe(false);
  });

  it.each([
    [[{ event: "message_start", data: "{not json" }], "not JSON"],
    [
      [
        {
          event: "content_block_delta",
          data: '{"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"x"}}',
        },
      ],
      "before message_start",
    ],
    [
      [{ event: "message_start", data: '{"type":"message_start","message":{"id":"m"}}' }],
      "unexpected 'message_start' event at 'message.model'",
    ],
  ])("rejects a malformed stream %j", (events, message) => {
    const translator = adapter.chatStream(model);
    expect(() => run(translator, events)).toThrow(UpstreamStreamError);
    expect(() => run(adapter.chatStream(model), events)).toThrow(message);
  });

  it("rejects input_json_delta for a block that is not a tool_use", () => {
    const events = parseSse(fixtureText("stream-text.sse")).slice(0, 2);
    const translator = adapter.chatStream(model);
    run(translator, events);
    const data =
      '{"type":"content_block_delta","index":0,"delta":{"type":"input_json_delta","partial_json":"{"}}';
    expect(() => translator.push({ event: "content_block_delta", data })).toThrow(
      "block 0, which is not a tool_use",
    );
  });

  it("skips unknown event types and ignores anything after message_stop", () => {
    const { translator } = translateTranscript("stream-text.sse");
    expect(translator.push({ event: "future_event", data: '{"type":"future_event","x":1}' })).toEqual([]);
    expect(translator.push({ event: "content_block_delta", data: '{"type":"content_block_delta"}' })).toEqual(
      [],
    );
  });

  it("ignores unknown events before message_start too", () => {
    const translator = adapter.chatStream(model);
    expect(translator.push({ event: "future_event", data: '{"type":"future_event"}' })).toEqual([]);
    expect(translator.push({ event: "ping", data: '{"type":"ping"}' })).toEqual([]);
  });
});
