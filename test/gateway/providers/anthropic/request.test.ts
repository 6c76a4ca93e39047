import { describe, expect, it } from "vitest";
import { anthropicHeaders, messagesPath } from "../../../../services/gateway/src/providers/anthropic/api";
import {
  buildChatRequest,
  buildMessagesBody,
} from "../../../../services/gateway/src/providers/anthropic/request";
import type { ChatCompletionCreateParams } from "../../../../services/gateway/src/providers/types";
import { chatBody, expectBadParam, fixtureJson, model, provider } from "./helpers";

/** The translated body for a request with these messages (and optional other fields). */
function translate(messages: unknown[], overrides: Record<string, unknown> = {}) {
  return buildMessagesBody(chatBody({ messages, ...overrides }), model);
}

describe("chatRequest: the HTTP request", () => {
  it("posts JSON to /v1/messages with x-api-key and anthropic-version", () => {
    const request = buildChatRequest(chatBody(), model, provider);
    expect(request.path).toBe("/v1/messages");
    expect(request.headers).toEqual({
      "content-type": "application/json",
      "anthropic-version": "2023-06-01",
      "x-api-key": "sk-ant-api03-test-key-not-real",
    });
    expect(JSON.parse(request.body)).toEqual({
      model: "claude-sonnet-4-5",
      max_tokens: 4096,
      messages: [{ role: "user", content: [{ type: "text", text: "Hi" }] }],
    });
  });

  it("lets configured headers override ours, whatever their case, and adds new ones", () => {
    const headers = anthropicHeaders({
      ...provider,
      headers: { "Anthropic-Version": "2024-01-01", "anthropic-beta": "prompt-caching-2024-07-31" },
    });
    expect(headers).toEqual({
      "content-type": "application/json",
      "anthropic-version": "2024-01-01",
      "anthropic-beta": "prompt-caching-2024-07-31",
      "x-api-key": "sk-ant-api03-test-key-not-real",
    });
  });

  it("sends no x-api-key when the provider has none (e.g. a proxy adds it)", () => {
    expect(
      anthropicHeaders({ id: "p", kind: "anthropic", baseUrl: "http://127.0.0.1:1" }),
    ).not.toHaveProperty("x-api-key");
  });

  it("does not double /v1 when the baseUrl already ends in it", () => {
    expect(messagesPath("https://api.anthropic.com")).toBe("/v1/messages");
    expect(messagesPath("https://proxy.internal/anthropic/v1")).toBe("/messages");
    expect(messagesPath("https://proxy.internal/anthropic/v1/")).toBe("/messages");
  });
});

describe("chatRequest: a recorded multi-turn conversation", () => {
  it("translates system, images, tool calls, tool results, tools and params exactly", () => {
    const openai = fixtureJson("request-conversation.openai.json") as ChatCompletionCreateParams;
    const request = buildChatRequest(openai, model, provider);
    expect(JSON.parse(request.body)).toEqual(fixtureJson("request-conversation.anthropic.json"));
  });
});

