import { createServer } from "node:net";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { GatewayError } from "../../../services/gateway/src/errors";
import { createGovernance, type Governance, type KeyLimits } from "../../../services/gateway/src/governance";
import { startRedisForTests, type TestRedis } from "./redis";

const unhandled: unknown[] = [];
const onUnhandled = (reason: unknown) => unhandled.push(reason);
const limited: KeyLimits = { id: "team-down", rpm: 100, tpm: 10_000, budgetUsd: 10 };
const open: Governance[] = [];

beforeAll(() => {
  process.on("unhandledRejection", onUnhandled);
});

afterEach(async () => {
  await Promise.all(open.splice(0).map((g) => g.close()));
  expect(unhandled).toEqual([]);
});

afterAll(() => {
  process.off("unhandledRejection", onUnhandled);
});

/** A loopback port with nothing listening on it. */
async function deadPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => resolve(typeof address === "object" && address !== null ? address.port : 0));
    });
  });
}

function governanceOn(url: string, mode: "closed" | "open", errors: Error[]): Governance {
  const governance = createGovernance({
    redisUrl: url,
    keyPrefix: "down:",
    onStoreFailure: mode,
    onError: (err) => errors.push(err),
  });
  open.push(governance);
  return governance;
}

describe("Redis unreachable", () => {
  it("fail-closed (the default): admit refuses with 503 governance_unavailable and reports the error", async () => {
    const errors: Error[] = [];
    const governance = governanceOn(`redis://127.0.0.1:${await deadPort()}`, "closed", errors);
    const err = await governance.admit(limited, { tokens: 10, costUsd: 0.01 }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(GatewayError);
    expect((err as GatewayError).status).toBe(503);
    expect((err as GatewayError).code).toBe("governance_unavailable");
    expect((err as GatewayError).retryAfterSeconds).toBe(1);
    expect((err as GatewayError).message).not.toContain("redis://");
    expect(errors.length).toBeGreaterThan(0);
  });

  it("fail-closed is the default when no mode is given", async () => {
    const governance = createGovernance({ redisUrl: `redis://127.0.0.1:${await deadPort()}` });
    open.push(governance);
    await expect(governance.admit(limited, { tokens: 1, costUsd: 0 })).rejects.toMatchObject({
      status: 503,
      code: "governance_unavailable",
    });
  });

  it("fail-open: admit lets the request through unmetered and settle resolves", async () => {
    const errors: Error[] = [];
    const governance = governanceOn(`redis://127.0.0.1:${await deadPort()}`, "open", errors);
    const admission = await governance.admit(limited, { tokens: 10, costUsd: 0.01 });
    await expect(admission.settle({ tokens: 5, costUsd: 0.005 })).resolves.toBeUndefined();
    expect(errors.length).toBeGreaterThan(0);
  });

  it("a key with no limits needs no Redis and is admitted even fail-closed", async () => {
    const governance = governanceOn(`redis://127.0.0.1:${await deadPort()}`, "closed", []);
    const admission = await governance.admit({ id: "unlimited" }, { tokens: 10, costUsd: 1 });
    await expect(admission.settle({ tokens: 1, costUsd: 1 })).resolves.toBeUndefined();
  });
});

describe("Redis lost while running", () => {
  let redis: TestRedis | undefined;

  afterAll(async () => {
    await redis?.stop();
  });

  it("refuses while Redis is down, settles earlier admissions without throwing, and recovers when it returns", async () => {
    redis = await startRedisForTests();
    const errors: Error[] = [];
    const governance = governanceOn(redis.url, "closed", errors);
    const held = await governance.admit(limited, { tokens: 10, costUsd: 0.01 });

    await redis.stop();
    await expect(governance.admit(limited, { tokens: 10, costUsd: 0.01 })).rejects.toMatchObject({
      status: 503,
    });
    await expect(held.settle({ tokens: 10, costUsd: 0.01 })).resolves.toBeUndefined();
    expect(errors.length).toBeGreaterThan(0);

    redis = await startRedisForTests(redis.port);
    // ioredis reconnects with back-off; allow it a bounded number of tries.
    let admitted = false;
    for (let attempt = 0; attempt < 50 && !admitted; attempt++) {
      admitted = await governance.admit(limited, { tokens: 10, costUsd: 0.01 }).then(
        () => true,
        async () => {
          await new Promise((resolve) => setTimeout(resolve, 100));
          return false;
        },
      );
    }
    expect(admitted).toBe(true);
  });
});
