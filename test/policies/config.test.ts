import * as fs from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { resolveConfig } from "../../policies/lib/config";
import { catalog } from "../../policies/policies";
import { analyzeResources } from "../../src/plan/analyze";
import { PACK_DIR } from "./harness";

const LEVELS = ["advisory", "mandatory", "remediate", "disabled"];

describe.each(["dev", "prod"])("policies/config/%s.json", (name) => {
  const config = JSON.parse(fs.readFileSync(path.join(PACK_DIR, "config", `${name}.json`), "utf8")) as Record<
    string,
    unknown
  >;

  it("names only policies of the pack and valid levels and properties", () => {
    for (const [policyName, value] of Object.entries(config)) {
      if (typeof value === "string") {
        expect(LEVELS).toContain(value);
        continue;
      }
      const entry = catalog.find((e) => e.policy.name === policyName);
      expect(entry, `unknown policy ${policyName}`).toBeDefined();
      const { enforcementLevel, ...properties } = value as Record<string, unknown>;
      if (enforcementLevel !== undefined) expect(LEVELS).toContain(enforcementLevel);
      const schema = entry?.policy.configSchema ?? { properties: {} };
      expect(() => resolveConfig(policyName, schema, properties)).not.toThrow();
    }
  });
});

describe("policy config validation", () => {
  const spotShare = catalog.find((e) => e.policy.name === "cost-spot-share")?.policy.configSchema;

  it("applies schema defaults under the given values", () => {
    expect(spotShare).toBeDefined();
    if (!spotShare) return;
    expect(resolveConfig("cost-spot-share", spotShare, {})).toEqual({
      minSpotPercentOutsideProd: 50,
      environmentTag: "environment",
    });
    expect(
      resolveConfig("cost-spot-share", spotShare, {
        minSpotPercentOutsideProd: 80,
        enforcementLevel: "advisory",
      }),
    ).toEqual({
      minSpotPercentOutsideProd: 80,
      environmentTag: "environment",
    });
  });

  it("names the field, the value and what is allowed", () => {
    if (!spotShare) throw new Error("cost-spot-share has no config schema");
    expect(() => resolveConfig("cost-spot-share", spotShare, { minSpotPercentOutsideProd: 150 })).toThrow(
      'invalid config for policy "cost-spot-share": field "minSpotPercentOutsideProd" must be <= 100, got 150',
    );
    expect(() => resolveConfig("cost-spot-share", spotShare, { environment: "qa" })).toThrow(
      'invalid config for policy "cost-spot-share": field "environment" must be equal to one of the allowed values, got "qa"',
    );
  });

  it("fails `openclaw plan` on an unknown key or a wrong type, naming the field", async () => {
    await expect(
      analyzeResources([], { packDir: PACK_DIR, policyConfig: { "cost-spot-share": { minSpotPercnt: 80 } } }),
    ).rejects.toThrow(/cost-spot-share\.minSpotPercnt/);
    await expect(
      analyzeResources([], {
        packDir: PACK_DIR,
        policyConfig: { "cost-spot-share": { minSpotPercentOutsideProd: "eighty" } },
      }),
    ).rejects.toThrow(/minSpotPercentOutsideProd/);
  });
});
