/**
 * The anthropic adapter inside the real gateway: fastify app, routing loop, retries, SSE parsing and cost,
 * against a fake Anthropic upstream on 127.0.0.1:0 answering with the recorded fixtures, called with the
 * openai SDK like a real client, including falling over from Anthropic to an OpenAI-wire route. The kind
 * comes from the real provider registry; the translation itself is unit-tested beside this file.
 */
import { afterEach, describe, expect, it } from "vitest";
import { type Behaviour, completion, startFakeUpstream } from "../../helpers/fake-upstream";
import { startGateway, TEST_KEY } from "../../helpers/gateway";
import { fixtureText } from "./helpers";

const open: Array<{ close(): Promise<void> }> = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((s) => s.close()));
});

function json(status: number, fixture: string): Behaviour {
  return (_call, _req, res) => {
    res.writeHead(status, { "content-type": "application/json" });
    res.end(fixtureText(fixture));
  };
}

/** Writes an SSE transcript in uneven pieces, like a real network would deliver it. */
function sse(fixture: string): Behaviour {
  return async (_call, _req, res) => {
    res.writeHead(200, { "content-type": "text/event-stream" });
    const text = fixtureText(fixture);
    for (let i = 0; i < text.length; i += 200) {
      res.write(text.slice(i, i + 200));
      await new Promise((resolve) => setImmediate(resolve));
    }
    res.end();
  };
}

const upstreamKey = "sk-ant-api03-upstream-secret-key-0000000000";

interface UpstreamSpec {
  readonly behaviour: Behaviour;
  /** @default "anthropic" */
  readonly kind?: "anthropic" | "openai";
  /** Configure the base URL without its trailing /v1 (as in Anthropic's docs). @default false */
  readonly withoutV1?: boolean;
}

/** One route per upstream, in order: `claude-<i>` (anthropic kind) or `openai-<i>` (gpt-4o). */
async function gatewayWith(specs: readonly UpstreamSpec[]) {
  const fakes = await Promise.all(specs.map((spec) => startFakeUpstream(spec.behaviour)));
  const providers = specs.map((spec, i) => {
    const url = fakes[i]?.url ?? "";
    const common = { maxRetries: 0, timeoutMs: 5000, firstByteTimeoutMs: 5000 };
    if (spec.kind === "openai") {
      return { id: `openai-${i}`, kind: "openai", baseUrl: url, apiKey: "sk-backup-upstream", ...common };
    }
    return {
      id: `claude-${i}`,
      kind: "anthropic",
      // fake URLs end in /v1: the adapter must then call /v1/messages, not /v1/v1/messages
      baseUrl: spec.withoutV1 === true ? url.replace(/\/v1$/, "") : url,
      apiKey: upstreamKey,
      ...common,
      options: { defaultMaxTokens: 2048 },
    };
  });
  const gw = await startGateway({
    providers,
    models: [
      {
        name: "smart",
        routes: providers.map((p) => ({
          provider: p.id,
          model: p.kind === "openai" ? "gpt-4o" : "claude-sonnet-4-5",
        })),
      },
    ],
    keys: [{ id: "team-a", key: TEST_KEY }],
    prices: { "claude-sonnet-4-5": { input: 3, output: 15, cacheRead: 0.3, cacheWrite: 3.75 } },
    server: { retryBaseDelayMs: 1, retryMaxDelayMs: 2000, logLevel: "info" },
  });
  open.push(gw, ...fakes);
  return { gw, fakes };
}

function gatewayOver(...upstreams: Behaviour[]) {
  return gatewayWith(upstreams.map((behaviour) => ({ behaviour })));
}

const weatherTool = {
  type: "function" as const,
  function: {
    name: "get_weather",
    parameters: { type: "object", properties: { location: { type: "string" } }, required: ["location"] },
  },
};