describe("messages", () => {
  it("hoists system and developer messages, in order, wherever they are", () => {
    const body = translate([
      { role: "system", content: "A" },
      { role: "user", content: "Hi" },
      {
        role: "developer",
        content: [
          { type: "text", text: "B" },
          { type: "text", text: "C" },
        ],
      },
    ]);
    expect(body.system).toBe("A\n\nB\n\nC");
    expect(body.messages).toEqual([{ role: "user", content: [{ type: "text", text: "Hi" }] }]);
  });

  it("turns a prompt_cache_breakpoint into cache_control, keeping system as blocks", () => {
    const body = translate([
      {
        role: "system",
        content: [{ type: "text", text: "Long policy", prompt_cache_breakpoint: { mode: "explicit" } }],
      },
      { role: "system", content: "Short" },
      {
        role: "user",
        content: [{ type: "text", text: "Doc", prompt_cache_breakpoint: { mode: "explicit" } }],
      },
    ]);
    expect(body.system).toEqual([
      { type: "text", text: "Long policy", cache_control: { type: "ephemeral" } },
      { type: "text", text: "Short" },
    ]);
    expect(body.messages[0]).toEqual({
      role: "user",
      content: [{ type: "text", text: "Doc", cache_control: { type: "ephemeral" } }],
    });
  });

  it("merges consecutive same-role turns so roles alternate", () => {
    const body = translate([
      { role: "user", content: "one" },
      { role: "user", content: "two" },
      { role: "assistant", content: "three" },
      { role: "assistant", content: [{ type: "text", text: "four" }] },
      { role: "user", content: "five" },
    ]);
    expect(body.messages).toEqual([
      {
        role: "user",
        content: [
          { type: "text", text: "one" },
          { type: "text", text: "two" },
        ],
      },
      {
        role: "assistant",
        content: [
          { type: "text", text: "three" },
          { type: "text", text: "four" },
        ],
      },
      { role: "user", content: [{ type: "text", text: "five" }] },
    ]);
  });

  it("maps image data URLs to base64 sources and http(s) URLs to url sources", () => {
    const body = translate([
      {
        role: "user",
        content: [
          { type: "image_url", image_url: { url: "data:image/jpeg;base64,/9j/4AAQ" } },
          { type: "image_url", image_url: { url: "data:IMAGE/WEBP;charset=binary;base64,UklGRg==" } },
          { type: "image_url", image_url: { url: "http://example.com/a.gif", detail: "high" } },
        ],
      },
    ]);
    expect(body.messages[0]?.content).toEqual([
      { type: "image", source: { type: "base64", media_type: "image/jpeg", data: "/9j/4AAQ" } },
      { type: "image", source: { type: "base64", media_type: "image/webp", data: "UklGRg==" } },
      { type: "image", source: { type: "url", url: "http://example.com/a.gif" } },
    ]);
  });

  it("maps an inline PDF file part to a document block", () => {
    const body = translate([
      {
        role: "user",
        content: [
          { type: "file", file: { filename: "a.pdf", file_data: "data:application/pdf;base64,JVBERi0=" } },
        ],
      },
    ]);
    expect(body.messages[0]?.content).toEqual([
      { type: "document", source: { type: "base64", media_type: "application/pdf", data: "JVBERi0=" } },
    ]);
  });

  it("turns assistant tool_calls into tool_use blocks and groups tool results into one user turn", () => {
    const body = translate([
      { role: "user", content: "Weather in SF and Paris?" },
      {
        role: "assistant",
        content: null,
        tool_calls: [
          { id: "call_1", type: "function", function: { name: "get_weather", arguments: '{"city":"SF"}' } },
          { id: "call_2", type: "function", function: { name: "get_time", arguments: "" } },
        ],
      },
      { role: "tool", tool_call_id: "call_1", content: "15C" },
      { role: "tool", tool_call_id: "call_2", content: "" },
    ]);
    expect(body.messages).toEqual([
      { role: "user", content: [{ type: "text", text: "Weather in SF and Paris?" }] },
      {
        role: "assistant",
        content: [
          { type: "tool_use", id: "call_1", name: "get_weather", input: { city: "SF" } },
          { type: "tool_use", id: "call_2", name: "get_time", input: {} },
        ],
      },
      {
        role: "user",
        content: [
          { type: "tool_result", tool_use_id: "call_1", content: "15C" },
          { type: "tool_result", tool_use_id: "call_2" },
        ],
      },
    ]);
  });

  it("puts tool results before user text in the merged user turn", () => {
    const body = translate([
      { role: "user", content: "Go" },
      {
        role: "assistant",
        tool_calls: [{ id: "c", type: "function", function: { name: "f", arguments: "{}" } }],
      },
      { role: "user", content: "(also this)" },
      { role: "tool", tool_call_id: "c", content: "done" },
    ]);
    expect(body.messages[2]).toEqual({
      role: "user",
      content: [
        { type: "tool_result", tool_use_id: "c", content: "done" },
        { type: "text", text: "(also this)" },
      ],
    });
  });

  it("keeps an earlier refusal as assistant text and drops empty assistant turns", () => {
    const body = translate([
      { role: "user", content: "a" },
      { role: "assistant", content: [{ type: "refusal", refusal: "I can't help with that." }] },
      { role: "user", content: "b" },
      { role: "assistant", content: "" },
      { role: "user", content: "c" },
    ]);
    expect(body.messages).toEqual([
      { role: "user", content: [{ type: "text", text: "a" }] },
      { role: "assistant", content: [{ type: "text", text: "I can't help with that." }] },
      {
        role: "user",
        content: [
          { type: "text", text: "b" },
          { type: "text", text: "c" },
        ],
      },
    ]);
  });

  it.each([
    [[], "messages", "non-empty array"],
    [[{ role: "system", content: "only system" }], "messages", "at least one user or assistant"],
    [["hello"], "messages[0]", "must be an object"],
    [[{ role: "function", name: "f", content: "x" }], "messages[0].role", "use 'tool'"],
    [[{ role: "robot", content: "x" }], "messages[0].role", "Unknown role"],
    [[{ role: "user", content: "" }], "messages[0].content", "must not be empty"],
    [[{ role: "user", content: 42 }], "messages[0].content", "string or an array"],
    [
      [{ role: "user", content: [{ type: "video" }] }],
      "messages[0].content[0].type",
      "Unknown content part type",
    ],
    [
      [{ role: "user", content: [{ type: "input_audio", input_audio: { data: "", format: "wav" } }] }],
      "messages[0].content[0].type",
      "audio",
    ],
    [
      [{ role: "user", content: [{ type: "image_url", image_url: { url: "data:image/bmp;base64,Qk0=" } }] }],
      "messages[0].content[0].image_url.url",
      "image/bmp",
    ],
    [
      [{ role: "user", content: [{ type: "image_url", image_url: { url: "data:image/png,rawbytes" } }] }],
      "messages[0].content[0].image_url.url",
      "base64 data URL",
    ],
    [
      [{ role: "user", content: [{ type: "image_url", image_url: { url: "ftp://example.com/a.png" } }] }],
      "messages[0].content[0].image_url.url",
      "http\\(s\\) URL",
    ],
    [
      [{ role: "user", content: [{ type: "file", file: { file_id: "file-abc" } }] }],
      "messages[0].content[0].file",
      "uploaded file ids",
    ],
    [
      [{ role: "user", content: [{ type: "file", file: { file_data: "data:text/plain;base64,aGk=" } }] }],
      "messages[0].content[0].file.file_data",
      "text/plain",
    ],
    [
      [{ role: "system", content: [{ type: "image_url", image_url: { url: "https://x/y.png" } }] }],
      "messages[0].content[0].type",
      "Only text parts",
    ],
    [[{ role: "tool", content: "x" }], "messages[0].tool_call_id", "must be a string"],
    [
      [{ role: "assistant", content: "x", function_call: { name: "f", arguments: "{}" } }],
      "messages[0].function_call",
      "cannot be sent",
    ],
    [
      [{ role: "assistant", content: [{ type: "image_url" }] }],
      "messages[0].content[0].type",
      "text or refusal",
    ],
  ])("rejects bad messages %j naming %s", (messages, param, message) => {
    expectBadParam(() => translate(messages), param, new RegExp(message));
  });

  it.each([
    ["{not json", "is not valid JSON"],
    ["[1,2]", "must be a JSON object"],
    ["42", "must be a JSON object"],
  ])(
    "rejects tool call arguments %j naming messages[i].tool_calls[j].function.arguments",
    (args, message) => {
      const messages = [
        { role: "user", content: "go" },
        {
          role: "assistant",
          tool_calls: [
            { id: "a", type: "function", function: { name: "f", arguments: "{}" } },
            { id: "b", type: "function", function: { name: "f", arguments: args } },
          ],
        },
      ];
      expectBadParam(() => translate(messages), "messages[1].tool_calls[1].function.arguments", message);
    },
  );

  it("rejects custom tool calls naming their type", () => {
    const messages = [
      { role: "user", content: "go" },
      { role: "assistant", tool_calls: [{ id: "a", type: "custom", custom: { name: "f", input: "x" } }] },
    ];
    expectBadParam(() => translate(messages), "messages[1].tool_calls[0].type", "Only function tool calls");
  });
});

