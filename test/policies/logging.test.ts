import { describe, expect, it } from "vitest";
import { badLogging, goodLogging } from "../fixtures/policy-programs/logging";
import { familyPolicies, findings, judge } from "./harness";

const LOGGING = familyPolicies("logging");

describe("logging policies through the analyzer", () => {
  it("holds log-group-kms, and passes a log group encrypted with a customer-managed key", async () => {
    expect(LOGGING).toEqual(["log-group-kms"]);
    const good = await judge(goodLogging);
    expect(findings(good.violations, LOGGING)).toEqual([]);
  });

  it("reports an unencrypted log group, as advisory", async () => {
    const bad = await judge(badLogging);
    expect(findings(bad.violations, LOGGING)).toEqual([
      "log-group-kms → forever: kmsKeyId is unset; set it to a customer-managed KMS key ARN.",
    ]);
    expect(bad.violations.find((v) => v.policy === "log-group-kms")?.enforcementLevel).toBe("advisory");
  });
});
