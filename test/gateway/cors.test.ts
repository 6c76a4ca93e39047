/** CORS is off by default; `server.cors` opts listed origins in (preflight included). */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseConfig } from "../../services/gateway/src/config/load";
import { type FakeUpstream, startFakeUpstream } from "./helpers/fake-upstream";
import { configFor, startGateway, type TestGateway } from "./helpers/gateway";

let upstream: FakeUpstream;
let off: TestGateway;
let on: TestGateway;

beforeAll(async () => {
  upstream = await startFakeUpstream();
  off = await startGateway(configFor([{ id: "up", url: upstream.url }]));
  on = await startGateway(
    configFor([{ id: "up", url: upstream.url }], {}, { server: { cors: ["https://app.example"] } }),
  );
});
afterAll(async () => {
  await Promise.all([off.close(), on.close()]);
  await upstream.close();
});

const preflight = (gw: TestGateway, origin: string) =>
  gw.app.inject({
    method: "OPTIONS",
    url: "/v1/chat/completions",
    headers: { origin, "access-control-request-method": "POST" },
  });

describe("CORS", () => {
  it("is off by default: no allow-origin header, preflight not answered", async () => {
    const res = await preflight(off, "https://app.example");
    expect(res.headers["access-control-allow-origin"]).toBeUndefined();
    expect(res.statusCode).toBe(404);
  });

  it("answers preflight and tags responses for a listed origin only", async () => {
    const ok = await preflight(on, "https://app.example");
    expect(ok.statusCode).toBe(204);
    expect(ok.headers["access-control-allow-origin"]).toBe("https://app.example");
    expect(ok.headers["access-control-allow-headers"]).toBe("authorization, content-type, x-request-id");
    expect(ok.headers["access-control-allow-methods"]).toBe("GET, POST, OPTIONS");
    expect(ok.headers["access-control-max-age"]).toBe("600");
    const other = await preflight(on, "https://evil.example");
    expect(other.headers["access-control-allow-origin"]).toBeUndefined();
    const get = await on.app.inject({
      method: "GET",
      url: "/healthz",
      headers: { origin: "https://app.example" },
    });
    expect(get.headers["access-control-allow-origin"]).toBe("https://app.example");
    expect(get.headers["access-control-expose-headers"]).toBe(
      "x-request-id, x-openclaw-provider, x-openclaw-attempts, x-openclaw-cost-usd, x-openclaw-cache",
    );
    expect(get.headers.vary).toBe("Origin");
  });

  it("answers an OPTIONS for a route from an unlisted origin with the OpenAI-shaped 404", async () => {
    const res = await preflight(on, "https://evil.example");
    expect(res.statusCode).toBe(404);
    expect(res.json()).toEqual({
      error: {
        message: "Unknown route: OPTIONS /v1/chat/completions",
        type: "invalid_request_error",
        param: null,
        code: "not_found",
      },
    });
  });

  it("follows a config reload: origins listed later are served at once", async () => {
    const gw = await startGateway(configFor([{ id: "up", url: upstream.url }]));
    try {
      expect((await preflight(gw, "https://late.example")).statusCode).toBe(404);
      gw.app.gateway.reload(
        parseConfig(
          configFor([{ id: "up", url: upstream.url }], {}, { server: { cors: ["https://late.example"] } }),
          {
            env: {},
          },
        ),
      );
      const ok = await preflight(gw, "https://late.example");
      expect(ok.statusCode).toBe(204);
      expect(ok.headers["access-control-allow-origin"]).toBe("https://late.example");
    } finally {
      await gw.close();
    }
  });
});
