import { expect, it } from "vitest";
import { GatewayError } from "../../../services/gateway/src/errors";
import type { Admission, Governance, KeyLimits } from "../../../services/gateway/src/governance";

/** A governance under test, with a clock the test can move. */
export interface GovernanceFixture {
  readonly governance: Governance;
  setNow(at: Date): void;
}

/** Makes a fresh governance whose state no other test shares (its own key prefix, in Redis). */
export type MakeGovernance = () => GovernanceFixture;

/** Catches the refusal of `admit` and returns it as a GatewayError (failing the test if it was not one). */
export async function refusal(promise: Promise<Admission>): Promise<GatewayError> {
  const err = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err, "expected admit to refuse").toBeInstanceOf(GatewayError);
  return err as GatewayError;
}

const NOV_30_LAST_SECOND = new Date("2026-11-30T23:59:59.999Z");
const DEC_1_MIDNIGHT = new Date("2026-12-01T00:00:00.000Z");

/**
 * The behaviour every Governance backend must show. Registered once per backend (memory, Redis) so the
 * two cannot drift apart.
 */
export function governanceContract(make: MakeGovernance): void {
  it("admits rpm requests a minute, then refuses with 429 rate_limit_exceeded and a retry-after >= 1 s", async () => {
    const { governance } = make();
    const key: KeyLimits = { id: "team-a", rpm: 3 };
    for (let i = 0; i < 3; i++) await governance.admit(key, { tokens: 1, costUsd: 0 });
    const err = await refusal(governance.admit(key, { tokens: 1, costUsd: 0 }));
    expect(err.status).toBe(429);
    expect(err.code).toBe("rate_limit_exceeded");
    expect(err.message).toContain("team-a");
    expect(err.message).toContain("3 requests per minute");
    expect(err.retryAfterSeconds).toBeGreaterThanOrEqual(1);
    expect(err.retryAfterSeconds).toBeLessThanOrEqual(60);
  });

  it("keeps each key's RPM window separate", async () => {
    const { governance } = make();
    await governance.admit({ id: "one", rpm: 1 }, { tokens: 1, costUsd: 0 });
    await expect(governance.admit({ id: "two", rpm: 1 }, { tokens: 1, costUsd: 0 })).resolves.toBeDefined();
    await refusal(governance.admit({ id: "one", rpm: 1 }, { tokens: 1, costUsd: 0 }));
  });

  it("counts TPM by estimated tokens, and a refused request uses none of the window", async () => {
    const { governance } = make();
    const key: KeyLimits = { id: "team-t", tpm: 100 };
    await governance.admit(key, { tokens: 60, costUsd: 0 });
    const err = await refusal(governance.admit(key, { tokens: 50, costUsd: 0 }));
    expect(err.code).toBe("rate_limit_exceeded");
    expect(err.message).toContain("100 tokens per minute");
    expect(err.retryAfterSeconds).toBeGreaterThanOrEqual(1);
    // 60 + 40 = 100 fits only if the refused 50 were given back.
    await governance.admit(key, { tokens: 40, costUsd: 0 });
    await refusal(governance.admit(key, { tokens: 1, costUsd: 0 }));
  });

  it("refuses a request larger than the whole TPM limit, naming both numbers", async () => {
    const { governance } = make();
    const err = await refusal(governance.admit({ id: "big", tpm: 100 }, { tokens: 101, costUsd: 0 }));
    expect(err.status).toBe(429);
    expect(err.message).toContain("101 tokens");
    expect(err.message).toContain("100 tokens per minute");
  });

  it("settle refunds unused estimated tokens to the TPM window", async () => {
    const { governance } = make();
    const key: KeyLimits = { id: "team-r", tpm: 100 };
    const admission = await governance.admit(key, { tokens: 80, costUsd: 0 });
    await refusal(governance.admit(key, { tokens: 80, costUsd: 0 }));
    await admission.settle({ tokens: 10, costUsd: 0 });
    await governance.admit(key, { tokens: 80, costUsd: 0 });
    await refusal(governance.admit(key, { tokens: 20, costUsd: 0 }));
  });

  it("settle charges tokens used beyond the estimate to the TPM window", async () => {
    const { governance } = make();
    const key: KeyLimits = { id: "team-p", tpm: 100 };
    const admission = await governance.admit(key, { tokens: 10, costUsd: 0 });
    await admission.settle({ tokens: 95, costUsd: 0 });
    const err = await refusal(governance.admit(key, { tokens: 10, costUsd: 0 }));
    expect(err.code).toBe("rate_limit_exceeded");
  });

  it("reserves the estimate and refuses with 429 insufficient_quota once settled + reserved would exceed the budget", async () => {
    const { governance } = make();
    const key: KeyLimits = { id: "team-b", budgetUsd: 1 };
    await governance.admit(key, { tokens: 1, costUsd: 0.6 });
    expect(await governance.spentUsd("team-b")).toBeCloseTo(0.6, 9);
    const err = await refusal(governance.admit(key, { tokens: 1, costUsd: 0.5 }));
    expect(err.status).toBe(429);
    expect(err.code).toBe("insufficient_quota");
    expect(err.message).toContain("'team-b'");
    expect(err.message).toContain("$1.00");
    expect(err.message).toContain("2026-11");
    // The refused request reserved nothing: 0.6 + 0.4 fits exactly.
    await governance.admit(key, { tokens: 1, costUsd: 0.4 });
    expect(await governance.spentUsd("team-b")).toBeCloseTo(1, 9);
  });

  it("refuses even a free request once the budget is spent", async () => {
    const { governance } = make();
    const key: KeyLimits = { id: "team-z", budgetUsd: 0.5 };
    const admission = await governance.admit(key, { tokens: 1, costUsd: 0.1 });
    await admission.settle({ tokens: 1, costUsd: 0.5 });
    const err = await refusal(governance.admit(key, { tokens: 0, costUsd: 0 }));
    expect(err.code).toBe("insufficient_quota");
  });

  it("settle replaces the reservation by the actual cost: a refund that readmits, or an extra charge", async () => {
    const { governance } = make();
    const key: KeyLimits = { id: "team-s", budgetUsd: 1 };
    const first = await governance.admit(key, { tokens: 1, costUsd: 0.6 });
    await refusal(governance.admit(key, { tokens: 1, costUsd: 0.6 }));
    await first.settle({ tokens: 1, costUsd: 0.2 });
    expect(await governance.spentUsd("team-s")).toBeCloseTo(0.2, 9);
    const second = await governance.admit(key, { tokens: 1, costUsd: 0.6 });
    await second.settle({ tokens: 1, costUsd: 0.7 });
    expect(await governance.spentUsd("team-s")).toBeCloseTo(0.9, 9);
  });

  it("settles exactly once, however often and however concurrently settle is called", async () => {
    const { governance } = make();
    const key: KeyLimits = { id: "team-i", budgetUsd: 10, tpm: 100 };
    const admission = await governance.admit(key, { tokens: 50, costUsd: 1 });
    await Promise.all([
      admission.settle({ tokens: 5, costUsd: 0.25 }),
      admission.settle({ tokens: 5, costUsd: 0.25 }),
    ]);
    await admission.settle({ tokens: 90, costUsd: 3 });
    expect(await governance.spentUsd("team-i")).toBeCloseTo(0.25, 9);
    // TPM got one refund of 45: 5 used, so 95 more fit.
    await governance.admit(key, { tokens: 95, costUsd: 0 });
  });

  it("keeps sums exact in micro-dollars over many small charges", async () => {
    const { governance } = make();
    const key: KeyLimits = { id: "team-m", budgetUsd: 100 };
    for (let i = 0; i < 100; i++) {
      const admission = await governance.admit(key, { tokens: 1, costUsd: 0.01 });
      await admission.settle({ tokens: 1, costUsd: 0.1 });
    }
    expect(await governance.spentUsd("team-m")).toBe(10);
  });

  it("a request refused by one limit consumes none of the others", async () => {
    const { governance } = make();
    const key: KeyLimits = { id: "team-x", rpm: 2, tpm: 1000, budgetUsd: 1 };
    await governance.admit(key, { tokens: 400, costUsd: 0.6 });
    const err = await refusal(governance.admit(key, { tokens: 400, costUsd: 0.6 }));
    expect(err.code).toBe("insufficient_quota");
    // The refused request took neither an RPM slot nor 400 TPM tokens: both fit here.
    await governance.admit(key, { tokens: 600, costUsd: 0.1 });
    expect((await refusal(governance.admit(key, { tokens: 1, costUsd: 0 }))).code).toBe(
      "rate_limit_exceeded",
    );
  });

  it("starts a fresh budget at the UTC month boundary; a late settle counts in the month it was admitted", async () => {
    const fixture = make();
    const { governance } = fixture;
    const key: KeyLimits = { id: "team-month", budgetUsd: 1 };
    fixture.setNow(NOV_30_LAST_SECOND);
    const late = await governance.admit(key, { tokens: 1, costUsd: 1 });
    expect((await refusal(governance.admit(key, { tokens: 1, costUsd: 0.01 }))).message).toContain("2026-11");
    fixture.setNow(DEC_1_MIDNIGHT);
    expect(await governance.spentUsd("team-month")).toBe(0);
    await governance.admit(key, { tokens: 1, costUsd: 0.3 });
    await late.settle({ tokens: 1, costUsd: 0.9 });
    expect(await governance.spentUsd("team-month")).toBeCloseTo(0.3, 9);
  });

  it("never lets 50 parallel admissions overspend: spent <= budget + what in-flight requests underestimated", async () => {
    const { governance } = make();
    const key: KeyLimits = { id: "team-c", budgetUsd: 1 };
    const estimate = { tokens: 10, costUsd: 0.03 };
    const results = await Promise.allSettled(
      Array.from({ length: 50 }, () => governance.admit(key, estimate)),
    );
    const admitted = results.flatMap((r) => (r.status === "fulfilled" ? [r.value] : []));
    const refused = results.flatMap((r) => (r.status === "rejected" ? [r.reason as GatewayError] : []));
    expect(admitted).toHaveLength(33); // floor(1 / 0.03)
    expect(refused.every((e) => e.code === "insufficient_quota")).toBe(true);
    expect(await governance.spentUsd("team-c")).toBeLessThanOrEqual(1);
    // Every admitted request turns out to cost twice its estimate: the overrun is bounded by the
    // underestimates of the requests that were in flight, never more.
    await Promise.all(admitted.map((a) => a.settle({ tokens: 10, costUsd: 0.06 })));
    const spent = await governance.spentUsd("team-c");
    expect(spent).toBeLessThanOrEqual(1 + admitted.length * 0.03 + 1e-9);
    expect(spent).toBeCloseTo(admitted.length * 0.06, 9);
    expect((await refusal(governance.admit(key, { tokens: 1, costUsd: 0 }))).code).toBe("insufficient_quota");
  });

  it("admits keys with no limits without counting anything", async () => {
    const { governance } = make();
    const admission = await governance.admit({ id: "free" }, { tokens: 1_000_000, costUsd: 1000 });
    await admission.settle({ tokens: 1, costUsd: 1 });
    expect(await governance.spentUsd("free")).toBe(0);
  });

  it("rejects malformed usage figures with the field and value", async () => {
    const { governance } = make();
    await expect(governance.admit({ id: "k" }, { tokens: Number.NaN, costUsd: 0 })).rejects.toThrow(
      "estimate.tokens must be a finite number >= 0, got NaN",
    );
    const admission = await governance.admit({ id: "k" }, { tokens: 1, costUsd: 0 });
    await expect(admission.settle({ tokens: 1, costUsd: -1 })).rejects.toThrow(
      "actual.costUsd must be a finite number >= 0, got -1",
    );
  });
}
