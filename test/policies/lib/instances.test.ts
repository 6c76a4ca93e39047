import { describe, expect, it } from "vitest";
import { matchesPattern, sizeOf, sizeRank } from "../../../policies/lib/instances";

describe("instance type helpers", () => {
  it("orders sizes", () => {
    expect(sizeRank("large")).toBeLessThan(sizeRank("xlarge") ?? 0);
    expect(sizeRank("xlarge")).toBeLessThan(sizeRank("2xlarge") ?? 0);
    expect(sizeRank("48xlarge")).toBeLessThan(sizeRank("metal") ?? 0);
    expect(sizeRank("huge")).toBeUndefined();
    expect(sizeOf("m6i.2xlarge")).toBe("2xlarge");
  });

  it("matches wildcard patterns literally otherwise", () => {
    expect(matchesPattern("t3.micro", "t3.*")).toBe(true);
    expect(matchesPattern("t3a.micro", "t3.*")).toBe(false);
    expect(matchesPattern("m6i.large", "*.large")).toBe(true);
    expect(matchesPattern("m6ixlarge", "m6i.large")).toBe(false);
  });
});
