/** Chat completions and embeddings through the gateway with the official openai SDK as the client. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type FakeUpstream, startFakeUpstream, stream } from "./helpers/fake-upstream";
import { configFor, startGateway, TEST_KEY, type TestGateway } from "./helpers/gateway";

let upstream: FakeUpstream;
let gw: TestGateway;

beforeAll(async () => {
  upstream = await startFakeUpstream();
  const config = configFor(
    [{ id: "up", url: upstream.url }],
    {},
    {
      models: [
        { name: "smart", routes: [{ provider: "up", model: "gpt-4o" }] },
        { name: "embed", routes: [{ provider: "up", model: "text-embedding-3-small" }] },
        { name: "secret-model", routes: [{ provider: "up", model: "gpt-4o" }] },
      ],
      keys: [
        { id: "team-a", key: TEST_KEY, models: ["smart", "embed"] },
        { id: "team-all", key: "sk-test-all-models-0002" },
      ],
    },
  );
  gw = await startGateway(config);
});

afterAll(async () => {
  await gw.close();
  await upstream.close();
});

describe("POST /v1/chat/completions (JSON)", () => {
  it("answers through the route, with provider, attempts, cost and request id headers", async () => {
    const { data, response } = await gw
      .client()
      .chat.completions.create(
        { model: "smart", messages: [{ role: "user", content: "hi" }] },
        { headers: { "x-request-id": "req-abc.123" } },
      )
      .withResponse();
    expect(data.choices[0]?.message.content).toBe("fake answer from gpt-4o");
    expect(response.headers.get("x-openclaw-provider")).toBe("up");
    expect(response.headers.get("x-openclaw-attempts")).toBe("1");
    expect(response.headers.get("x-request-id")).toBe("req-abc.123");
    // 10 input tokens at $2.5/M + 20 output tokens at $10/M (gpt-4o in services/gateway/src/pricing/llm-prices.json)
    expect(Number(response.headers.get("x-openclaw-cost-usd"))).toBeCloseTo(0.000225, 9);
    expect(response.headers.get("x-openclaw-cache")).toBeNull();
  });

  it("replaces an insane incoming request id by a generated one", async () => {
    const res = await fetch(`${gw.url}/v1/models`, {
      headers: { authorization: `Bearer ${TEST_KEY}`, "x-request-id": "bad id\twith spaces" },
    });
    expect(res.headers.get("x-request-id")).toMatch(/^[0-9a-f-]{36}$/);
  });

  it("sends the upstream model, the provider key and passes tools, tool_choice and response_format through", async () => {
    const before = upstream.calls.length;
    await gw.client().chat.completions.create({
      model: "smart",
      messages: [{ role: "user", content: "weather?" }],
      tools: [{ type: "function", function: { name: "get_weather", parameters: { type: "object" } } }],
      tool_choice: { type: "function", function: { name: "get_weather" } },
      response_format: { type: "json_object" },
      temperature: 0.2,
    });
    const call = upstream.calls[before];
    expect(call?.body.model).toBe("gpt-4o");
    expect(call?.headers.authorization).toBe("Bearer sk-upstream-up");
    expect(call?.body.tools).toEqual([
      { type: "function", function: { name: "get_weather", parameters: { type: "object" } } },
    ]);
    expect(call?.body.tool_choice).toEqual({ type: "function", function: { name: "get_weather" } });
    expect(call?.body.response_format).toEqual({ type: "json_object" });
    expect(call?.body.temperature).toBe(0.2);
  });
});

describe("POST /v1/chat/completions (stream)", () => {
  it("streams chunks, ends cleanly, asks upstream for usage and hides the usage chunk when not asked", async () => {
    upstream.queue(stream({ pieces: ["a", "b", "c"] }));
    const before = upstream.calls.length;
    const events = await gw
      .client()
      .chat.completions.create({ model: "smart", stream: true, messages: [{ role: "user", content: "go" }] });
    const chunks = [];
    for await (const chunk of events) chunks.push(chunk);
    expect(chunks.map((c) => c.choices[0]?.delta.content ?? "").join("")).toBe("abc");
    expect(chunks.some((c) => c.usage != null)).toBe(false);
    expect(upstream.calls[before]?.body.stream_options).toEqual({ include_usage: true });
  });

  it("passes the usage chunk on when the client asked for it", async () => {
    upstream.queue(stream());
    const events = await gw.client().chat.completions.create({
      model: "smart",
      stream: true,
      stream_options: { include_usage: true },
      messages: [{ role: "user", content: "go" }],
    });
    const chunks = [];
    for await (const chunk of events) chunks.push(chunk);
    expect(chunks.at(-1)?.usage?.total_tokens).toBe(30);
  });

  it("ends the SSE body with data: [DONE] and charges streamed usage in the metrics", async () => {
    upstream.queue(stream());
    const res = await fetch(`${gw.url}/v1/chat/completions`, {
      method: "POST",
      headers: { authorization: "Bearer sk-test-all-models-0002", "content-type": "application/json" },
      body: JSON.stringify({
        model: "secret-model",
        stream: true,
        messages: [{ role: "user", content: "x" }],
      }),
    });
    expect(res.headers.get("content-type")).toContain("text/event-stream");
    expect(res.headers.get("x-openclaw-provider")).toBe("up");
    const text = await res.text();
    expect(text.endsWith("data: [DONE]\n\n")).toBe(true);
    const metrics = await (await fetch(`${gw.url}/metrics`)).text();
    expect(metrics).toMatch(
      /openclaw_gateway_cost_usd_total\{model="secret-model",provider="up",key="team-all"\} 0\.000225/,
    );
    expect(metrics).toMatch(
      /openclaw_gateway_tokens_total\{model="secret-model",provider="up",key="team-all",direction="output"\} 20/,
    );
  });
});

describe("other endpoints", () => {
  it("POST /v1/embeddings routes to the upstream embedding model", async () => {
    const { data, response } = await gw
      .client()
      .embeddings.create({ model: "embed", input: ["a", "b"] })
      .withResponse();
    expect(data.data).toHaveLength(2);
    expect(upstream.calls.at(-1)?.body.model).toBe("text-embedding-3-small");
    expect(response.headers.get("x-openclaw-provider")).toBe("up");
  });

  it("GET /v1/models lists only the models the key may use", async () => {
    const restricted = await gw.client().models.list();
    expect(restricted.data.map((m) => m.id)).toEqual(["smart", "embed"]);
    const all = await gw.client("sk-test-all-models-0002").models.list();
    expect(all.data.map((m) => m.id)).toEqual(["smart", "embed", "secret-model"]);
  });

  it("refuses a model outside the key's allow-list with 403 model_not_allowed, without calling upstream", async () => {
    const before = upstream.calls.length;
    const err = await gw
      .client()
      .chat.completions.create({ model: "secret-model", messages: [{ role: "user", content: "x" }] })
      .catch((e: unknown) => e);
    expect(err).toMatchObject({ status: 403, code: "model_not_allowed", param: "model" });
    expect(upstream.calls.length).toBe(before);
  });

  it("answers an unknown model with 404 model_not_found", async () => {
    const err = await gw
      .client()
      .chat.completions.create({ model: "nope", messages: [{ role: "user", content: "x" }] })
      .catch((e: unknown) => e);
    expect(err).toMatchObject({ status: 404, code: "model_not_found", param: "model" });
    // client-chosen names never become metric labels (unbounded cardinality)
    expect(await (await fetch(`${gw.url}/metrics`)).text()).not.toContain('model="nope"');
  });

  it("answers a missing or wrong key with 401 invalid_api_key", async () => {
    const err = await gw
      .client("sk-wrong-key-123456")
      .models.list()
      .catch((e: unknown) => e);
    expect(err).toMatchObject({ status: 401, code: "invalid_api_key" });
    const res = await fetch(`${gw.url}/v1/models`);
    expect(res.status).toBe(401);
    expect(await res.json()).toMatchObject({
      error: { code: "invalid_api_key", type: "invalid_request_error" },
    });
  });

  it("serves /healthz, /readyz and /metrics without auth", async () => {
    expect(await (await fetch(`${gw.url}/healthz`)).json()).toEqual({ status: "ok" });
    expect(await (await fetch(`${gw.url}/readyz`)).json()).toEqual({ status: "ready" });
    const metrics = await fetch(`${gw.url}/metrics`);
    expect(metrics.status).toBe(200);
    const text = await metrics.text();
    expect(text).toContain(
      'openclaw_gateway_requests_total{endpoint="chat",model="smart",provider="up",status="200"}',
    );
    expect(text).toContain("openclaw_gateway_in_flight_requests");
  });
});
