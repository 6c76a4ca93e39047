/**
 * A configured provider ready to send: its adapter, its settings and one transport (an undici pool for
 * HTTP kinds, the adapter's in-process transport otherwise). It also knows its own secrets, so anything
 * it reports can be scrubbed of them.
 */
import type { ProviderConfig } from "../config/schema";
import { getAdapter } from "../providers";
import type {
  ProviderAdapter,
  ProviderSettings,
  UpstreamHttpRequest,
  UpstreamHttpResponse,
} from "../providers/types";
import type { BufferedResponse } from "../upstream/buffered-request";
import { type PoolRegistry, readBodyText, type SendTimeouts } from "../upstream/pools";
import type { Cancellation } from "./cancellation";

export interface ProviderRuntime {
  readonly config: ProviderConfig;
  readonly adapter: ProviderAdapter;
  readonly settings: ProviderSettings;
  send(
    request: UpstreamHttpRequest,
    signal: AbortSignal,
    timeouts: SendTimeouts,
  ): Promise<UpstreamHttpResponse>;
  /** Sends and reads the whole answer, at most `limitBytes` of body (non-streaming requests). */
  sendBuffered(
    request: UpstreamHttpRequest,
    cancel: Cancellation,
    timeouts: SendTimeouts,
    limitBytes: number,
  ): Promise<BufferedResponse>;
  /** Removes this provider's key and header values from a text before it is logged or returned. */
  scrub(text: string): string;
}

export function createProviderRuntime(config: ProviderConfig, pools: PoolRegistry): ProviderRuntime {
  const adapter = getAdapter(config.kind);
  if (adapter === undefined) throw new Error(`unknown provider kind '${config.kind}'`); // prevented by config checks
  const settings: ProviderSettings = {
    id: config.id,
    kind: config.kind,
    baseUrl: config.baseUrl ?? `${config.kind}://${config.id}`,
    apiKey: config.apiKey,
    headers: config.headers,
    options: config.options,
  };
  const secrets = [config.apiKey, ...Object.values(config.headers ?? {})].filter(
    (s): s is string => s !== undefined && s.length >= 6,
  );
  const inProcess = adapter.createTransport?.(settings);
  const target = {
    baseUrl: settings.baseUrl,
    query: config.query,
    connectTimeoutMs: config.connectTimeoutMs,
  };
  return {
    config,
    adapter,
    settings,
    send: (request, signal, timeouts) =>
      inProcess === undefined
        ? pools.send(target, request, signal, timeouts)
        : inProcess.send(request, signal),
    sendBuffered: (request, cancel, timeouts, limitBytes) =>
      inProcess === undefined
        ? pools.sendBuffered(target, request, cancel, timeouts, limitBytes)
        : readInProcess(inProcess.send(request, cancel.signal), limitBytes),
    scrub: (text) => secrets.reduce((out, secret) => out.split(secret).join("[redacted]"), text),
  };
}

async function readInProcess(
  answer: Promise<UpstreamHttpResponse>,
  limitBytes: number,
): Promise<BufferedResponse> {
  const { status, headers, body } = await answer;
  const text = await readBodyText(body, limitBytes);
  return { status, headers, text, bytes: Buffer.byteLength(text) };
}
