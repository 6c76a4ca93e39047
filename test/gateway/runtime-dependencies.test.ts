/**
 * The gateway runs from its own package's production dependencies only (the image bundles them), and
 * the openai SDK, whose types it uses, is never loaded at runtime (type-only imports).
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { packagesLoadedBy } from "./helpers/loaded-packages";

const manifest = JSON.parse(readFileSync(join(__dirname, "../../services/gateway/package.json"), "utf8")) as {
  devDependencies: Record<string, string>;
};

describe("the gateway's runtime packages", () => {
  it("include no devDependency and not the openai SDK", async () => {
    const loaded = await packagesLoadedBy({
      providers: [{ id: "m", kind: "mock" }],
      models: [{ name: "mock-chat", routes: [{ provider: "m", model: "mock-echo-1" }] }],
      keys: [{ id: "k", key: "sk-runtime-deps-test" }],
      server: { cors: ["https://app.example"] },
    });
    expect(loaded).toContain("fastify");
    expect(loaded).toContain("@fastify/cors");
    expect(loaded.filter((p) => p in manifest.devDependencies)).toEqual([]);
    expect(loaded).not.toContain("openai");
    // responses are serialized by http/response-serializer.ts, requests validated by zod: no ajv at all
    expect(loaded.filter((p) => p.includes("ajv"))).toEqual([]);
  }, 60_000);
});
