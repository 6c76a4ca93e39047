import { AnalyzeDiagnostic, EnforcementLevel } from "@pulumi/pulumi/proto/analyzer_pb";
import { describe, expect, it } from "vitest";
import { toViolation, toWireResources } from "../../src/plan/analyzer-wire";
import type { CapturedResource } from "../../src/plan/types";

const PROVIDER_URN = "urn:pulumi:dev::openclaw::pulumi:providers:aws::tagged";
const STACK_URN = "urn:pulumi:dev::openclaw::pulumi:pulumi:Stack::openclaw-dev";

const provider: CapturedResource = {
  urn: PROVIDER_URN,
  type: "pulumi:providers:aws",
  name: "tagged",
  custom: true,
  inputs: { defaultTags: '{"tags":{"team":"platform"}}' },
  dependencies: [],
};
const bucket: CapturedResource = {
  urn: "urn:pulumi:dev::openclaw::aws:s3/bucket:Bucket::logs",
  type: "aws:s3/bucket:Bucket",
  name: "logs",
  custom: true,
  inputs: { tags: { purpose: "logs" } },
  parent: STACK_URN,
  provider: `${PROVIDER_URN}::0f3c-provider-id`,
  dependencies: [PROVIDER_URN],
  propertyDependencies: { tags: [] },
};

describe("toWireResources", () => {
  it("sends each resource with its options, provider inputs, parent and dependencies", () => {
    const [, wire] = toWireResources([provider, bucket]);
    const request = wire?.request;
    expect(request?.getUrn()).toBe(bucket.urn);
    expect(request?.getProperties()?.toJavaScript()).toEqual({ tags: { purpose: "logs" } });
    expect(request?.getOptions()?.getParent()).toBe(STACK_URN);
    // The provider reference "<urn>::<id>" resolves through its last "::" to the captured provider.
    expect(request?.getProvider()?.getUrn()).toBe(PROVIDER_URN);
    expect(request?.getProvider()?.getProperties()?.toJavaScript()).toEqual(provider.inputs);

    const entry = wire?.stackEntry;
    expect(entry?.getParent()).toBe(STACK_URN);
    expect(entry?.getDependenciesList()).toEqual([PROVIDER_URN]);
    expect(entry?.getPropertydependenciesMap().get("tags")?.getUrnsList()).toEqual([]);
  });

  it("sends no provider when the referenced provider was not captured", () => {
    const [wire] = toWireResources([
      { ...bucket, provider: "urn:pulumi:dev::openclaw::pulumi:providers:aws::gone::id" },
    ]);
    expect(wire?.request.getProvider()).toBeUndefined();
  });
});

describe("toViolation", () => {
  function diagnostic(message: string, urn = ""): AnalyzeDiagnostic {
    const d = new AnalyzeDiagnostic();
    d.setPolicyname("team-tag");
    d.setPolicypackname("pack");
    d.setDescription("Checks whether buckets have a team tag.");
    d.setMessage(message);
    d.setEnforcementlevel(EnforcementLevel.MANDATORY);
    d.setUrn(urn);
    return d;
  }

  it("splits the SDK's description prefix off the message and falls back to the analysed URN", () => {
    expect(
      toViolation(diagnostic("Checks whether buckets have a team tag.\nlogs has none."), bucket.urn),
    ).toEqual({
      policy: "team-tag",
      packName: "pack",
      enforcementLevel: "mandatory",
      message: "logs has none.",
      description: "Checks whether buckets have a team tag.",
      urn: bucket.urn,
    });
  });

  it("adds the policy's remediation steps and severity from GetAnalyzerInfo", () => {
    const violation = toViolation(diagnostic("x"), bucket.urn, {
      name: "team-tag",
      description: "Checks whether buckets have a team tag.",
      enforcementLevel: "mandatory",
      remediationSteps: "Add team to the provider's defaultTags.",
      severity: "low",
    });
    expect(violation.remediation).toBe("Add team to the provider's defaultTags.");
    expect(violation.severity).toBe("low");
  });

  it("keeps a URN the policy reported itself and a message without the prefix", () => {
    const violation = toViolation(diagnostic("custom text", "urn:other"), bucket.urn);
    expect(violation.urn).toBe("urn:other");
    expect(violation.message).toBe("custom text");
  });
});
