/**
 * `server.redisFailureMode` reaches behaviour: with `server.redisUrl` pointing at a closed port, a
 * limited key gets 503 governance_unavailable (closed, the default) or is served unmetered (open).
 */
import { createServer } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { parseConfig } from "../../services/gateway/src/config/load";
import { completion, type FakeUpstream, startFakeUpstream } from "./helpers/fake-upstream";
import { configFor, startGateway, TEST_KEY, type TestGateway } from "./helpers/gateway";

const open: Array<{ close(): Promise<void> }> = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((s) => s.close()));
});

/** A loopback port with nothing listening on it. */
async function closedPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => resolve(typeof address === "object" && address !== null ? address.port : 0));
    });
  });
}

async function gatewayWithDeadRedis(
  server: Record<string, unknown>,
): Promise<{ gw: TestGateway; upstream: FakeUpstream; config: Record<string, unknown> }> {
  const upstream = await startFakeUpstream(completion());
  const redisUrl = `redis://127.0.0.1:${await closedPort()}`;
  const config = configFor(
    [{ id: "up", url: upstream.url }],
    {},
    {
      keys: [{ id: "team-a", key: TEST_KEY, rpm: 100 }],
      server: { redisUrl, retryBaseDelayMs: 1, ...server },
    },
  );
  const gw = await startGateway(config);
  open.push(gw, upstream);
  return { gw, upstream, config };
}

const chat = (gw: TestGateway) =>
  fetch(`${gw.url}/v1/chat/completions`, {
    method: "POST",
    headers: { authorization: `Bearer ${TEST_KEY}`, "content-type": "application/json" },
    body: JSON.stringify({ model: "smart", max_tokens: 5, messages: [{ role: "user", content: "hi" }] }),
  });

describe("server.redisFailureMode with Redis unreachable", () => {
  it("closed (the default): 503 governance_unavailable with retry-after, upstream never called", async () => {
    const { gw, upstream } = await gatewayWithDeadRedis({});
    const res = await chat(gw);
    expect(res.status).toBe(503);
    expect(res.headers.get("retry-after")).toBe("1");
    const body = (await res.json()) as { error: { code: string; message: string } };
    expect(body.error.code).toBe("governance_unavailable");
    expect(body.error.message).not.toContain("redis://");
    expect(upstream.calls).toHaveLength(0);
  });

  it("open: the request is served, unmetered", async () => {
    const { gw, upstream } = await gatewayWithDeadRedis({ redisFailureMode: "open" });
    const res = await chat(gw);
    expect(res.status).toBe(200);
    expect(((await res.json()) as { object: string }).object).toBe("chat.completion");
    expect(upstream.calls).toHaveLength(1);
  });

  it("a reload that changes it logs that it only applies after a restart", async () => {
    const { gw, config } = await gatewayWithDeadRedis({});
    const server = { ...(config.server as Record<string, unknown>), redisFailureMode: "open" };
    gw.app.gateway.reload(parseConfig({ ...config, server }, { env: {} }));
    const warning = gw.logs
      .map((line) => JSON.parse(line) as { msg?: string; field?: string })
      .find((line) => line.field === "server.redisFailureMode");
    expect(warning?.msg).toBe("this setting changed but only applies after a restart");
  });
});
