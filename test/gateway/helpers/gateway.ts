/** Starts a gateway app on 127.0.0.1:0 from a config object, with its JSON log lines captured. */
import type { AddressInfo } from "node:net";
import type { FastifyInstance } from "fastify";
import OpenAI from "openai";
import { buildApp, type GatewayDeps } from "../../../services/gateway/src/app";
import { parseConfig } from "../../../services/gateway/src/config/load";

export interface TestGateway {
  readonly url: string;
  readonly app: FastifyInstance;
  /** Every log line written so far, raw. */
  readonly logs: string[];
  client(apiKey?: string): OpenAI;
  close(): Promise<void>;
}

export const TEST_KEY = "sk-test-client-key-0001";

export async function startGateway(
  config: Record<string, unknown>,
  deps: GatewayDeps = {},
): Promise<TestGateway> {
  const logs: string[] = [];
  const app = buildApp(parseConfig(config, { env: {} }), {
    logStream: { write: (line: string) => void logs.push(line) },
    ...deps,
  });
  await app.listen({ port: 0, host: "127.0.0.1" });
  const { port } = app.server.address() as AddressInfo;
  const url = `http://127.0.0.1:${port}`;
  return {
    url,
    app,
    logs,
    client: (apiKey = TEST_KEY) =>
      new OpenAI({ apiKey, baseURL: `${url}/v1`, maxRetries: 0, timeout: 20_000 }),
    close: () => app.close(),
  };
}

/** A minimal valid config: one openai-kind provider per upstream URL, one model routing over them. */
export function configFor(
  upstreams: ReadonlyArray<{ id: string; url: string; apiKey?: string; extra?: Record<string, unknown> }>,
  model: Record<string, unknown> = {},
  extra: Record<string, unknown> = {},
): Record<string, unknown> {
  return {
    providers: upstreams.map((u) => ({
      id: u.id,
      kind: "openai",
      baseUrl: u.url,
      apiKey: u.apiKey ?? `sk-upstream-${u.id}`,
      maxRetries: 0,
      timeoutMs: 5000,
      firstByteTimeoutMs: 5000,
      ...u.extra,
    })),
    models: [
      {
        name: "smart",
        routes: upstreams.map((u) => ({ provider: u.id, model: `${u.id}-model` })),
        ...model,
      },
    ],
    keys: [{ id: "team-a", key: TEST_KEY }],
    server: { retryBaseDelayMs: 1, retryMaxDelayMs: 2000, logLevel: "info" },
    ...extra,
  };
}
