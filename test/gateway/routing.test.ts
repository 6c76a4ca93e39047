/** Fallback, retries, timeouts, circuit breaking and strategies against real fake upstreams. */
import { afterEach, describe, expect, it } from "vitest";
import {
  completion,
  type FakeUpstream,
  hang,
  reset,
  startFakeUpstream,
  status,
} from "./helpers/fake-upstream";
import { configFor, startGateway, type TestGateway } from "./helpers/gateway";

const open: Array<{ close(): Promise<void> }> = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((s) => s.close()));
});

async function pair(
  primaryExtra: Record<string, unknown> = {},
  model: Record<string, unknown> = {},
  deps: Parameters<typeof startGateway>[1] = {},
): Promise<{ a: FakeUpstream; b: FakeUpstream; gw: TestGateway }> {
  const a = await startFakeUpstream();
  const b = await startFakeUpstream();
  const gw = await startGateway(
    configFor(
      [
        { id: "a", url: a.url, extra: primaryExtra },
        { id: "b", url: b.url },
      ],
      model,
    ),
    deps,
  );
  open.push(gw, a, b);
  return { a, b, gw };
}

const ask = (gw: TestGateway) =>
  gw
    .client()
    .chat.completions.create({ model: "smart", messages: [{ role: "user", content: "hi" }] })
    .withResponse();

describe("fallback", () => {
  it("retries a 500 with backoff, then falls over to the next route", async () => {
    const { a, b, gw } = await pair({ maxRetries: 1 });
    a.queue(status(500), status(503));
    const { data, response } = await ask(gw);
    expect(data.choices[0]?.message.content).toBe("fake answer from b-model");
    expect(a.calls).toHaveLength(2);
    expect(b.calls).toHaveLength(1);
    expect(response.headers.get("x-openclaw-attempts")).toBe("3");
    expect(response.headers.get("x-openclaw-provider")).toBe("b");
  });

  it("honours a short retry-after on 429 by retrying the same route after waiting", async () => {
    const { a, b, gw } = await pair({ maxRetries: 1 });
    const times: number[] = [];
    a.queue(
      (call, req, res) => {
        times.push(Date.now());
        return status(429, { error: { message: "slow down" } }, { "retry-after": "1" })(call, req, res);
      },
      (call, req, res) => {
        times.push(Date.now());
        return completion()(call, req, res);
      },
    );
    const { data } = await ask(gw);
    expect(data.choices[0]?.message.content).toBe("fake answer from a-model");
    expect(b.calls).toHaveLength(0);
    expect((times[1] ?? 0) - (times[0] ?? 0)).toBeGreaterThanOrEqual(950);
  });

  it("falls over at once when retry-after is longer than the configured cap", async () => {
    const { a, b, gw } = await pair({ maxRetries: 3 });
    a.queue(status(429, { error: { message: "quota" } }, { "retry-after": "120" }));
    const { data } = await ask(gw);
    expect(data.choices[0]?.message.content).toBe("fake answer from b-model");
    expect(a.calls).toHaveLength(1);
    expect(b.calls).toHaveLength(1);
  });

  it("falls over on a connection reset", async () => {
    const { a, b, gw } = await pair();
    a.queue(reset());
    const { data } = await ask(gw);
    expect(data.choices[0]?.message.content).toBe("fake answer from b-model");
    expect(b.calls).toHaveLength(1);
  });

  it("falls over when the upstream hangs past its first-byte timeout", async () => {
    const { a, gw } = await pair({ firstByteTimeoutMs: 300 });
    a.queue(hang());
    const { data } = await ask(gw);
    expect(data.choices[0]?.message.content).toBe("fake answer from b-model");
    expect(a.abortedResponses()).toBe(1);
  });

  it("turns an upstream 401 into 502 upstream_error without echoing the provider key", async () => {
    const a = await startFakeUpstream(
      status(401, { error: { message: "Incorrect API key provided: sk-upstr*********************0042" } }),
    );
    const gw = await startGateway(configFor([{ id: "a", url: a.url, apiKey: "sk-upstream-distinct-0042" }]));
    open.push(gw, a);
    const err = (await ask(gw).catch((e: unknown) => e)) as { status: number; code: string; message: string };
    expect(err).toMatchObject({ status: 502, code: "upstream_error" });
    expect(err.message).not.toContain("sk-upstr");
    expect(err.message).not.toContain("0042");
    expect(err.message).toContain("HTTP 401");
  });

  it("answers 502 naming each route's failure when every route fails", async () => {
    const { a, b, gw } = await pair();
    a.queue(status(500));
    b.queue(status(502));
    const err = (await ask(gw).catch((e: unknown) => e)) as { status: number; message: string };
    expect(err.status).toBe(502);
    expect(err.message).toMatch(/a\/a-model: HTTP 500.*b\/b-model: HTTP 502/);
  });
});

describe("circuit breaker", () => {
  it("opens after consecutive failures and skips the route until the cooldown ends", async () => {
    const { a, b, gw } = await pair({ circuitBreaker: { failureThreshold: 2, cooldownMs: 60_000 } });
    a.queue(status(500), status(500));
    await ask(gw);
    await ask(gw);
    expect(a.calls).toHaveLength(2);
    const { data } = await ask(gw);
    expect(data.choices[0]?.message.content).toBe("fake answer from b-model");
    expect(a.calls).toHaveLength(2); // circuit open: not called again
    const metrics = await (await fetch(`${gw.url}/metrics`)).text();
    expect(metrics).toContain('openclaw_gateway_circuit_state{provider="a",model="a-model"} 2');
    expect(metrics).toMatch(/openclaw_gateway_upstream_errors_total\{provider="a",reason="http_500"\} 2/);
    expect(b.calls).toHaveLength(3);
  });
});

describe("strategies", () => {
  it("weighted picks the route the random draw lands on", async () => {
    const { a, b, gw } = await pair({}, { strategy: "weighted" }, { random: () => 0.9 });
    await ask(gw);
    expect(b.calls).toHaveLength(1);
    expect(a.calls).toHaveLength(0);
  });

  it("least-latency prefers the route that answered faster", async () => {
    const slow: Parameters<FakeUpstream["queue"]>[0] = (call, req, res) =>
      void setTimeout(() => completion()(call, req, res), 150);
    const { a, b, gw } = await pair({}, { strategy: "least-latency" });
    a.queue(slow);
    await ask(gw); // a measured slow
    b.queue(completion());
    a.queue(status(500)); // makes the second request measure b
    await ask(gw);
    const before = { a: a.calls.length, b: b.calls.length };
    await ask(gw);
    expect(b.calls.length - before.b).toBe(1);
    expect(a.calls.length - before.a).toBe(0);
  });

  it("cheapest sends to the route with the lower price-table price", async () => {
    const a = await startFakeUpstream();
    const b = await startFakeUpstream();
    const config = configFor([
      { id: "a", url: a.url },
      { id: "b", url: b.url },
    ]);
    config.models = [
      {
        name: "smart",
        strategy: "cheapest",
        routes: [
          { provider: "a", model: "gpt-4o" },
          { provider: "b", model: "gpt-4o-mini" },
        ],
      },
    ];
    const gw = await startGateway(config);
    open.push(gw, a, b);
    await ask(gw);
    expect(b.calls).toHaveLength(1);
    expect(a.calls).toHaveLength(0);
  });
});
