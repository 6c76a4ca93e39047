import { describe, expect, it } from "vitest";
import { asgTagBlocks, buildRequiredTags, REQUIRED_TAG_KEYS } from "../../infra/tags";

const inputs = { owner: "team-a", costCenter: "cc-42", environment: "dev", service: "gw" } as const;

describe("buildRequiredTags", () => {
  it("builds every required key from config", () => {
    const tags = buildRequiredTags(inputs);
    expect(Object.keys(tags).sort()).toEqual([...REQUIRED_TAG_KEYS].sort());
    expect(tags).toEqual({
      owner: "team-a",
      "cost-center": "cc-42",
      environment: "dev",
      service: "gw",
      "managed-by": "pulumi",
    });
  });

  it("keeps extra tags but never lets them override a required one", () => {
    const tags = buildRequiredTags(inputs, { team: "x", environment: "prod" });
    expect(tags.team).toBe("x");
    expect(tags.environment).toBe("dev");
  });
});

describe("asgTagBlocks", () => {
  it("turns tags into propagate-at-launch blocks in key order", () => {
    expect(asgTagBlocks({ b: "2", a: "1" })).toEqual([
      { key: "a", value: "1", propagateAtLaunch: true },
      { key: "b", value: "2", propagateAtLaunch: true },
    ]);
  });
});
