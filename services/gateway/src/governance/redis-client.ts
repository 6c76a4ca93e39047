import type { Redis } from "ioredis";

/** Every Redis key the gateway writes starts with this unless configured otherwise. */
export const DEFAULT_KEY_PREFIX = "openclaw:";

export interface RedisClientOptions {
  readonly url: string;
  /** Receives every connection and command error; ioredis would otherwise print them or crash. */
  readonly onError: (err: Error) => void;
  /** @default 1000 */
  readonly commandTimeoutMs?: number;
}

/** An ioredis client plus what its callers need to know about its connection. */
export interface RedisConnection {
  readonly client: Redis;
  /**
   * False while the connection is known to be down (it failed and has not been ready since): callers
   * fail at once instead of queueing behind reconnect attempts. True before the first connection
   * attempt has finished, so requests made at start-up wait for it rather than fail.
   */
  isUsable(): boolean;
  /** Closes the connection whether or not it is up; never rejects. */
  close(): Promise<void>;
}

/**
 * An ioredis client tuned to fail fast: a command waits for at most one reconnect attempt
 * (`maxRetriesPerRequest: 1`) and at most `commandTimeoutMs`, and once the connection is known to be
 * down `isUsable()` lets callers skip Redis entirely, so a request gets a quick answer (503 or
 * fail-open) instead of hanging. Reconnection continues in the background with back-off capped at 2 s.
 * The 'error' listener keeps a lost connection from ever becoming an unhandled 'error' event, which
 * would crash the process.
 */
export function connectRedis(opts: RedisClientOptions): RedisConnection {
  const client = new (loadIoredis().Redis)(opts.url, {
    maxRetriesPerRequest: 1,
    commandTimeout: opts.commandTimeoutMs ?? 1000,
    connectTimeout: 2000,
    retryStrategy: (attempt) => Math.min(attempt * 100, 2000),
  });
  let failed = false;
  client.on("error", (err: Error) => {
    failed = true;
    opts.onError(err);
  });
  client.on("close", () => {
    failed = true;
  });
  client.on("ready", () => {
    failed = false;
  });
  return {
    client,
    isUsable: () => client.status === "ready" || !failed,
    close: async () => {
      try {
        await client.quit();
      } catch {
        client.disconnect();
      }
    },
  };
}

/**
 * ioredis is required on first use, not imported at the top: loading it costs ~17 MB of RSS, which a
 * gateway without `redisUrl` (governance and cache in memory) should not pay. A plain `require` of the
 * package (not a dynamic `import()`) keeps `createGovernance` synchronous and works both under tsx's
 * CommonJS hook (the CLI) and under vitest; Node caches it after the first call.
 */
function loadIoredis(): typeof import("ioredis") {
  return require("ioredis");
}

/** The error callers report when they skip Redis because `isUsable()` said it is down. */
export class RedisDownError extends Error {
  constructor() {
    super("Redis connection is down (reconnecting in the background)");
    this.name = "RedisDownError";
  }
}
