import { describe, expect, it } from "vitest";
import { lastTransitionDay, planTransitions } from "../../infra/lifecycle-tiers";

describe("planTransitions", () => {
  it("defaults to Standard-IA at 30, Glacier IR at 90, Deep Archive at 180 days", () => {
    const { transitions, issues } = planTransitions({});
    expect(issues).toEqual([]);
    expect(transitions).toEqual([
      { storageClass: "STANDARD_IA", days: 30 },
      { storageClass: "GLACIER_IR", days: 90 },
      { storageClass: "DEEP_ARCHIVE", days: 180 },
    ]);
    expect(lastTransitionDay(transitions)).toBe(180);
  });

  it("skips tiers set to null and measures the next tier from the previous one kept", () => {
    const { transitions, issues } = planTransitions({
      standardIaAfterDays: null,
      glacierInstantRetrievalAfterDays: 10,
      deepArchiveAfterDays: 100,
    });
    expect(issues).toEqual([]);
    expect(transitions).toEqual([
      { storageClass: "GLACIER_IR", days: 10 },
      { storageClass: "DEEP_ARCHIVE", days: 100 },
    ]);
  });

  it("has no transitions when every tier is skipped", () => {
    const planned = planTransitions({
      standardIaAfterDays: null,
      glacierInstantRetrievalAfterDays: null,
      deepArchiveAfterDays: null,
    });
    expect(planned).toEqual({ transitions: [], issues: [] });
    expect(lastTransitionDay(planned.transitions)).toBe(0);
  });

  it("rejects Standard-IA before S3's 30-day minimum", () => {
    expect(planTransitions({ standardIaAfterDays: 10 }).issues.map((i) => i.reason)).toEqual([
      "lifecycle.standardIaAfterDays must be a whole number of days >= 30; got 10",
    ]);
  });

  it("rejects tiers that do not increase with each tier's minimum stay", () => {
    expect(
      planTransitions({ standardIaAfterDays: 30, glacierInstantRetrievalAfterDays: 45 }).issues.map(
        (i) => i.reason,
      ),
    ).toEqual([
      "lifecycle.glacierInstantRetrievalAfterDays must be at least 30 days after standardIaAfterDays (30); got 45",
    ]);
    expect(planTransitions({ deepArchiveAfterDays: 120 }).issues[0]).toEqual({
      propertyPath: "lifecycle.deepArchiveAfterDays",
      reason:
        "lifecycle.deepArchiveAfterDays must be at least 90 days after glacierInstantRetrievalAfterDays (90); got 120",
    });
  });

  it("rejects fractional days", () => {
    expect(planTransitions({ glacierInstantRetrievalAfterDays: 90.5 }).issues[0]?.propertyPath).toBe(
      "lifecycle.glacierInstantRetrievalAfterDays",
    );
  });
});
