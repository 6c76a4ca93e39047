/**
 * The gateway runs from its own package's production dependencies only (the image bundles them), and
 * the openai SDK, whose types it uses, is never loaded at runtime (type-only imports).
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { packagesLoadedBy } from "./helpers/loaded-packages";

interface Manifest {
  readonly dependencies?: Record<string, string>;
  readonly devDependencies?: Record<string, string>;
}
const readManifest = (path: string) => JSON.parse(readFileSync(join(__dirname, path), "utf8")) as Manifest;
const root = readManifest("../../package.json");
const gateway = readManifest("../../services/gateway/package.json");

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
    // The root lists fastify and undici as devDependencies for the benches; the gateway package must
    // list everything it loads as its own runtime dependency.
    const devOnly = (p: string) =>
      (p in (root.devDependencies ?? {}) || p in (gateway.devDependencies ?? {})) &&
      !(p in (gateway.dependencies ?? {}));
    expect(loaded.filter(devOnly)).toEqual([]);
    expect(loaded).not.toContain("openai");
    // responses are serialized by http/response-serializer.ts, requests validated by zod: no ajv at all
    expect(loaded.filter((p) => p.includes("ajv"))).toEqual([]);
  }, 60_000);
});