describe("tools and tool_choice", () => {
  const weather = {
    type: "function",
    function: {
      name: "get_weather",
      description: "Weather",
      parameters: { type: "object", properties: { city: { type: "string" } } },
    },
  };
  const noArgs = { type: "function", function: { name: "now" } };

  it("maps function tools to name/description/input_schema, defaulting the schema", () => {
    const body = translate([{ role: "user", content: "x" }], { tools: [weather, noArgs] });
    expect(body.tools).toEqual([
      {
        name: "get_weather",
        description: "Weather",
        input_schema: { type: "object", properties: { city: { type: "string" } } },
      },
      { name: "now", input_schema: { type: "object", properties: {} } },
    ]);
    expect(body.tool_choice).toEqual({ type: "auto" });
  });

  it.each([
    ["auto", undefined, { type: "auto" }],
    ["none", undefined, { type: "none" }],
    ["required", undefined, { type: "any" }],
    [{ type: "function", function: { name: "now" } }, undefined, { type: "tool", name: "now" }],
    [undefined, false, { type: "auto", disable_parallel_tool_use: true }],
    ["required", false, { type: "any", disable_parallel_tool_use: true }],
    [
      { type: "function", function: { name: "now" } },
      false,
      { type: "tool", name: "now", disable_parallel_tool_use: true },
    ],
    ["none", false, { type: "none" }],
    ["auto", true, { type: "auto" }],
  ])("maps tool_choice %j with parallel_tool_calls %j", (choice, parallel, expected) => {
    const body = translate([{ role: "user", content: "x" }], {
      tools: [weather, noArgs],
      tool_choice: choice,
      parallel_tool_calls: parallel,
    });
    expect(body.tool_choice).toEqual(expected);
  });

  it("drops auto/none when no tools are declared", () => {
    expect(translate([{ role: "user", content: "x" }], { tool_choice: "none" }).tool_choice).toBeUndefined();
    expect(translate([{ role: "user", content: "x" }], { tool_choice: "auto" }).tool_choice).toBeUndefined();
    expect(translate([{ role: "user", content: "x" }], { tools: [] }).tools).toBeUndefined();
  });

  it.each([
    [{ tool_choice: "required" }, "tool_choice", "needs at least one tool"],
    [
      { tools: [weather], tool_choice: { type: "function", function: { name: "nope" } } },
      "tool_choice.function.name",
      "get_weather",
    ],
    [
      {
        tools: [weather],
        tool_choice: { type: "allowed_tools", allowed_tools: { mode: "auto", tools: [] } },
      },
      "tool_choice",
      "must be auto",
    ],
    [
      { tools: [weather], tool_choice: { type: "custom", custom: { name: "x" } } },
      "tool_choice",
      "must be auto",
    ],
    [{ tools: [weather], parallel_tool_calls: "no" }, "parallel_tool_calls", "boolean"],
    [{ tools: { get_weather: {} } }, "tools", "must be an array"],
    [{ tools: [{ type: "custom", custom: { name: "grammar" } }] }, "tools[0].type", "Only function tools"],
    [
      { tools: [{ type: "function", function: { description: "no name" } }] },
      "tools[0].function.name",
      "non-empty string",
    ],
    [{ tools: [weather, weather] }, "tools[1].function.name", "Duplicate tool name"],
    [
      { tools: [{ type: "function", function: { name: "f", parameters: "{}" } }] },
      "tools[0].function.parameters",
      "JSON Schema object",
    ],
    [
      { tools: [{ type: "function", function: { name: "f", parameters: { type: "array" } } }] },
      "tools[0].function.parameters.type",
      "type 'object'",
    ],
  ])("rejects %j naming %s", (overrides, param, message) => {
    expectBadParam(() => translate([{ role: "user", content: "x" }], overrides), param, message);
  });
});

