import { afterEach, describe, expect, it, vi } from "vitest";
import { createGovernance, type KeyLimits } from "../../../services/gateway/src/governance";
import { type GovernanceFixture, governanceContract, refusal } from "./contract";

function makeMemoryGovernance(): GovernanceFixture {
  let now = new Date("2026-11-15T12:00:00Z");
  return {
    governance: createGovernance({ now: () => now }),
    setNow: (at) => {
      now = at;
    },
  };
}

describe("governance, in memory", () => {
  governanceContract(makeMemoryGovernance);
});

// rate-limiter-flexible's in-memory windows run on Date.now and setTimeout: fake timers move them.
describe("governance windows, in memory, on a fake clock", () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it("opens a fresh RPM window 60 s after the first request, and retry-after says so", async () => {
    vi.useFakeTimers({ toFake: ["Date", "setTimeout", "clearTimeout"] });
    const governance = createGovernance();
    const key: KeyLimits = { id: "team-w", rpm: 1 };
    await governance.admit(key, { tokens: 1, costUsd: 0 });
    vi.advanceTimersByTime(15_000);
    expect((await refusal(governance.admit(key, { tokens: 1, costUsd: 0 }))).retryAfterSeconds).toBe(45);
    vi.advanceTimersByTime(45_001);
    await expect(governance.admit(key, { tokens: 1, costUsd: 0 })).resolves.toBeDefined();
  });

  it("does not refund unused tokens into a window the request was never charged in", async () => {
    vi.useFakeTimers({ toFake: ["Date", "setTimeout", "clearTimeout"] });
    const governance = createGovernance();
    const key: KeyLimits = { id: "team-late", tpm: 100 };
    const slow = await governance.admit(key, { tokens: 80, costUsd: 0 });
    vi.advanceTimersByTime(61_000);
    await governance.admit(key, { tokens: 90, costUsd: 0 });
    await slow.settle({ tokens: 0, costUsd: 0 });
    // Had the 80 been refunded into this window, 20 more would fit.
    expect((await refusal(governance.admit(key, { tokens: 20, costUsd: 0 }))).code).toBe(
      "rate_limit_exceeded",
    );
  });
});
