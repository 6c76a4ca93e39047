import { describe, expect, it } from "vitest";
import {
  type Cidr,
  contains,
  formatCidr,
  natGatewayAzs,
  natRouting,
  overlaps,
  parseCidr,
  planSubnets,
} from "../../infra/cidr";

const AZS3 = ["us-east-1a", "us-east-1b", "us-east-1c"];

function cidr(text: string): Cidr {
  const parsed = parseCidr(text);
  if (typeof parsed === "string") throw new Error(`${text}: ${parsed}`);
  return parsed;
}

describe("parseCidr / formatCidr", () => {
  it("round-trips a valid block", () => {
    expect(formatCidr(cidr("10.0.0.0/16"))).toBe("10.0.0.0/16");
    expect(formatCidr(cidr("172.31.128.0/20"))).toBe("172.31.128.0/20");
  });

  it("explains malformed blocks", () => {
    expect(parseCidr("10.0.0/16")).toBe("must be an IPv4 CIDR block like 10.0.0.0/16");
    expect(parseCidr("10.0.300.0/16")).toBe("has an octet above 255");
    expect(parseCidr("10.0.0.0/33")).toBe("has a prefix length above 32");
    expect(parseCidr("10.0.1.0/16")).toBe("has host bits set (did you mean 10.0.0.0/16?)");
  });
});

describe("planSubnets", () => {
  it("puts private /19s in the lower half and public /21s in the upper half of a /16", () => {
    expect(planSubnets("10.0.0.0/16", AZS3)).toEqual([
      { availabilityZone: "us-east-1a", privateCidr: "10.0.0.0/19", publicCidr: "10.0.128.0/21" },
      { availabilityZone: "us-east-1b", privateCidr: "10.0.32.0/19", publicCidr: "10.0.136.0/21" },
      { availabilityZone: "us-east-1c", privateCidr: "10.0.64.0/19", publicCidr: "10.0.144.0/21" },
    ]);
  });

  it("never overlaps and stays inside the VPC, for every VPC size and AZ count that fits", () => {
    for (const vpcText of ["10.0.0.0/16", "10.20.0.0/18", "192.168.0.0/20", "10.1.2.0/23"]) {
      const vpc = cidr(vpcText);
      for (let n = 1; n <= 8; n++) {
        const azs = Array.from({ length: n }, (_, i) => `us-east-1${String.fromCharCode(97 + i)}`);
        let plan: ReturnType<typeof planSubnets>;
        try {
          plan = planSubnets(vpcText, azs);
        } catch (e) {
          expect((e as Error).message).toMatch(/too small/);
          continue;
        }
        const blocks = plan.flatMap((p) => [cidr(p.privateCidr), cidr(p.publicCidr)]);
        expect(blocks).toHaveLength(2 * n);
        for (const [i, a] of blocks.entries()) {
          expect(contains(vpc, a)).toBe(true);
          for (const b of blocks.slice(i + 1)) expect(overlaps(a, b)).toBe(false);
        }
      }
    }
  });

  it("keeps existing subnets in place when AZs are added (2 → 4)", () => {
    const two = planSubnets("10.0.0.0/16", AZS3.slice(0, 2));
    const four = planSubnets("10.0.0.0/16", [...AZS3, "us-east-1d"]);
    expect(four.slice(0, 2)).toEqual(two);
  });

  it("rejects a VPC too small to split, suggesting a size that fits", () => {
    expect(() => planSubnets("10.0.0.0/24", AZS3)).toThrow(
      "VPC CIDR 10.0.0.0/24 is too small for 3 AZs: public subnets would be /29, smaller than AWS's /28 minimum; use a larger VPC (e.g. /23)",
    );
  });

  it("rejects a prefix outside /16-/28 and an empty AZ list", () => {
    expect(() => planSubnets("10.0.0.0/8", AZS3)).toThrow(
      "VPC CIDR 10.0.0.0/8 must have a prefix length from /16 to /28",
    );
    expect(() => planSubnets("10.0.0.0/16", [])).toThrow("at least one availability zone is needed");
  });
});

describe("NAT routing", () => {
  it("single: one NAT in the first AZ, every private subnet routes through it", () => {
    expect(natGatewayAzs("single", AZS3)).toEqual(["us-east-1a"]);
    expect([...natRouting("single", AZS3).values()]).toEqual(["us-east-1a", "us-east-1a", "us-east-1a"]);
  });

  it("one-per-az: each AZ routes through its own NAT", () => {
    expect(natGatewayAzs("one-per-az", AZS3)).toEqual(AZS3);
    expect(natRouting("one-per-az", AZS3).get("us-east-1c")).toBe("us-east-1c");
  });
});
