/** ioredis is loaded only by a gateway configured with `server.redisUrl` (it costs ~12 MB of RSS). */
import { createServer } from "node:net";
import { describe, expect, it } from "vitest";
import { configFor } from "../helpers/gateway";
import { packagesLoadedBy } from "../helpers/loaded-packages";

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

const upstream = [{ id: "up", url: "http://127.0.0.1:9" }];

describe("loading ioredis", () => {
  it("does not happen without server.redisUrl", async () => {
    const loaded = await packagesLoadedBy(configFor(upstream, { cache: { ttlSeconds: 60 } }));
    expect(loaded).toContain("fastify"); // the probe sees packages at all
    expect(loaded).not.toContain("ioredis");
  });

  it("happens with server.redisUrl (governance and cache connect to it)", async () => {
    const redisUrl = `redis://127.0.0.1:${await deadPort()}`;
    const loaded = await packagesLoadedBy(
      configFor(upstream, {}, { server: { redisUrl, logLevel: "silent" } }),
    );
    expect(loaded).toContain("ioredis");
  });
});
