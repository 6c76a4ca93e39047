import { describe, expect, it } from "vitest";
import type { Subject } from "../../../policies/lib/policy";
import { effectiveTags, environmentOf } from "../../../policies/lib/tags";
import { normalize, UNKNOWN } from "../../../policies/lib/values";

function subject(
  type: string,
  props: Record<string, unknown>,
  providerProps?: Record<string, unknown>,
): Subject {
  return {
    urn: `urn:pulumi:dev::p::${type}::r`,
    type,
    name: "r",
    props: normalize(props),
    ...(providerProps
      ? {
          provider: {
            type: "pulumi:providers:aws",
            urn: "urn:pulumi:dev::p::pulumi:providers:aws::p",
            props: normalize(providerProps),
          },
        }
      : {}),
    dependencies: [],
    propertyDependencies: {},
  };
}

const VPC = "aws:ec2/vpc:Vpc";

describe("effectiveTags", () => {
  it("merges provider defaultTags given as a JSON string (the wire form) under the resource's own tags", () => {
    const s = subject(
      VPC,
      { tags: { owner: "me" } },
      { defaultTags: JSON.stringify({ tags: { owner: "team", environment: "dev" } }) },
    );
    expect(effectiveTags(s)).toEqual({ owner: "me", environment: "dev" });
  });

  it("accepts defaultTags as an object and as a one-element list", () => {
    expect(effectiveTags(subject(VPC, {}, { defaultTags: { tags: { a: "1" } } }))).toEqual({ a: "1" });
    expect(effectiveTags(subject(VPC, {}, { defaultTags: [{ tags: { a: "1" } }] }))).toEqual({ a: "1" });
  });

  it("reads Auto Scaling group tag blocks", () => {
    const asg = subject("aws:autoscaling/group:Group", {
      tags: [{ key: "environment", value: "prod", propagateAtLaunch: true }],
    });
    expect(effectiveTags(asg)).toEqual({ environment: "prod" });
  });

  it("is UNKNOWN when the tag map is unknown", () => {
    expect(effectiveTags(subject(VPC, { tags: "04da6b54-80e4-46f7-96ec-b56ff0331ba9" }))).toBe(UNKNOWN);
  });
});

describe("environmentOf", () => {
  it("prefers the tag, then the config, and keeps an unknown tag unknown", () => {
    expect(environmentOf(subject(VPC, { tags: { environment: "prod" } }), { environment: "dev" })).toBe(
      "prod",
    );
    expect(environmentOf(subject(VPC, {}), { environment: "dev" })).toBe("dev");
    expect(environmentOf(subject(VPC, {}), {})).toBeUndefined();
    expect(
      environmentOf(subject(VPC, { tags: { environment: "04da6b54-80e4-46f7-96ec-b56ff0331ba9" } }), {
        environment: "dev",
      }),
    ).toBe(UNKNOWN);
    expect(environmentOf(subject(VPC, { tags: { stage: "staging" } }), { environmentTag: "stage" })).toBe(
      "staging",
    );
  });
});
