import { unknownCheckingProxy } from "@pulumi/policy";
import { describe, expect, it } from "vitest";
import {
  bool,
  get,
  isUnknown,
  list,
  normalize,
  num,
  parseJsonValue,
  show,
  UNKNOWN,
} from "../../../policies/lib/values";

const SENTINEL = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

describe("normalize", () => {
  it("unwraps the policy SDK's unknown-checking proxy instead of tripping it", () => {
    const proxied = unknownCheckingProxy({ a: SENTINEL, b: { c: [1, SENTINEL] } });
    expect(() => (proxied as Record<string, unknown>).a).toThrow();
    const plain = normalize(proxied);
    expect(isUnknown(plain.a)).toBe(true);
    expect(isUnknown(get(plain, "b", "c", 1))).toBe(true);
    expect(get(plain, "b", "c", 0)).toBe(1);
  });

  it("drops undefined and keeps null-free plain data", () => {
    expect(normalize({ a: undefined, b: "x" })).toEqual({ b: "x" });
  });
});

describe("readers", () => {
  it("propagates UNKNOWN through paths and lists", () => {
    const value = normalize({ a: SENTINEL, l: SENTINEL });
    expect(get(value, "a", "deeper")).toBe(UNKNOWN);
    expect(list(value.l)).toBe(UNKNOWN);
    expect(list(undefined)).toEqual([]);
  });

  it("reads launch-template style strings as booleans and numbers", () => {
    expect(bool("true")).toBe(true);
    expect(bool("false")).toBe(false);
    expect(bool("yes")).toBeUndefined();
    expect(num("2")).toBe(2);
    expect(num("two")).toBeUndefined();
  });

  it("parses JSON documents given as strings, leaving unknowns unknown", () => {
    expect(parseJsonValue('{"tags":{"a":"b"}}')).toEqual({ tags: { a: "b" } });
    expect(parseJsonValue("not json")).toBeUndefined();
    expect(parseJsonValue(UNKNOWN)).toBe(UNKNOWN);
  });

  it("shows values for messages", () => {
    expect(show(undefined)).toBe("unset");
    expect(show("x")).toBe('"x"');
    expect(show(UNKNOWN)).toBe("unknown");
  });
});
