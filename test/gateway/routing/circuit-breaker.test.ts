import { describe, expect, it } from "vitest";
import { CircuitBreaker } from "../../../services/gateway/src/routing/circuit-breaker";

function breaker() {
  let now = 0;
  const b = new CircuitBreaker({ failureThreshold: 3, cooldownMs: 1000, now: () => now });
  return { b, advance: (ms: number) => (now += ms) };
}

describe("CircuitBreaker", () => {
  it("opens after N consecutive failures, not after N scattered ones", () => {
    const { b } = breaker();
    b.onFailure();
    b.onFailure();
    b.onSuccess();
    b.onFailure();
    b.onFailure();
    expect(b.current()).toBe("closed");
    b.onFailure();
    expect(b.current()).toBe("open");
    expect(b.tryAcquire()).toBe(false);
  });

  it("lets exactly one probe through after the cooldown; success closes", () => {
    const { b, advance } = breaker();
    for (let i = 0; i < 3; i++) b.onFailure();
    advance(999);
    expect(b.tryAcquire()).toBe(false);
    advance(1);
    expect(b.current()).toBe("half-open");
    expect(b.tryAcquire()).toBe(true);
    expect(b.tryAcquire()).toBe(false); // second concurrent probe refused
    b.onSuccess();
    expect(b.current()).toBe("closed");
    expect(b.tryAcquire()).toBe(true);
  });

  it("a failed probe reopens for another cooldown; an abandoned one frees the probe slot", () => {
    const { b, advance } = breaker();
    for (let i = 0; i < 3; i++) b.onFailure();
    advance(1000);
    expect(b.tryAcquire()).toBe(true);
    b.onAbandon();
    expect(b.tryAcquire()).toBe(true);
    b.onFailure();
    expect(b.current()).toBe("open");
    advance(500);
    expect(b.tryAcquire()).toBe(false);
  });
});
