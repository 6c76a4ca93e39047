import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { GatewayError } from "../../../services/gateway/src/errors";
import { createGovernance, type Governance, type KeyLimits } from "../../../services/gateway/src/governance";
import { type GovernanceFixture, governanceContract, refusal } from "./contract";
import { startRedisForTests, type TestRedis } from "./redis";

let redis: TestRedis;
const open: Governance[] = [];

beforeAll(async () => {
  redis = await startRedisForTests();
});

afterAll(async () => {
  await Promise.all(open.map((g) => g.close()));
  await redis?.stop();
});

/** A governance on the shared test Redis under its own key prefix, so tests never see each other's counts. */
function onRedis(prefix: string, now: () => Date): Governance {
  const governance = createGovernance({ redisUrl: redis.url, keyPrefix: prefix, now });
  open.push(governance);
  return governance;
}

function makeRedisGovernance(): GovernanceFixture {
  let now = new Date("2026-11-15T12:00:00Z");
  return {
    governance: onRedis(`test-${randomUUID()}:`, () => now),
    setNow: (at) => {
      now = at;
    },
  };
}

describe("governance, on Redis", () => {
  governanceContract(makeRedisGovernance);
});

describe("two governance instances on one Redis (two gateway replicas)", () => {
  function pair(): [Governance, Governance] {
    const prefix = `pair-${randomUUID()}:`;
    const now = () => new Date("2026-11-15T12:00:00Z");
    return [onRedis(prefix, now), onRedis(prefix, now)];
  }

  it("share one RPM limit", async () => {
    const [a, b] = pair();
    const key: KeyLimits = { id: "shared", rpm: 4 };
    await a.admit(key, { tokens: 1, costUsd: 0 });
    await b.admit(key, { tokens: 1, costUsd: 0 });
    await a.admit(key, { tokens: 1, costUsd: 0 });
    await b.admit(key, { tokens: 1, costUsd: 0 });
    expect((await refusal(a.admit(key, { tokens: 1, costUsd: 0 }))).code).toBe("rate_limit_exceeded");
    expect((await refusal(b.admit(key, { tokens: 1, costUsd: 0 }))).code).toBe("rate_limit_exceeded");
  });

  it("share one TPM window, including settle refunds made by the other replica", async () => {
    const [a, b] = pair();
    const key: KeyLimits = { id: "shared-t", tpm: 100 };
    const held = await a.admit(key, { tokens: 90, costUsd: 0 });
    await refusal(b.admit(key, { tokens: 20, costUsd: 0 }));
    await held.settle({ tokens: 30, costUsd: 0 });
    await b.admit(key, { tokens: 70, costUsd: 0 });
  });

  it("share one budget, and 50 parallel admissions across both never overspend it", async () => {
    const [a, b] = pair();
    const key: KeyLimits = { id: "shared-b", budgetUsd: 1 };
    const estimate = { tokens: 1, costUsd: 0.07 };
    const results = await Promise.allSettled(
      Array.from({ length: 50 }, (_, i) => (i % 2 === 0 ? a : b).admit(key, estimate)),
    );
    const admitted = results.flatMap((r) => (r.status === "fulfilled" ? [r.value] : []));
    const refused = results.flatMap((r) => (r.status === "rejected" ? [r.reason as GatewayError] : []));
    expect(admitted).toHaveLength(14); // floor(1 / 0.07)
    expect(refused.map((e) => e.code)).toEqual(Array(36).fill("insufficient_quota"));
    expect(await a.spentUsd("shared-b")).toBeCloseTo(0.98, 9);
    expect(await b.spentUsd("shared-b")).toBeCloseTo(0.98, 9);
    await Promise.all(admitted.map((adm) => adm.settle({ tokens: 1, costUsd: 0.01 })));
    expect(await b.spentUsd("shared-b")).toBeCloseTo(0.14, 9);
  });
});

describe("Redis key layout", () => {
  it("keeps a key's month of spend in <prefix>spend:<keyId>:<YYYY-MM> as integer micro-dollars, expiring in ~35 days", async () => {
    const prefix = `layout-${randomUUID()}:`;
    const governance = onRedis(prefix, () => new Date("2026-11-15T12:00:00Z"));
    const admission = await governance.admit(
      { id: "team-l", budgetUsd: 5, rpm: 10 },
      { tokens: 1, costUsd: 0.25 },
    );
    await admission.settle({ tokens: 1, costUsd: 0.125 });
    const { Redis } = await import("ioredis");
    const client = new Redis(redis.url);
    try {
      expect(await client.hgetall(`${prefix}spend:team-l:2026-11`)).toEqual({
        settled: "125000",
        reserved: "0",
      });
      const ttlDays = (await client.pttl(`${prefix}spend:team-l:2026-11`)) / 86_400_000;
      expect(ttlDays).toBeGreaterThan(34);
      expect(ttlDays).toBeLessThanOrEqual(35);
      expect(await client.get(`${prefix}rpm:team-l`)).toBe("1");
    } finally {
      client.disconnect();
    }
  });
});
