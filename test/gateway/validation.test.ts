/** Bad requests: each gets a 4xx OpenAI error naming the param, never reaches an upstream, crashes nothing. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type FakeUpstream, startFakeUpstream } from "./helpers/fake-upstream";
import { configFor, startGateway, TEST_KEY, type TestGateway } from "./helpers/gateway";

let upstream: FakeUpstream;
let gw: TestGateway;

beforeAll(async () => {
  upstream = await startFakeUpstream();
  gw = await startGateway(
    configFor([{ id: "up", url: upstream.url }], {}, { server: { bodyLimitBytes: 64 * 1024 } }),
  );
});
afterAll(async () => {
  await gw.close();
  await upstream.close();
});

const msgs = [{ role: "user", content: "hi" }];
const chat = (body: Record<string, unknown>) => JSON.stringify({ model: "smart", messages: msgs, ...body });

interface Case {
  readonly name: string;
  readonly payload: string;
  readonly status: number;
  readonly param: string | null;
  readonly contentType?: string;
  readonly path?: string;
}

const cases: Case[] = [
  { name: "non-JSON body", payload: "{not json", status: 400, param: null },
  { name: "JSON that is not an object", payload: "[1,2]", status: 400, param: null },
  { name: "text/plain body", payload: "hello", status: 400, param: null, contentType: "text/plain" },
  { name: "missing messages", payload: JSON.stringify({ model: "smart" }), status: 400, param: "messages" },
  { name: "missing model", payload: JSON.stringify({ messages: msgs }), status: 400, param: "model" },
  { name: "messages not an array", payload: chat({ messages: "hi" }), status: 400, param: "messages" },
  { name: "empty messages", payload: chat({ messages: [] }), status: 400, param: "messages" },
  {
    name: "bad role",
    payload: chat({ messages: [msgs[0], { role: "robot", content: "x" }] }),
    status: 400,
    param: "messages[1].role",
  },
  {
    name: "content of wrong type",
    payload: chat({ messages: [{ role: "user", content: 42 }] }),
    status: 400,
    param: "messages[0].content",
  },
  { name: "model not a string", payload: chat({ model: 7 }), status: 400, param: "model" },
  { name: "n = 0", payload: chat({ n: 0 }), status: 400, param: "n" },
  { name: "n not an integer", payload: chat({ n: 1.5 }), status: 400, param: "n" },
  { name: "max_tokens negative", payload: chat({ max_tokens: -1 }), status: 400, param: "max_tokens" },
  { name: "max_tokens a string", payload: chat({ max_tokens: "10" }), status: 400, param: "max_tokens" },
  { name: "temperature too high", payload: chat({ temperature: 3 }), status: 400, param: "temperature" },
  { name: "top_p out of range", payload: chat({ top_p: -0.1 }), status: 400, param: "top_p" },
  { name: "stream not boolean", payload: chat({ stream: "yes" }), status: 400, param: "stream" },
  { name: "tools not an array", payload: chat({ tools: { type: "function" } }), status: 400, param: "tools" },
  {
    name: "tool without function name",
    payload: chat({ tools: [{ type: "function", function: { description: "x" } }] }),
    status: 400,
    param: "tools[0].function.name",
  },
  {
    name: "too many stop sequences",
    payload: chat({ stop: ["a", "b", "c", "d", "e"] }),
    status: 400,
    param: "stop",
  },
  { name: "bad tool_choice", payload: chat({ tool_choice: "sometimes" }), status: 400, param: "tool_choice" },
  { name: "unknown model", payload: chat({ model: "gpt-nope" }), status: 404, param: "model" },
  {
    name: "huge body",
    payload: chat({ messages: [{ role: "user", content: "x".repeat(100 * 1024) }] }),
    status: 413,
    param: null,
  },
  {
    name: "embeddings without input",
    payload: JSON.stringify({ model: "smart" }),
    status: 400,
    param: "input",
    path: "/v1/embeddings",
  },
  {
    name: "embeddings with empty input",
    payload: JSON.stringify({ model: "smart", input: [] }),
    status: 400,
    param: "input",
    path: "/v1/embeddings",
  },
];

describe("bad inputs", () => {
  for (const c of cases) {
    it(`${c.name} → ${c.status} naming ${c.param ?? "no param"}`, async () => {
      const res = await gw.app.inject({
        method: "POST",
        url: c.path ?? "/v1/chat/completions",
        headers: { authorization: `Bearer ${TEST_KEY}`, "content-type": c.contentType ?? "application/json" },
        payload: c.payload,
      });
      expect(res.statusCode).toBe(c.status);
      const body = res.json() as {
        error: { message: string; type: string; param: string | null; code: string };
      };
      expect(body.error.param).toBe(c.param);
      expect(body.error.code.length).toBeGreaterThan(0);
      expect(body.error.message.length).toBeGreaterThan(0);
      if (c.param !== null) expect(body.error.message).toContain(c.param);
    });
  }

  it("never called the upstream, and /healthz is still ok", async () => {
    expect(upstream.calls).toHaveLength(0);
    const res = await gw.app.inject({ method: "GET", url: "/healthz" });
    expect(res.json()).toEqual({ status: "ok" });
  });

  it("an unknown route is a 404 in OpenAI's shape", async () => {
    const res = await gw.app.inject({ method: "GET", url: "/v1/nothing" });
    expect(res.statusCode).toBe(404);
    expect(res.json()).toMatchObject({ error: { code: "not_found" } });
  });
});
