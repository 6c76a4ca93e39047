import { createRequire } from "node:module";
import { describe, expect, it } from "vitest";
import { withLeanPromiseTracking } from "../../src/plan/sdk-speedups";

const debuggable = createRequire(__filename)("@pulumi/pulumi/runtime/debuggable") as {
  debuggablePromise: (p: Promise<unknown>, ctx: unknown) => Promise<unknown>;
};

describe("withLeanPromiseTracking", () => {
  it("passes promises through untouched while running and restores the SDK's function after", async () => {
    const original = debuggable.debuggablePromise;
    const p = Promise.resolve(1);
    const seen = await withLeanPromiseTracking(async () => debuggable.debuggablePromise(p, "ctx"));
    expect(seen).toBe(1);
    const inside = await withLeanPromiseTracking(async () => debuggable.debuggablePromise(p, "ctx") === p);
    expect(inside).toBe(true);
    expect(debuggable.debuggablePromise).toBe(original);
  });

  it("restores the SDK's function when the run fails", async () => {
    const original = debuggable.debuggablePromise;
    await expect(
      withLeanPromiseTracking(async () => {
        throw new Error("program failed");
      }),
    ).rejects.toThrow("program failed");
    expect(debuggable.debuggablePromise).toBe(original);
  });
});
