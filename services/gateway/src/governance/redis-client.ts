import { Redis } from "ioredis";

/** Every Redis key the gateway writes starts with this unless configured otherwise. */
export const DEFAULT_KEY_PREFIX = "openclaw:";

export interface RedisClientOptions {
  readonly url: string;
  /** Receives every connection and command error; ioredis would otherwise print them or crash. */
  readonly onError: (err: Error) => void;
  /** @default 1000 */
  readonly commandTimeoutMs?: number;
}

/**
 * An ioredis client tuned to fail fast: while Redis is down a command waits for at most one reconnect
 * attempt (`maxRetriesPerRequest: 1`) and any command is abandoned after `commandTimeoutMs`, so a
 * request gets a clear answer (503 or fail-open) instead of hanging. Reconnection continues in the
 * background with capped back-off, and the 'error' listener keeps a lost connection from ever becoming
 * an unhandled 'error' event that would crash the process.
 */
export function createRedisClient(opts: RedisClientOptions): Redis {
  const client = new Redis(opts.url, {
    maxRetriesPerRequest: 1,
    commandTimeout: opts.commandTimeoutMs ?? 1000,
    connectTimeout: 2000,
    retryStrategy: (attempt) => Math.min(attempt * 100, 2000),
  });
  client.on("error", opts.onError);
  return client;
}

/** Closes a client whether or not it is connected; never rejects. */
export async function closeRedisClient(client: Redis): Promise<void> {
  try {
    await client.quit();
  } catch {
    client.disconnect();
  }
}
