/**
 * services/gateway/build.js: `gatewayEntry()` is what `openclaw gateway` runs; it must never hand over a
 * bundle older than the sources (a developer's edit would silently not run).
 */
import { readFileSync, statSync, utimesSync } from "node:fs";
import { createRequire } from "node:module";
import { describe, expect, it } from "vitest";

const { gatewayEntry, OUT } = createRequire(__filename)("../../services/gateway/build.js") as {
  gatewayEntry(): string;
  OUT: string;
};

describe("gatewayEntry", () => {
  it("rebuilds a bundle older than its sources, and leaves a fresh one alone", () => {
    expect(gatewayEntry()).toBe(OUT);
    const fresh = statSync(OUT).mtimeMs;
    expect(gatewayEntry()).toBe(OUT);
    expect(statSync(OUT).mtimeMs).toBe(fresh);

    const longAgo = new Date("2020-01-01T00:00:00Z");
    utimesSync(OUT, longAgo, longAgo);
    expect(gatewayEntry()).toBe(OUT);
    expect(statSync(OUT).mtimeMs).toBeGreaterThan(longAgo.getTime());
    // A complete bundle: the process entry's exports are there.
    expect(readFileSync(OUT, "utf8")).toContain("runGatewayCli");
  });
});