describe("other request fields", () => {
  it("accepts response_format text and modalities [text]", () => {
    const body = translate([{ role: "user", content: "x" }], {
      response_format: { type: "text" },
      modalities: ["text"],
    });
    expect(body).toEqual({
      model: "claude-sonnet-4-5",
      max_tokens: 4096,
      messages: [{ role: "user", content: [{ type: "text", text: "x" }] }],
    });
  });

  it.each([
    [{ response_format: { type: "json_object" } }, "response_format", "json_object"],
    [
      { response_format: { type: "json_schema", json_schema: { name: "s", schema: { type: "object" } } } },
      "response_format",
      "no native JSON mode",
    ],
    [{ modalities: ["text", "audio"] }, "modalities", "text only"],
    [{ n: 3 }, "n", "one choice"],
  ])("rejects %j naming %s", (overrides, param, message) => {
    expectBadParam(() => translate([{ role: "user", content: "x" }], overrides), param, message);
  });

  it("asks for a stream with stream: true and omits it otherwise", () => {
    expect(translate([{ role: "user", content: "x" }], { stream: true }).stream).toBe(true);
    expect(translate([{ role: "user", content: "x" }], { stream: false })).not.toHaveProperty("stream");
  });

  it("sends the route's upstream model, never the client's alias", () => {
    expect(translate([{ role: "user", content: "x" }], { model: "smart" }).model).toBe("claude-sonnet-4-5");
  });

  it("rejects a body that is not an object", () => {
    expectBadParam(() => buildMessagesBody("hello" as unknown as ChatCompletionCreateParams, model), "body");
  });
});
