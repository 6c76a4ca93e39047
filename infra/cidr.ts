// Pure IPv4 subnet planning for the Network component. No Pulumi imports: easy to unit-test.

/** A parsed IPv4 CIDR block. `base` is the network address as an unsigned 32-bit number. */
export interface Cidr {
  readonly base: number;
  readonly prefixLength: number;
}

/** The two subnets the network creates in one availability zone. */
export interface AzSubnetPlan {
  readonly availabilityZone: string;
  readonly privateCidr: string;
  readonly publicCidr: string;
}

/** AWS accepts VPC and subnet prefixes from /16 to /28. */
export const MIN_PREFIX = 16;
export const MAX_PREFIX = 28;

/** Address slots reserved per subnet kind: adding a 3rd or 4th AZ later never moves existing subnets. */
export const MIN_AZ_SLOTS = 4;

const CIDR_PATTERN = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/;

/** Parses `a.b.c.d/n`; returns an error string instead of throwing so callers can name their own field. */
export function parseCidr(text: string): Cidr | string {
  const match = CIDR_PATTERN.exec(text);
  if (!match) return "must be an IPv4 CIDR block like 10.0.0.0/16";
  const octets = match.slice(1, 5).map(Number);
  if (octets.some((o) => o > 255)) return "has an octet above 255";
  const prefixLength = Number(match[5]);
  if (prefixLength > 32) return "has a prefix length above 32";
  const base = octets.reduce((acc, o) => acc * 256 + o, 0);
  if (base % blockSize(prefixLength) !== 0) {
    return `has host bits set (did you mean ${formatCidr({ base: alignDown(base, prefixLength), prefixLength })}?)`;
  }
  return { base, prefixLength };
}

export function formatCidr(cidr: Cidr): string {
  const octets = [24, 16, 8, 0].map((shift) => Math.floor(cidr.base / 2 ** shift) % 256);
  return `${octets.join(".")}/${cidr.prefixLength}`;
}

export function blockSize(prefixLength: number): number {
  return 2 ** (32 - prefixLength);
}

function alignDown(address: number, prefixLength: number): number {
  return address - (address % blockSize(prefixLength));
}

/** True when two blocks share at least one address. */
export function overlaps(a: Cidr, b: Cidr): boolean {
  const aEnd = a.base + blockSize(a.prefixLength);
  const bEnd = b.base + blockSize(b.prefixLength);
  return a.base < bEnd && b.base < aEnd;
}

/** True when `inner` lies entirely inside `outer`. */
export function contains(outer: Cidr, inner: Cidr): boolean {
  return (
    inner.base >= outer.base &&
    inner.base + blockSize(inner.prefixLength) <= outer.base + blockSize(outer.prefixLength)
  );
}

/**
 * Splits a VPC into one private and one public subnet per AZ.
 *
 * Layout: the lower half of the VPC holds the private subnets (where the compute pools live, so they get
 * the most addresses); the upper half holds public subnets a quarter of that size (NAT gateways and load
 * balancers only). Each half has at least {@link MIN_AZ_SLOTS} equal slots and AZ `i` always takes slot
 * `i`, so growing from 2 to 3 or 4 AZs adds subnets without replacing any.
 *
 * Example: 10.0.0.0/16 with 3 AZs gives private /19s (10.0.0.0, 10.0.32.0, 10.0.64.0) and public /21s
 * (10.0.128.0, 10.0.136.0, 10.0.144.0).
 *
 * @throws Error with a message naming the problem when the VPC is malformed or too small.
 */
export function planSubnets(vpcCidr: string, availabilityZones: readonly string[]): AzSubnetPlan[] {
  const vpc = parseCidr(vpcCidr);
  if (typeof vpc === "string") throw new Error(`VPC CIDR ${JSON.stringify(vpcCidr)} ${vpc}`);
  if (vpc.prefixLength < MIN_PREFIX || vpc.prefixLength > MAX_PREFIX) {
    throw new Error(`VPC CIDR ${vpcCidr} must have a prefix length from /${MIN_PREFIX} to /${MAX_PREFIX}`);
  }
  if (availabilityZones.length === 0) throw new Error("at least one availability zone is needed");

  const slots = Math.max(MIN_AZ_SLOTS, 2 ** Math.ceil(Math.log2(availabilityZones.length)));
  const slotBits = Math.log2(slots);
  const privatePrefix = vpc.prefixLength + 1 + slotBits;
  const publicPrefix = privatePrefix + 2;
  if (publicPrefix > MAX_PREFIX) {
    throw new Error(
      `VPC CIDR ${vpcCidr} is too small for ${availabilityZones.length} AZs: public subnets would be ` +
        `/${publicPrefix}, smaller than AWS's /${MAX_PREFIX} minimum; use a larger VPC (e.g. /${vpc.prefixLength - (publicPrefix - MAX_PREFIX)})`,
    );
  }
  const upperHalf = vpc.base + blockSize(vpc.prefixLength + 1);
  return availabilityZones.map((availabilityZone, i) => ({
    availabilityZone,
    privateCidr: formatCidr({ base: vpc.base + i * blockSize(privatePrefix), prefixLength: privatePrefix }),
    publicCidr: formatCidr({ base: upperHalf + i * blockSize(publicPrefix), prefixLength: publicPrefix }),
  }));
}

/** How the private subnets reach the internet. */
export type NatStrategy = "single" | "one-per-az";

/**
 * Which AZ's NAT gateway each private subnet routes through. `single` puts one NAT in the first AZ
 * (cheap, one AZ's outage cuts egress everywhere); `one-per-az` keeps egress inside each AZ.
 */
export function natRouting(strategy: NatStrategy, availabilityZones: readonly string[]): Map<string, string> {
  const [first] = availabilityZones;
  if (first === undefined) throw new Error("at least one availability zone is needed");
  return new Map(availabilityZones.map((az) => [az, strategy === "single" ? first : az]));
}

/** The AZs that get a NAT gateway, in AZ order. */
export function natGatewayAzs(strategy: NatStrategy, availabilityZones: readonly string[]): string[] {
  return [...new Set(natRouting(strategy, availabilityZones).values())];
}
