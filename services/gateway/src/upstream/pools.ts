/**
 * One undici Pool per upstream origin (keep-alive, reused across requests and config reloads). Sends a
 * request and hands back status, headers and the body stream (or, for whole answers, the body read into
 * text); timeouts: connect (pool), first byte (headersTimeout), idle body (bodyTimeout), total (the
 * caller's AbortSignal or Cancellation).
 */
import type { Cancellation } from "../core/cancellation";
import type { UpstreamHttpRequest, UpstreamHttpResponse } from "../providers/types";
import { type BufferedResponse, BufferingHandler } from "./buffered-request";
import { Pool } from "./undici-pool";

export interface HttpTarget {
  /** e.g. https://api.openai.com/v1 */
  readonly baseUrl: string;
  readonly query?: Readonly<Record<string, string>>;
  readonly connectTimeoutMs: number;
}

export interface SendTimeouts {
  readonly firstByteTimeoutMs: number;
  readonly bodyIdleTimeoutMs: number;
}

/** What a target resolves to, worked out once per target (a config version's provider), not per request. */
interface ResolvedTarget {
  readonly pool: Pool;
  /** The base URL's path without a trailing slash, e.g. `/v1`. */
  readonly prefix: string;
  /** `?api-version=...` or "". */
  readonly query: string;
}

export class PoolRegistry {
  private readonly pools = new Map<string, Pool>();
  private readonly resolved = new WeakMap<HttpTarget, ResolvedTarget>();

  async send(
    target: HttpTarget,
    request: UpstreamHttpRequest,
    signal: AbortSignal,
    timeouts: SendTimeouts,
  ): Promise<UpstreamHttpResponse> {
    const { pool, prefix, query } = this.resolve(target);
    const response = await pool.request({
      method: "POST",
      path: `${prefix}${request.path}${query}`,
      headers: request.headers,
      body: request.body,
      signal,
      headersTimeout: timeouts.firstByteTimeoutMs,
      bodyTimeout: timeouts.bodyIdleTimeoutMs,
    });
    return { status: response.statusCode, headers: response.headers, body: response.body };
  }

  /** Sends and reads the whole answer (at most `limitBytes`): the non-streaming path. */
  sendBuffered(
    target: HttpTarget,
    request: UpstreamHttpRequest,
    cancel: Cancellation,
    timeouts: SendTimeouts,
    limitBytes: number,
  ): Promise<BufferedResponse> {
    const { pool, prefix, query } = this.resolve(target);
    return new Promise((resolve, reject) => {
      pool.dispatch(
        {
          method: "POST",
          path: `${prefix}${request.path}${query}`,
          headers: request.headers,
          body: request.body,
          headersTimeout: timeouts.firstByteTimeoutMs,
          bodyTimeout: timeouts.bodyIdleTimeoutMs,
        },
        new BufferingHandler(cancel, limitBytes, resolve, reject),
      );
    });
  }

  private resolve(target: HttpTarget): ResolvedTarget {
    let resolved = this.resolved.get(target);
    if (resolved === undefined) {
      const base = new URL(target.baseUrl);
      resolved = {
        pool: this.poolFor(base.origin, target.connectTimeoutMs),
        prefix: base.pathname.replace(/\/+$/, ""),
        query: target.query === undefined ? "" : `?${new URLSearchParams(target.query).toString()}`,
      };
      this.resolved.set(target, resolved);
    }
    return resolved;
  }

  private poolFor(origin: string, connectTimeoutMs: number): Pool {
    const key = `${origin}|${connectTimeoutMs}`;
    let pool = this.pools.get(key);
    if (pool === undefined) {
      pool = new Pool(origin, {
        connect: { timeout: connectTimeoutMs },
        keepAliveTimeout: 30_000,
        keepAliveMaxTimeout: 600_000,
      });
      this.pools.set(key, pool);
    }
    return pool;
  }

  async close(): Promise<void> {
    const pools = [...this.pools.values()];
    this.pools.clear();
    await Promise.allSettled(pools.map((p) => p.destroy()));
  }
}

/** Reads a whole body stream as text (error bodies, in-process transports), bounded in size. */
export async function readBodyText(body: AsyncIterable<Uint8Array | string>, limitBytes: number) {
  const decoder = new TextDecoder();
  let text = "";
  let bytes = 0;
  for await (const chunk of body) {
    if (typeof chunk === "string") {
      text += chunk;
      bytes += chunk.length;
    } else {
      text += decoder.decode(chunk, { stream: true });
      bytes += chunk.byteLength;
    }
    if (bytes > limitBytes) throw new Error(`upstream body larger than ${limitBytes} bytes`);
  }
  return text + decoder.decode();
}
