import type { PricedResourceInput } from "../../src/cost/types";

/** A captured resource as the cost model reads it, in the dev stack of project openclaw. */
export function pricedResource(
  type: string,
  name: string,
  inputs: Record<string, unknown>,
  dependencies: string[] = [],
): PricedResourceInput {
  return { urn: `urn:pulumi:dev::openclaw::${type}::${name}`, type, name, inputs, dependencies };
}
