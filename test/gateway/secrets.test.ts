/**
 * No provider key (or client key) in any response, error, log line or metric: a distinctive fake key is
 * pushed through success, streaming and every failure path, then everything the gateway emitted is grepped.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  completion,
  type FakeUpstream,
  reset,
  startFakeUpstream,
  status,
  stream,
} from "./helpers/fake-upstream";
import { configFor, startGateway, TEST_KEY, type TestGateway } from "./helpers/gateway";

const PROVIDER_KEY = "sk-upstream-SECRET-7f3a9c1e";
const HEADER_SECRET = "azure-header-SECRET-5d2b8e";
const METRICS_TOKEN = "metrics-SECRET-token-91";
let upstream: FakeUpstream;
let gw: TestGateway;
const emitted: string[] = [];

beforeAll(async () => {
  upstream = await startFakeUpstream(completion());
  const config = configFor(
    [{ id: "up", url: upstream.url, apiKey: PROVIDER_KEY, extra: { headers: { "api-key": HEADER_SECRET } } }],
    {},
    { server: { metricsToken: METRICS_TOKEN, retryBaseDelayMs: 1 } },
  );
  gw = await startGateway(config);
});
afterAll(async () => {
  await gw.close();
  await upstream.close();
});

async function call(body: Record<string, unknown>): Promise<void> {
  const res = await fetch(`${gw.url}/v1/chat/completions`, {
    method: "POST",
    headers: { authorization: `Bearer ${TEST_KEY}`, "content-type": "application/json" },
    body: JSON.stringify({ model: "smart", messages: [{ role: "user", content: "hi" }], ...body }),
  });
  emitted.push(JSON.stringify([...res.headers.entries()]), await res.text());
}

describe("secrets", () => {
  it("sends the provider key upstream (so the fake sees it) ...", async () => {
    await call({});
    expect(upstream.calls[0]?.headers.authorization).toBe(`Bearer ${PROVIDER_KEY}`);
    expect(upstream.calls[0]?.headers["api-key"]).toBe(HEADER_SECRET);
  });

  it("... but never shows it in responses, errors, logs or metrics", async () => {
    upstream.queue(stream());
    await call({ stream: true });
    // upstreams that echo the key back in their error bodies
    const echo = { error: { message: `Incorrect API key provided: ${PROVIDER_KEY} / ${HEADER_SECRET}` } };
    upstream.queue(status(401, echo));
    await call({});
    upstream.queue(status(500, echo));
    await call({});
    upstream.queue(status(400, echo));
    await call({});
    upstream.queue(status(429, `rate limited for key ${PROVIDER_KEY}`));
    await call({});
    upstream.queue(reset());
    await call({});
    upstream.queue(stream({ cutAfter: 1 }));
    await call({ stream: true });

    const metrics = await fetch(`${gw.url}/metrics`, {
      headers: { authorization: `Bearer ${METRICS_TOKEN}` },
    });
    expect(metrics.status).toBe(200);
    emitted.push(await metrics.text());
    const everything = [...emitted, ...gw.logs].join("\n");
    expect(everything).toContain("upstream_error"); // the failures really happened
    expect(everything).toContain("openclaw_gateway_requests_total");
    for (const secret of [PROVIDER_KEY, HEADER_SECRET, "7f3a9c1e", "5d2b8e", TEST_KEY, METRICS_TOKEN]) {
      expect(everything).not.toContain(secret);
    }
  });

  it("requires the metrics token when one is configured", async () => {
    expect((await fetch(`${gw.url}/metrics`)).status).toBe(401);
    const wrong = await fetch(`${gw.url}/metrics`, { headers: { authorization: "Bearer nope" } });
    expect(wrong.status).toBe(401);
    expect(await wrong.json()).toMatchObject({ error: { code: "invalid_api_key" } });
  });

  it("redacts authorization headers and keys if anything logs them", () => {
    gw.app.log.info(
      { req: { headers: { authorization: `Bearer ${TEST_KEY}` } }, apiKey: PROVIDER_KEY },
      "probe",
    );
    const line = gw.logs.find((l) => l.includes('"probe"')) ?? "";
    expect(line).toContain("[redacted]");
    expect(line).not.toContain(TEST_KEY);
    expect(line).not.toContain(PROVIDER_KEY);
  });

  it("logs one JSON line per request with its request id, provider and cost", () => {
    const lines = gw.logs.map((l) => JSON.parse(l) as Record<string, unknown>);
    const finished = lines.filter((l) => l.msg === "request finished");
    expect(finished.length).toBeGreaterThanOrEqual(8);
    expect(finished[0]).toMatchObject({
      requestId: expect.any(String),
      keyId: "team-a",
      provider: "up",
      status: 200,
      costUsd: expect.any(Number),
    });
  });
});
