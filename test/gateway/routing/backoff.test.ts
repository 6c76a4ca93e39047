import { describe, expect, it } from "vitest";
import { backoffDelayMs, parseRetryAfterMs } from "../../../services/gateway/src/routing/backoff";

describe("backoffDelayMs (full jitter)", () => {
  it("draws in [0, min(cap, base * 2^attempt))", () => {
    expect(backoffDelayMs(0, 100, 2000, () => 0.999)).toBe(99);
    expect(backoffDelayMs(3, 100, 2000, () => 0.5)).toBe(400);
    expect(backoffDelayMs(10, 100, 2000, () => 0.999)).toBe(1998);
    expect(backoffDelayMs(2, 100, 2000, () => 0)).toBe(0);
  });
});

describe("parseRetryAfterMs", () => {
  it("reads seconds and HTTP dates, and ignores nonsense", () => {
    expect(parseRetryAfterMs("2")).toBe(2000);
    expect(parseRetryAfterMs("0.5")).toBe(500);
    const now = Date.parse("2026-01-01T00:00:00Z");
    expect(parseRetryAfterMs("Thu, 01 Jan 2026 00:00:03 GMT", now)).toBe(3000);
    expect(parseRetryAfterMs("soon")).toBeUndefined();
    expect(parseRetryAfterMs(undefined)).toBeUndefined();
    expect(parseRetryAfterMs(["7"])).toBe(7000);
  });
});
