import * as pulumi from "@pulumi/pulumi";
import { describe, expect, it } from "vitest";
import { engineUrn, toPlainJson, toShownJson } from "../../src/plan/capture";

const SIG = pulumi.runtime.specialSigKey;

describe("toPlainJson", () => {
  it("unwraps secrets at any depth", () => {
    const secret = (value: unknown) => ({ [SIG]: pulumi.runtime.specialSecretSig, value });
    expect(toPlainJson({ a: secret("s3cret"), list: [secret({ nested: secret(1) })] })).toEqual({
      a: "s3cret",
      list: [{ nested: 1 }],
    });
  });

  it("replaces resource references by the id of a custom resource, else its URN", () => {
    const ref = (urn: string, id?: string) => ({
      [SIG]: pulumi.runtime.specialResourceSig,
      urn,
      ...(id === undefined ? {} : { id }),
    });
    expect(
      toPlainJson({ bucket: ref("urn:b", "b-123"), component: ref("urn:c"), empty: ref("urn:d", "") }),
    ).toEqual({
      bucket: "b-123",
      component: "urn:c",
      empty: "urn:d",
    });
  });

  it("leaves plain values and the unknown sentinel alone", () => {
    expect(toPlainJson({ n: 1, s: "x", b: false, z: null, u: pulumi.runtime.unknownValue })).toEqual({
      n: 1,
      s: "x",
      b: false,
      z: null,
      u: pulumi.runtime.unknownValue,
    });
  });
});

describe("toShownJson", () => {
  const secret = (value: unknown) => ({ [SIG]: pulumi.runtime.specialSecretSig, value });

  it("shows a secret as [secret], whatever it holds, and an unknown as [unknown], at any depth", () => {
    expect(
      toShownJson({
        password: secret("s3cret"),
        nested: { list: [1, secret({ deep: "x" }), pulumi.runtime.unknownValue] },
        pending: pulumi.runtime.unknownValue,
        unknownSecret: secret(pulumi.runtime.unknownValue),
      }),
    ).toEqual({
      password: "[secret]",
      nested: { list: [1, "[secret]", "[unknown]"] },
      pending: "[unknown]",
      unknownSecret: "[secret]",
    });
  });

  it("keeps plain values and shows resource references as toPlainJson does", () => {
    const ref = { [SIG]: pulumi.runtime.specialResourceSig, urn: "urn:b", id: "b-123" };
    const value = { n: 1, s: "x", b: false, z: null, list: ["a"], ref };
    expect(toShownJson(value)).toEqual({ n: 1, s: "x", b: false, z: null, list: ["a"], ref: "b-123" });
  });
});

describe("engineUrn", () => {
  it("prefixes the parent's full type chain, but never the root stack's type", () => {
    const stack = "urn:pulumi:dev::p::pulumi:pulumi:Stack::p-dev";
    expect(engineUrn("dev", "p", "", "aws:s3/bucket:Bucket", "b")).toBe(
      "urn:pulumi:dev::p::aws:s3/bucket:Bucket::b",
    );
    expect(engineUrn("dev", "p", stack, "my:mod:Comp", "c")).toBe("urn:pulumi:dev::p::my:mod:Comp::c");
    const child = engineUrn("dev", "p", "urn:pulumi:dev::p::my:mod:Comp::c", "my:mod:Inner", "i");
    expect(child).toBe("urn:pulumi:dev::p::my:mod:Comp$my:mod:Inner::i");
    expect(engineUrn("dev", "p", child, "aws:s3/bucket:Bucket", "b")).toBe(
      "urn:pulumi:dev::p::my:mod:Comp$my:mod:Inner$aws:s3/bucket:Bucket::b",
    );
  });
});
