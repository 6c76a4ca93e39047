/** Two gateway replicas sharing one Redis enforce one RPM limit and one monthly budget together. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startRedisForTests, type TestRedis } from "./governance/redis";
import { completion, type FakeUpstream, startFakeUpstream } from "./helpers/fake-upstream";
import { configFor, startGateway, TEST_KEY, type TestGateway } from "./helpers/gateway";

const BUDGET_KEY = "sk-test-budget-key-0003";
let redis: TestRedis;
let upstream: FakeUpstream;
let replicas: TestGateway[];

beforeAll(async () => {
  redis = await startRedisForTests();
  upstream = await startFakeUpstream(completion());
  const config = configFor(
    [{ id: "up", url: upstream.url }],
    {},
    {
      models: [{ name: "smart", routes: [{ provider: "up", model: "priced-model" }] }],
      keys: [
        { id: "rpm-limited", key: TEST_KEY, rpm: 3 },
        {
          id: "budgeted",
          key: BUDGET_KEY,
          budgetUsd: 0.095,
        } /* 3 answers ($0.09) + the 4th estimate ($0.01) exceed it */,
      ],
      prices: { "priced-model": { input: 1000, output: 1000 } }, // the fake's 30 tokens cost $0.03
      server: { redisUrl: redis.url, retryBaseDelayMs: 1 },
    },
  );
  replicas = [await startGateway(config), await startGateway(config)];
});

afterAll(async () => {
  await Promise.all((replicas ?? []).map((r) => r.close()));
  await upstream?.close();
  await redis?.stop();
});

const ask = (gw: TestGateway, key: string) =>
  gw
    .client(key)
    .chat.completions.create({ model: "smart", max_tokens: 5, messages: [{ role: "user", content: "hi" }] });

describe("two replicas, one Redis", () => {
  it("share one RPM limit", async () => {
    const [one, two] = replicas as [TestGateway, TestGateway];
    await ask(one, TEST_KEY);
    await ask(two, TEST_KEY);
    await ask(one, TEST_KEY);
    await expect(ask(two, TEST_KEY)).rejects.toMatchObject({ status: 429, code: "rate_limit_exceeded" });
    await expect(ask(one, TEST_KEY)).rejects.toMatchObject({ status: 429, code: "rate_limit_exceeded" });
  });

  it("share one monthly budget", async () => {
    const [one, two] = replicas as [TestGateway, TestGateway];
    const before = upstream.calls.length;
    await ask(one, BUDGET_KEY);
    await ask(two, BUDGET_KEY);
    await ask(one, BUDGET_KEY);
    expect(await two.app.gateway.deps.governance.spentUsd("budgeted")).toBeCloseTo(0.09, 6);
    await expect(ask(two, BUDGET_KEY)).rejects.toMatchObject({ status: 429, code: "insufficient_quota" });
    expect(upstream.calls.length - before).toBe(3);
  });
});
