import { str } from "../../policies/lib/values";

const AWS_PROVIDER = "pulumi:providers:aws";

/** The part of a resource the region lookup reads. */
interface ProviderLike {
  readonly type: string;
  readonly name: string;
  readonly inputs: Readonly<Record<string, unknown>>;
}

/**
 * The region a stack deploys to, as its AWS providers say: the default provider's `region` (from
 * `aws:region`), else the first explicit AWS provider's. Undefined when no provider names one.
 */
export function stackRegion(resources: readonly ProviderLike[]): string | undefined {
  const regions = resources
    .filter((r) => r.type === AWS_PROVIDER)
    .map((r) => ({
      name: r.name,
      region: typeof r.inputs.region === "string" ? str(r.inputs.region) : undefined,
    }))
    .filter((p): p is { name: string; region: string } => p.region !== undefined);
  return (regions.find((p) => p.name.startsWith("default")) ?? regions[0])?.region;
}
