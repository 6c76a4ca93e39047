import { describe, expect, it } from "vitest";
import { joinByReference } from "../../../policies/lib/joins";
import type { Subject } from "../../../policies/lib/policy";
import { normalize } from "../../../policies/lib/values";

function resource(name: string, props: Record<string, unknown>, extra: Partial<Subject> = {}): Subject {
  return {
    urn: `urn:${name}`,
    type: "t",
    name,
    props: normalize(props),
    dependencies: [],
    propertyDependencies: {},
    ...extra,
  };
}

const SENTINEL = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

describe("joinByReference", () => {
  const a = resource("a", { bucket: "bucket-a" });
  const b = resource("b", {});

  it("matches by value, by propertyDependencies, and by a sole dependency when nothing else says", () => {
    const byValue = resource("v", { bucket: "bucket-a" });
    const byDeps = resource("d", { bucket: SENTINEL }, { propertyDependencies: { bucket: ["urn:b"] } });
    const bySoleDependency = resource("s", {}, { dependencies: ["urn:b", "urn:other"] });
    const { byTarget, unresolved } = joinByReference([a, b], [byValue, byDeps, bySoleDependency], "bucket");
    expect(byTarget.get("urn:a")?.map((c) => c.name)).toEqual(["v"]);
    expect(byTarget.get("urn:b")?.map((c) => c.name)).toEqual(["d", "s"]);
    expect(unresolved).toBe(false);
  });

  it("never matches by resource name, and reports references it cannot resolve", () => {
    const sameName = resource("a", { bucket: "something-else" });
    const unknown = resource("u", { bucket: SENTINEL });
    const { byTarget, unresolved } = joinByReference([a, b], [sameName, unknown], "bucket");
    expect(byTarget.get("urn:a")).toEqual([]);
    expect(unresolved).toBe(true);
  });
});
