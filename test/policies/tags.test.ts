import { beforeAll, describe, expect, it } from "vitest";
import { REQUIRED_TAG_KEYS } from "../../infra/tags";
import { DEFAULT_REQUIRED_TAG_KEYS } from "../../policies/tags";
import { badTags, goodTags } from "../fixtures/policy-programs/tags";
import { familyPolicies, findings, flagged, type Judgement, judge } from "./harness";

const TAGS = familyPolicies("tags");

describe("tag policies through the analyzer", () => {
  let good: Judgement;
  let bad: Judgement;
  beforeAll(async () => {
    good = await judge(goodTags);
    bad = await judge(badTags);
  });

  it("keeps the pack's required keys in step with infra/tags.ts", () => {
    expect([...DEFAULT_REQUIRED_TAG_KEYS].sort()).toEqual([...REQUIRED_TAG_KEYS].sort());
  });

  it("passes resources tagged only through provider defaultTags (JSON-encoded on the wire)", () => {
    const provider = good.resources.find((r) => r.type === "pulumi:providers:aws");
    expect(typeof provider?.inputs.defaultTags).toBe("string");
    expect(findings(good.violations, TAGS)).toEqual([]);
  });

  it("fails at least one resource for every policy of the family, and passes the good program", () => {
    expect(new Set(bad.violations.map((v) => v.policy).filter((p) => TAGS.includes(p)))).toEqual(
      new Set(TAGS),
    );
    expect(TAGS.length).toBeGreaterThan(3);
  });

  it("flags each tag policy on the offending resource", () => {
    expect(flagged(bad.violations, TAGS)).toEqual([
      "allowed-tag-values → wrong-env",
      "asg-tags-propagate → asg-untagged",
      "kubernetes-labels → unlabeled",
      "required-tags → partial",
      "required-tags → untagged",
    ]);
  });

  it("says which keys are missing and where to put them", () => {
    const lines = findings(bad.violations, TAGS);
    expect(lines).toContain(
      "required-tags → untagged: Missing required tags: owner, cost-center, environment, service, managed-by. " +
        "Set them in the aws.Provider defaultTags.tags (preferred) or in this resource's tags; required keys: " +
        "owner, cost-center, environment, service, managed-by.",
    );
    const partial = lines.find((line) => line.startsWith("required-tags → partial"));
    expect(partial).toMatch(
      /^required-tags → partial: Missing required tags: owner \(after merging defaultTags of provider urn:pulumi:dev::openclaw::pulumi:providers:aws::aws-partial\)/,
    );
    expect(lines).toContain(
      'allowed-tag-values → wrong-env: Tag "environment" is "development"; set it to one of: dev, staging, prod.',
    );
    expect(lines).toContain(
      "asg-tags-propagate → asg-untagged: Auto Scaling group tags: missing tag blocks for owner, cost-center, service, " +
        "managed-by; propagateAtLaunch is false for environment. Each of owner, cost-center, environment, service, " +
        "managed-by needs a tags entry { key, value, propagateAtLaunch: true } (provider defaultTags do not apply to Auto Scaling groups).",
    );
    expect(lines).toContain(
      "kubernetes-labels → unlabeled: metadata.labels is missing app.kubernetes.io/part-of, app.kubernetes.io/managed-by; " +
        "add them (required: app.kubernetes.io/name, app.kubernetes.io/part-of, app.kubernetes.io/managed-by).",
    );
  });

  it("takes other required keys and values from policy config", async () => {
    const custom = await judge(goodTags, {
      policyConfig: {
        "required-tags": { requiredKeys: ["owner", "team"] },
        "allowed-tag-values": { allowedValues: { environment: ["prod"] } },
      },
    });
    expect(flagged(custom.violations, ["required-tags", "allowed-tag-values"])).toEqual([
      "allowed-tag-values → pool",
      "allowed-tag-values → private-a",
      "allowed-tag-values → vpc",
      "required-tags → private-a",
      "required-tags → vpc",
    ]);
  });
});
