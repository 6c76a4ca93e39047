import { LRUCache } from "lru-cache";
import { connectRedis, DEFAULT_KEY_PREFIX, type RedisConnection } from "./redis-client";
import type { ResponseCache } from "./types";
import { asError } from "./unavailable";

export interface ResponseCacheOptions {
  /** Share the cache across replicas through this Redis. Omitted: an in-memory LRU per replica. */
  readonly redisUrl?: string;
  /** Most entries kept in memory (least recently used go first). Ignored with Redis. */
  readonly maxEntries: number;
  /** Most bytes of stored values (UTF-8) kept in memory; a single larger value is not cached. @default unbounded */
  readonly maxBytes?: number;
  /** Prefix of every Redis key; entries are `<prefix>cache:<key>`. @default "openclaw:" */
  readonly keyPrefix?: string;
  /** Receives Redis errors; the cache then behaves as a miss. @default ignore them */
  readonly onError?: (err: Error) => void;
  /** Clock for in-memory TTLs, in ms (tests pass a fake one). @default performance.now */
  readonly nowMs?: () => number;
}

export function createResponseCache(opts: ResponseCacheOptions): ResponseCache {
  if (!Number.isInteger(opts.maxEntries) || opts.maxEntries < 1) {
    throw new RangeError(`maxEntries must be an integer >= 1, got ${String(opts.maxEntries)}`);
  }
  if (opts.maxBytes !== undefined && (!Number.isInteger(opts.maxBytes) || opts.maxBytes < 1)) {
    throw new RangeError(`maxBytes must be an integer >= 1, got ${String(opts.maxBytes)}`);
  }
  if (opts.redisUrl === undefined) return new MemoryResponseCache(opts);
  const onError = opts.onError ?? (() => {});
  const redis = connectRedis({ url: opts.redisUrl, onError });
  return new RedisResponseCache(redis, `${opts.keyPrefix ?? DEFAULT_KEY_PREFIX}cache:`, onError);
}

/** An LRU bounded by entry count and, optionally, by the bytes of the stored values; TTL per entry. */
class MemoryResponseCache implements ResponseCache {
  private readonly lru: LRUCache<string, string>;

  constructor(opts: ResponseCacheOptions) {
    this.lru = new LRUCache<string, string>({
      max: opts.maxEntries,
      ...(opts.maxBytes !== undefined && {
        maxSize: opts.maxBytes,
        sizeCalculation: (value: string) => Math.max(1, Buffer.byteLength(value)),
      }),
      // ttlResolution 0: lru-cache would otherwise reuse one reading of the clock for 1 ms of real time.
      ...(opts.nowMs !== undefined && { perf: { now: opts.nowMs }, ttlResolution: 0 }),
    });
  }

  async get(key: string): Promise<string | undefined> {
    return this.lru.get(key);
  }

  async set(key: string, value: string, ttlMs: number): Promise<void> {
    checkTtl(ttlMs);
    this.lru.set(key, value, { ttl: ttlMs });
  }

  async close(): Promise<void> {
    this.lru.clear();
  }
}

/** Entries are plain strings with a PX expiry; Redis's own maxmemory policy bounds the size. */
class RedisResponseCache implements ResponseCache {
  constructor(
    private readonly redis: RedisConnection,
    private readonly prefix: string,
    private readonly onError: (err: Error) => void,
  ) {}

  // A cache that cannot be reached is a miss, never a failed request; while the connection is known to
  // be down it is not even tried.
  async get(key: string): Promise<string | undefined> {
    if (!this.redis.isUsable()) return undefined;
    try {
      return (await this.redis.client.get(this.prefix + key)) ?? undefined;
    } catch (err) {
      this.onError(asError(err));
      return undefined;
    }
  }

  async set(key: string, value: string, ttlMs: number): Promise<void> {
    checkTtl(ttlMs);
    if (!this.redis.isUsable()) return;
    try {
      await this.redis.client.set(this.prefix + key, value, "PX", ttlMs);
    } catch (err) {
      this.onError(asError(err));
    }
  }

  close(): Promise<void> {
    return this.redis.close();
  }
}

function checkTtl(ttlMs: number): void {
  if (!Number.isInteger(ttlMs) || ttlMs < 1)
    throw new RangeError(`ttlMs must be an integer >= 1, got ${String(ttlMs)}`);
}