describe("anthropic kind end to end", () => {
  it("translates a JSON request and answer, with Anthropic's auth headers and the cost header", async () => {
    const { gw, fakes } = await gatewayOver(json(200, "response-tool-use.json"));
    const { data, response } = await gw
      .client()
      .chat.completions.create({
        model: "smart",
        messages: [
          { role: "system", content: "Be brief." },
          { role: "user", content: "Weather in SF and Paris?" },
        ],
        tools: [weatherTool],
      })
      .withResponse();

    const call = fakes[0]?.calls[0];
    expect(call?.path).toBe("/v1/messages");
    expect(call?.headers["x-api-key"]).toBe(upstreamKey);
    expect(call?.headers["anthropic-version"]).toBe("2023-06-01");
    expect(call?.headers.authorization).toBeUndefined();
    expect(call?.body).toEqual({
      model: "claude-sonnet-4-5",
      max_tokens: 2048,
      system: "Be brief.",
      messages: [{ role: "user", content: [{ type: "text", text: "Weather in SF and Paris?" }] }],
      tools: [{ name: "get_weather", input_schema: weatherTool.function.parameters }],
      tool_choice: { type: "auto" },
    });

    expect(data.choices[0]?.finish_reason).toBe("tool_calls");
    expect(
      data.choices[0]?.message.tool_calls?.map((t) => t.type === "function" && t.function.arguments),
    ).toEqual([
      '{"location":"San Francisco, CA","unit":"celsius"}',
      '{"location":"Paris, France","unit":"celsius"}',
    ]);
    expect(data.usage).toMatchObject({ prompt_tokens: 2018, completion_tokens: 121, total_tokens: 2139 });
    expect(response.headers.get("x-openclaw-provider")).toBe("claude-0");
    // 18 uncached x $3/M + 1800 cache reads x $0.30/M + 200 cache writes x $3.75/M + 121 x $15/M
    expect(response.headers.get("x-openclaw-cost-usd")).toBe("0.00315900");
  });

  it("calls /v1/messages under a base URL without /v1, sends the client's max_tokens and prices the usage", async () => {
    const { gw, fakes } = await gatewayWith([
      { behaviour: json(200, "response-text.json"), withoutV1: true },
    ]);
    const { data, response } = await gw
      .client()
      .chat.completions.create({
        model: "smart",
        max_tokens: 100,
        messages: [
          { role: "system", content: "be brief" },
          { role: "user", content: "hi" },
        ],
      })
      .withResponse();
    const call = fakes[0]?.calls[0];
    expect(call?.path).toBe("/v1/messages");
    expect(call?.body).toMatchObject({ model: "claude-sonnet-4-5", system: "be brief", max_tokens: 100 });
    expect(data.choices[0]?.message.content).toBe("Hello! How can I help you today?");
    expect(data.choices[0]?.finish_reason).toBe("stop");
    expect(data.usage).toMatchObject({ prompt_tokens: 12, completion_tokens: 12, total_tokens: 24 });
    expect(response.headers.get("x-openclaw-provider")).toBe("claude-0");
    // 12 x $3/M + 12 x $15/M, nothing cached
    expect(response.headers.get("x-openclaw-cost-usd")).toBe("0.00021600");
  });

  it("streams text and tool calls that the openai SDK reassembles, ending with [DONE]", async () => {
    const { gw, fakes } = await gatewayOver(sse("stream-tool-use.sse"));
    const events = await gw.client().chat.completions.create({
      model: "smart",
      stream: true,
      stream_options: { include_usage: true },
      messages: [{ role: "user", content: "Weather in SF and Paris?" }],
      tools: [weatherTool],
    });
    let content = "";
    let finish: string | null = null;
    const args: string[] = [];
    let usage: unknown;
    for await (const chunk of events) {
      if (chunk.usage) usage = chunk.usage;
      for (const choice of chunk.choices) {
        content += choice.delta.content ?? "";
        finish = choice.finish_reason ?? finish;
        for (const call of choice.delta.tool_calls ?? []) {
          args[call.index] = (args[call.index] ?? "") + (call.function?.arguments ?? "");
        }
      }
    }
    expect(content).toBe("Okay, let's check the weather for San Francisco and Paris:");
    expect(finish).toBe("tool_calls");
    expect(args.map((a) => JSON.parse(a))).toEqual([
      { location: "San Francisco, CA", unit: "fahrenheit" },
      { location: "Paris, France", unit: "celsius" },
    ]);
    expect(usage).toMatchObject({ prompt_tokens: 1496, completion_tokens: 89 });
    expect(fakes[0]?.calls[0]?.body.stream).toBe(true);
    // streams are costed in the log: 472 uncached x $3/M + 1024 cache reads x $0.30/M + 89 x $15/M
    await expect
      .poll(() =>
        gw.logs
          .map((line) => JSON.parse(line) as { msg?: string; costUsd?: number })
          .find((line) => line.msg === "request finished"),
      )
      .toMatchObject({ costUsd: expect.closeTo(0.0030582, 9) });
  });

  it("refuses an untranslatable field with a 400 naming it, before any upstream call", async () => {
    const { gw, fakes } = await gatewayOver(json(200, "response-text.json"));
    const res = await fetch(`${gw.url}/v1/chat/completions`, {
      method: "POST",
      headers: { authorization: `Bearer ${TEST_KEY}`, "content-type": "application/json" },
      body: JSON.stringify({ model: "smart", n: 2, messages: [{ role: "user", content: "hi" }] }),
    });
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ error: { param: "n", type: "invalid_request_error" } });
    expect(fakes[0]?.calls).toHaveLength(0);
  });

  it("falls over to the next route on 529 overloaded", async () => {
    const { gw, fakes } = await gatewayOver(
      json(529, "error-overloaded.json"),
      json(200, "response-text.json"),
    );
    const { data, response } = await gw
      .client()
      .chat.completions.create({ model: "smart", messages: [{ role: "user", content: "hi" }] })
      .withResponse();
    expect(data.choices[0]?.message.content).toBe("Hello! How can I help you today?");
    expect(response.headers.get("x-openclaw-provider")).toBe("claude-1");
    expect(response.headers.get("x-openclaw-attempts")).toBe("2");
    expect(fakes[0]?.calls).toHaveLength(1);
  });

  it("falls over from Anthropic to an OpenAI-wire route on 529 overloaded", async () => {
    const { gw, fakes } = await gatewayWith([
      { behaviour: json(529, "error-overloaded.json") },
      { behaviour: completion(), kind: "openai" },
    ]);
    const { data, response } = await gw
      .client()
      .chat.completions.create({ model: "smart", messages: [{ role: "user", content: "hi" }] })
      .withResponse();
    expect(data.choices[0]?.message.content).toBe("fake answer from gpt-4o");
    expect(response.headers.get("x-openclaw-provider")).toBe("openai-1");
    expect(response.headers.get("x-openclaw-attempts")).toBe("2");
    expect(fakes[1]?.calls[0]?.headers.authorization).toBe("Bearer sk-backup-upstream");
  });

  it("falls over when the stream fails before any content (message_start then error)", async () => {
    const earlyError: Behaviour = (_call, _req, res) => {
      res.writeHead(200, { "content-type": "text/event-stream" });
      const [start] = fixtureText("stream-error.sse").split("\n\n");
      res.end(
        `${start}\n\nevent: error\ndata: {"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}\n\n`,
      );
    };
    const { gw, fakes } = await gatewayOver(earlyError, sse("stream-text.sse"));
    const res = await fetch(`${gw.url}/v1/chat/completions`, {
      method: "POST",
      headers: { authorization: `Bearer ${TEST_KEY}`, "content-type": "application/json" },
      body: JSON.stringify({ model: "smart", stream: true, messages: [{ role: "user", content: "hi" }] }),
    });
    const text = await res.text();
    expect(res.headers.get("x-openclaw-provider")).toBe("claude-1");
    expect(text).toContain('"content":"Hello"');
    expect(text.endsWith("data: [DONE]\n\n")).toBe(true);
    expect(fakes[1]?.calls).toHaveLength(1);
  });

  it("ends the client's stream with an error event and no [DONE] on an error event mid-stream", async () => {
    const { gw, fakes } = await gatewayOver(sse("stream-error.sse"), sse("stream-text.sse"));
    const res = await fetch(`${gw.url}/v1/chat/completions`, {
      method: "POST",
      headers: { authorization: `Bearer ${TEST_KEY}`, "content-type": "application/json" },
      body: JSON.stringify({ model: "smart", stream: true, messages: [{ role: "user", content: "hi" }] }),
    });
    const text = await res.text();
    expect(text).toContain('"content":"Let me think about"');
    expect(text).not.toContain("[DONE]");
    const last = JSON.parse((text.trim().split("\n\n").at(-1) ?? "").replace(/^data: /, ""));
    expect(last).toMatchObject({ error: { code: "upstream_error" } });
    expect(last.error.message).toContain("overloaded_error");
    expect(fakes[1]?.calls).toHaveLength(0);
  });

  it("passes Anthropic's own 400 on to the client as a 400 with its message", async () => {
    const { gw, fakes } = await gatewayOver(
      json(400, "error-invalid-request.json"),
      json(200, "response-text.json"),
    );
    const res = await fetch(`${gw.url}/v1/chat/completions`, {
      method: "POST",
      headers: { authorization: `Bearer ${TEST_KEY}`, "content-type": "application/json" },
      body: JSON.stringify({ model: "smart", messages: [{ role: "user", content: "hi" }] }),
    });
    expect(res.status).toBe(400);
    const body = (await res.json()) as { error: { message: string; type: string } };
    expect(body.error.type).toBe("invalid_request_error");
    expect(body.error.message).toContain(
      "Each `tool_result` block must have a corresponding `tool_use` block",
    );
    expect(fakes[1]?.calls).toHaveLength(0);
  });

  it("answers an upstream 401 that echoes the key with a 502 that does not", async () => {
    const { gw } = await gatewayOver(json(401, "error-echoed-key.json"));
    const res = await fetch(`${gw.url}/v1/chat/completions`, {
      method: "POST",
      headers: { authorization: `Bearer ${TEST_KEY}`, "content-type": "application/json" },
      body: JSON.stringify({ model: "smart", messages: [{ role: "user", content: "hi" }] }),
    });
    const body = await res.text();
    expect(res.status).toBe(502);
    expect(body).toContain("authentication_error");
    expect(body).not.toContain("sk-ant-api03-Zx9");
    expect(body).not.toContain(upstreamKey);
    expect(gw.logs.join("\n")).not.toContain("sk-ant-api03-Zx9");
  });
});
