/**
 * End to end: openai SDK → gateway → fake Anthropic Messages API on loopback (JSON and SSE), including
 * falling over from Anthropic to an OpenAI-wire route. The translation itself is tested beside the
 * adapter (test/gateway/providers/anthropic); this checks the core drives it correctly over real HTTP.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Behaviour, type FakeUpstream, startFakeUpstream, status } from "./helpers/fake-upstream";
import { startGateway, TEST_KEY, type TestGateway } from "./helpers/gateway";

const ANTHROPIC_KEY = "sk-ant-fake-key-e2e-77";

/** Answers like Anthropic's Messages API: JSON, or SSE events when `stream: true`. */
const messagesApi: Behaviour = (call, _req, res) => {
  const usage = { input_tokens: 12, output_tokens: 6 };
  const text = `claude says: ${JSON.stringify(call.body.messages)}`.slice(0, 60);
  if (call.body.stream !== true) {
    res.writeHead(200, { "content-type": "application/json" });
    res.end(
      JSON.stringify({
        id: "msg_fake",
        type: "message",
        role: "assistant",
        model: call.body.model,
        content: [{ type: "text", text }],
        stop_reason: "end_turn",
        stop_sequence: null,
        usage,
      }),
    );
    return;
  }
  res.writeHead(200, { "content-type": "text/event-stream" });
  const event = (name: string, data: unknown) =>
    res.write(`event: ${name}\ndata: ${JSON.stringify(data)}\n\n`);
  event("message_start", {
    type: "message_start",
    message: {
      id: "msg_fake",
      type: "message",
      role: "assistant",
      model: call.body.model,
      content: [],
      stop_reason: null,
      stop_sequence: null,
      usage: { input_tokens: 12, output_tokens: 1 },
    },
  });
  event("content_block_start", {
    type: "content_block_start",
    index: 0,
    content_block: { type: "text", text: "" },
  });
  event("ping", { type: "ping" });
  for (const piece of ["Hello", " from", " Claude"]) {
    event("content_block_delta", {
      type: "content_block_delta",
      index: 0,
      delta: { type: "text_delta", text: piece },
    });
  }
  event("content_block_stop", { type: "content_block_stop", index: 0 });
  event("message_delta", {
    type: "message_delta",
    delta: { stop_reason: "end_turn", stop_sequence: null },
    usage: { output_tokens: 6 },
  });
  event("message_stop", { type: "message_stop" });
  res.end();
};

let claude: FakeUpstream;
let openaiWire: FakeUpstream;
let gw: TestGateway;

beforeAll(async () => {
  claude = await startFakeUpstream(messagesApi);
  openaiWire = await startFakeUpstream();
  gw = await startGateway({
    providers: [
      {
        id: "claude",
        kind: "anthropic",
        baseUrl: claude.url.replace(/\/v1$/, ""),
        apiKey: ANTHROPIC_KEY,
        maxRetries: 0,
      },
      { id: "backup", kind: "openai", baseUrl: openaiWire.url, apiKey: "sk-backup", maxRetries: 0 },
    ],
    models: [
      {
        name: "claude",
        routes: [
          { provider: "claude", model: "claude-sonnet-4-5" },
          { provider: "backup", model: "gpt-4o" },
        ],
      },
    ],
    keys: [{ id: "team-a", key: TEST_KEY }],
  });
});

afterAll(async () => {
  await gw.close();
  await claude.close();
  await openaiWire.close();
});

describe("anthropic kind end to end", () => {
  it("translates a chat request to the Messages API and the answer back, costed", async () => {
    const { data, response } = await gw
      .client()
      .chat.completions.create({
        model: "claude",
        max_tokens: 100,
        messages: [
          { role: "system", content: "be brief" },
          { role: "user", content: "hi" },
        ],
      })
      .withResponse();
    const call = claude.calls.at(-1);
    expect(call?.path).toBe("/v1/messages");
    expect(call?.headers["x-api-key"]).toBe(ANTHROPIC_KEY);
    expect(call?.headers["anthropic-version"]).toBe("2023-06-01");
    expect(call?.body).toMatchObject({ model: "claude-sonnet-4-5", system: "be brief", max_tokens: 100 });
    expect(data.choices[0]?.message.content).toContain("claude says:");
    expect(data.choices[0]?.finish_reason).toBe("stop");
    expect(data.usage).toMatchObject({ prompt_tokens: 12, completion_tokens: 6, total_tokens: 18 });
    expect(response.headers.get("x-openclaw-provider")).toBe("claude");
    // 12 x $3/M + 6 x $15/M for claude-sonnet-4-5
    expect(Number(response.headers.get("x-openclaw-cost-usd"))).toBeCloseTo(0.000126, 9);
  });

  it("streams Anthropic SSE as OpenAI chunks ending in [DONE], with usage when asked", async () => {
    const events = await gw.client().chat.completions.create({
      model: "claude",
      stream: true,
      stream_options: { include_usage: true },
      messages: [{ role: "user", content: "hi" }],
    });
    const chunks = [];
    for await (const chunk of events) chunks.push(chunk);
    expect(chunks.map((c) => c.choices[0]?.delta.content ?? "").join("")).toBe("Hello from Claude");
    expect(chunks.at(-1)?.usage).toMatchObject({ prompt_tokens: 12, completion_tokens: 6 });
    expect(claude.calls.at(-1)?.body.stream).toBe(true);
  });

  it("falls over from Anthropic to the OpenAI-wire route on an overloaded 529", async () => {
    claude.queue(status(529, { type: "error", error: { type: "overloaded_error", message: "Overloaded" } }));
    const { data, response } = await gw
      .client()
      .chat.completions.create({ model: "claude", messages: [{ role: "user", content: "hi" }] })
      .withResponse();
    expect(data.choices[0]?.message.content).toBe("fake answer from gpt-4o");
    expect(response.headers.get("x-openclaw-provider")).toBe("backup");
    expect(response.headers.get("x-openclaw-attempts")).toBe("2");
  });

  it("refuses what Anthropic cannot honour with a 400 naming the param, before any upstream call", async () => {
    const before = claude.calls.length;
    const err = await gw
      .client()
      .chat.completions.create({ model: "claude", n: 3, messages: [{ role: "user", content: "hi" }] })
      .catch((e: unknown) => e);
    expect(err).toMatchObject({ status: 400, param: "n" });
    expect(claude.calls.length).toBe(before);
  });
});
