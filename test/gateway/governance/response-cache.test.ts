import { randomUUID } from "node:crypto";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createResponseCache, type ResponseCache } from "../../../services/gateway/src/governance";
import { startRedisForTests, type TestRedis } from "./redis";

describe("response cache, in memory", () => {
  it("evicts the least recently used entry beyond maxEntries", async () => {
    const cache = createResponseCache({ maxEntries: 2 });
    await cache.set("a", "A", 60_000);
    await cache.set("b", "B", 60_000);
    expect(await cache.get("a")).toBe("A"); // a is now the most recently used
    await cache.set("c", "C", 60_000);
    expect(await cache.get("b")).toBeUndefined();
    expect(await cache.get("a")).toBe("A");
    expect(await cache.get("c")).toBe("C");
  });

  it("evicts by UTF-8 bytes beyond maxBytes, and never stores a value larger than the whole budget", async () => {
    const cache = createResponseCache({ maxEntries: 100, maxBytes: 10 });
    await cache.set("a", "aaaa", 60_000);
    await cache.set("b", "éé", 60_000); // 4 bytes in UTF-8
    await cache.set("c", "cccc", 60_000); // 12 bytes in all: the oldest goes
    expect(await cache.get("a")).toBeUndefined();
    expect(await cache.get("b")).toBe("éé");
    expect(await cache.get("c")).toBe("cccc");
    await cache.set("huge", "x".repeat(11), 60_000);
    expect(await cache.get("huge")).toBeUndefined();
    expect(await cache.get("c")).toBe("cccc");
  });

  it("expires each entry after its own TTL", async () => {
    let now = 1_000;
    const cache = createResponseCache({ maxEntries: 10, nowMs: () => now });
    await cache.set("short", "S", 100);
    await cache.set("long", "L", 10_000);
    now += 99;
    expect(await cache.get("short")).toBe("S");
    now += 2;
    expect(await cache.get("short")).toBeUndefined();
    expect(await cache.get("long")).toBe("L");
  });

  it("rejects bad sizes and TTLs with the field and value", async () => {
    expect(() => createResponseCache({ maxEntries: 0 })).toThrow("maxEntries must be an integer >= 1, got 0");
    expect(() => createResponseCache({ maxEntries: 1, maxBytes: -5 })).toThrow(
      "maxBytes must be an integer >= 1, got -5",
    );
    await expect(createResponseCache({ maxEntries: 1 }).set("k", "v", 0)).rejects.toThrow(
      "ttlMs must be an integer >= 1, got 0",
    );
  });
});

describe("response cache, on Redis", () => {
  let redis: TestRedis;
  const caches: ResponseCache[] = [];

  beforeAll(async () => {
    redis = await startRedisForTests();
  });

  afterAll(async () => {
    await Promise.all(caches.map((c) => c.close()));
    await redis?.stop();
  });

  function cacheOn(url: string, prefix: string, errors: Error[] = []): ResponseCache {
    const cache = createResponseCache({
      redisUrl: url,
      maxEntries: 10,
      keyPrefix: prefix,
      onError: (e) => errors.push(e),
    });
    caches.push(cache);
    return cache;
  }

  it("round-trips a value between two replicas and stores it under <prefix>cache:<key> with a PX expiry", async () => {
    const prefix = `cache-${randomUUID()}:`;
    const writer = cacheOn(redis.url, prefix);
    const reader = cacheOn(redis.url, prefix);
    const body = JSON.stringify({ choices: [{ message: { content: "héllo" } }] });
    await writer.set("k1", body, 30_000);
    expect(await reader.get("k1")).toBe(body);
    expect(await reader.get("missing")).toBeUndefined();
    const client = new Redis(redis.url);
    try {
      const ttl = await client.pttl(`${prefix}cache:k1`);
      expect(ttl).toBeGreaterThan(0);
      expect(ttl).toBeLessThanOrEqual(30_000);
    } finally {
      client.disconnect();
    }
  });

  it("treats an unreachable Redis as a miss and reports the error instead of failing the request", async () => {
    const errors: Error[] = [];
    const cache = cacheOn("redis://127.0.0.1:1", "dead:", errors);
    await expect(cache.set("k", "v", 1000)).resolves.toBeUndefined();
    await expect(cache.get("k")).resolves.toBeUndefined();
    expect(errors.length).toBeGreaterThan(0);
  });
});
