import { describe, expect, it } from "vitest";
import { requiredTags } from "../fixtures/policy-programs/common";
import {
  defaultProviderOnly,
  nestedComponents,
  unknownsStack,
  untaggedEnvironment,
} from "../fixtures/policy-programs/guards";
import { flagged, judge } from "./harness";

const UNKNOWN_SENTINEL = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

describe("false-positive guards", () => {
  it("never flags a value it cannot see during a preview, and never falls back to the SDK's preview advisory", async () => {
    const preview = await judge(unknownsStack, { preview: true });
    const inputs = JSON.stringify(preview.resources.map((r) => r.inputs));
    expect(inputs).toContain(UNKNOWN_SENTINEL);
    const mandatory = preview.violations.filter((v) => v.enforcementLevel === "mandatory");
    expect(flagged(mandatory, [...new Set(mandatory.map((v) => v.policy))])).toEqual(
      [
        "s3-lifecycle-abort-multipart → bare",
        "s3-public-access-block → bare",
        "s3-tls-only → bare",
        "s3-versioning → bare",
        "s3-encryption → bare",
      ].sort(),
    );
    expect(preview.violations.map((v) => v.message).join("\n")).not.toContain("can't run policy");
  });

  it("judges the same values once they are known", async () => {
    const full = await judge(unknownsStack, { preview: false });
    expect(
      flagged(full.violations, ["cost-instance-types", "cost-no-oversized-instances", "k8s-image-tag"]),
    ).toEqual(["cost-instance-types → app", "cost-no-oversized-instances → app", "k8s-image-tag → probe"]);
  });

  it("takes the environment from policy config when no tag carries it", async () => {
    const untagged = await judge(untaggedEnvironment);
    expect(flagged(untagged.violations, ["cost-no-oversized-instances"])).toEqual([]);
    const configured = await judge(untaggedEnvironment, {
      policyConfig: { "cost-no-oversized-instances": { environment: "dev" } },
    });
    expect(
      configured.violations.filter((v) => v.policy === "cost-no-oversized-instances").map((v) => v.message),
    ).toEqual([
      'instanceType is "m6i.8xlarge", larger than xlarge outside prod (dev); use a size up to xlarge.',
    ]);
  });

  it("judges a resource two components deep like a top-level one", async () => {
    const nested = await judge(nestedComponents);
    const disk = nested.resources.find((r) => r.name === "outer-inner-disk");
    const inner = nested.resources.find((r) => r.urn === disk?.parent);
    expect(inner?.type).toBe("openclaw:test:Inner");
    expect(nested.resources.find((r) => r.urn === inner?.parent)?.type).toBe("openclaw:test:Outer");
    expect(
      nested.violations.filter((v) => v.urn === disk?.urn).map((v) => `${v.policy}: ${v.message}`),
    ).toEqual(["ec2-ebs-encrypted: encrypted is unset; set it to true."]);
  });

  it("merges the default provider's defaultTags from stack config (aws:defaultTags), as the engine sends it", async () => {
    const config = {
      "aws:region": "us-east-1",
      "aws:defaultTags": JSON.stringify({ tags: requiredTags("dev") }),
    };
    const tagged = await judge(defaultProviderOnly, { config, defaultProviders: true });
    expect(tagged.resources.some((r) => r.type === "pulumi:providers:aws")).toBe(true);
    expect(flagged(tagged.violations, ["required-tags"])).toEqual([]);
    const untagged = await judge(defaultProviderOnly, {
      config: { "aws:region": "us-east-1" },
      defaultProviders: true,
    });
    expect(flagged(untagged.violations, ["required-tags"])).toEqual(["required-tags → default-vpc"]);
  });
});
