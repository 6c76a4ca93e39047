/** The `mock` provider through the gateway, as a demo or pipeline would use it (examples/mock.yaml). */

import type { AddressInfo } from "node:net";
import { join } from "node:path";
import OpenAI from "openai";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildApp } from "../../../../services/gateway/src/app";
import { loadConfigFile, parseConfig } from "../../../../services/gateway/src/config/load";

let app: ReturnType<typeof buildApp>;
let client: OpenAI;

beforeAll(async () => {
  const config = await loadConfigFile(join(__dirname, "../../../../services/gateway/examples/mock.yaml"));
  app = buildApp(config, { logStream: { write: () => {} } });
  await app.listen({ port: 0, host: "127.0.0.1" });
  const { port } = app.server.address() as AddressInfo;
  client = new OpenAI({ apiKey: "sk-openclaw-demo", baseURL: `http://127.0.0.1:${port}/v1`, maxRetries: 0 });
});
afterAll(async () => {
  await app.close();
});

describe("mock provider (examples/mock.yaml)", () => {
  it("answers deterministically from the prompt, labelled as mock", async () => {
    const ask = () =>
      client.chat.completions
        .create({ model: "mock-chat", messages: [{ role: "user", content: "ping 42" }] })
        .withResponse();
    const first = await ask();
    const second = await ask();
    expect(first.data.choices[0]?.message.content).toBe(
      '[mock] This is the OpenClaw mock provider (model mock-echo-1). You said: "ping 42"',
    );
    expect(first.data.system_fingerprint).toBe("openclaw-mock");
    expect(first.data.id).toBe(second.data.id);
    expect(first.response.headers.get("x-openclaw-provider")).toBe("mock");
    expect(first.data.usage?.total_tokens).toBeGreaterThan(0);
    expect(Number(first.response.headers.get("x-openclaw-cost-usd"))).toBeGreaterThan(0);
  });

  it("streams the same answer in several chunks", async () => {
    const events = await client.chat.completions.create({
      model: "mock-chat",
      stream: true,
      messages: [{ role: "user", content: "ping 42" }],
    });
    const pieces: string[] = [];
    for await (const chunk of events) pieces.push(chunk.choices[0]?.delta.content ?? "");
    expect(pieces.filter((p) => p !== "").length).toBeGreaterThanOrEqual(4);
    expect(pieces.join("")).toContain('You said: "ping 42"');
  });

  it("calls a forced tool, returns embeddings and caches the cached model", async () => {
    const tool = await client.chat.completions.create({
      model: "mock-chat",
      messages: [{ role: "user", content: "weather?" }],
      tools: [{ type: "function", function: { name: "get_weather" } }],
      tool_choice: "required",
    });
    expect(tool.choices[0]?.message.tool_calls?.[0]).toMatchObject({ function: { name: "get_weather" } });
    const emb = await client.embeddings.create({ model: "mock-embed", input: ["a", "b"] });
    expect(emb.data).toHaveLength(2);
    expect(Math.hypot(...(emb.data[0]?.embedding ?? []))).toBeCloseTo(1, 6);
    const body = { model: "mock-chat-cached", messages: [{ role: "user" as const, content: "cache me" }] };
    await client.chat.completions.create(body);
    const again = await client.chat.completions.create(body).withResponse();
    expect(again.response.headers.get("x-openclaw-cache")).toBe("hit");
  });
});

describe("mock failure injection", () => {
  it("failEvery makes every Nth call a 503 so fallback can be demonstrated offline", async () => {
    const flaky = buildApp(
      parseConfig(
        {
          providers: [
            { id: "flaky", kind: "mock", maxRetries: 0, options: { failEvery: 2 } },
            { id: "steady", kind: "mock" },
          ],
          models: [
            {
              name: "demo",
              routes: [
                { provider: "flaky", model: "m1" },
                { provider: "steady", model: "m2" },
              ],
            },
          ],
          keys: [{ id: "k", key: "sk-flaky-demo-key" }],
        },
        { env: {} },
      ),
      { logStream: { write: () => {} } },
    );
    const providers: string[] = [];
    for (let i = 0; i < 4; i++) {
      const res = await flaky.inject({
        method: "POST",
        url: "/v1/chat/completions",
        headers: { authorization: "Bearer sk-flaky-demo-key" },
        payload: { model: "demo", messages: [{ role: "user", content: "hi" }] },
      });
      expect(res.statusCode).toBe(200);
      providers.push(String(res.headers["x-openclaw-provider"]));
    }
    expect(providers).toEqual(["steady", "flaky", "steady", "flaky"]);
    await flaky.close();
  });
});
