/**
 * The request path through governance: auth → allow-list → admit(estimate) → cache → route → settle.
 * In-memory backends here; test/gateway/shared-limits.test.ts runs two replicas over one Redis.
 */
import { afterEach, describe, expect, it } from "vitest";
import { completion, startFakeUpstream, status } from "./helpers/fake-upstream";
import { configFor, startGateway, TEST_KEY, type TestGateway } from "./helpers/gateway";

const open: Array<{ close(): Promise<void> }> = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((s) => s.close()));
});

/** $1000 per 1M tokens both ways: the fake's 30-token answer costs exactly $0.03. */
const PRICES = { "priced-model": { input: 1000, output: 1000 } };

async function gateway(key: Record<string, unknown>, model: Record<string, unknown> = {}) {
  const upstream = await startFakeUpstream(completion());
  const config = configFor(
    [{ id: "up", url: upstream.url }],
    {},
    {
      models: [{ name: "smart", routes: [{ provider: "up", model: "priced-model" }], ...model }],
      keys: [{ id: "team-a", key: TEST_KEY, ...key }],
      prices: PRICES,
    },
  );
  const gw = await startGateway(config);
  open.push(gw, upstream);
  return { upstream, gw };
}

const ask = (gw: TestGateway, content = "hi") =>
  gw
    .client()
    .chat.completions.create({ model: "smart", max_tokens: 5, messages: [{ role: "user", content }] })
    .withResponse();

describe("governance in the request path", () => {
  it("refuses past the key's RPM with 429 rate_limit_exceeded and retry-after, without calling upstream", async () => {
    const { upstream, gw } = await gateway({ rpm: 2 });
    await ask(gw);
    await ask(gw);
    const res = await fetch(`${gw.url}/v1/chat/completions`, {
      method: "POST",
      headers: { authorization: `Bearer ${TEST_KEY}`, "content-type": "application/json" },
      body: JSON.stringify({ model: "smart", messages: [{ role: "user", content: "hi" }] }),
    });
    expect(res.status).toBe(429);
    expect(Number(res.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(await res.json()).toMatchObject({
      error: { code: "rate_limit_exceeded", type: "rate_limit_error" },
    });
    expect(upstream.calls).toHaveLength(2);
  });

  it("charges actual cost and refuses with insufficient_quota once the monthly budget is spent", async () => {
    const { upstream, gw } = await gateway(
      { budgetUsd: 0.095 } /* 3 answers ($0.09) + the 4th estimate ($0.01) exceed it */,
    );
    for (let i = 0; i < 3; i++) {
      const { response } = await ask(gw);
      expect(response.headers.get("x-openclaw-cost-usd")).toBe("0.03000000");
    }
    expect(await gw.app.gateway.deps.governance.spentUsd("team-a")).toBeCloseTo(0.09, 6);
    const err = await ask(gw).catch((e: unknown) => e);
    expect(err).toMatchObject({ status: 429, code: "insufficient_quota" });
    expect(upstream.calls).toHaveLength(3);
  });

  it("settles a failed request at what was reported (nothing), releasing its reservation", async () => {
    const { upstream, gw } = await gateway({ budgetUsd: 0.095 });
    upstream.queue(status(500));
    await expect(ask(gw)).rejects.toMatchObject({ status: 502 });
    expect(await gw.app.gateway.deps.governance.spentUsd("team-a")).toBe(0);
  });

  it("answers a repeated request from the cache (opt-in per model) at zero cost", async () => {
    const { upstream, gw } = await gateway({ budgetUsd: 1 }, { cache: { ttlSeconds: 60 } });
    const first = await ask(gw, "same question");
    expect(first.response.headers.get("x-openclaw-cache")).toBe("miss");
    const second = await ask(gw, "same question");
    expect(second.response.headers.get("x-openclaw-cache")).toBe("hit");
    expect(second.response.headers.get("x-openclaw-cost-usd")).toBe("0.00000000");
    expect(second.response.headers.get("x-openclaw-provider")).toBe("up");
    expect(second.data).toEqual(first.data);
    const third = await ask(gw, "another question");
    expect(third.response.headers.get("x-openclaw-cache")).toBe("miss");
    expect(upstream.calls).toHaveLength(2);
    expect(await gw.app.gateway.deps.governance.spentUsd("team-a")).toBeCloseTo(0.06, 6);
  });
});
