import priceTable from "../../pricing/aws-prices.json";

/** One row of the EC2 table. */
export interface InstancePrice {
  readonly hourly: number;
  readonly vcpu: number;
  readonly memoryGiB: number;
  readonly arch: string;
}

export type AwsPriceTable = typeof priceTable;

/** The offline AWS price table (pricing/aws-prices.json), with its source and retrieval date. */
export const awsPrices: AwsPriceTable = priceTable;

export function instancePrice(
  instanceType: string,
  table: AwsPriceTable = awsPrices,
): InstancePrice | undefined {
  const rows: Record<string, InstancePrice> = table.ec2InstanceHourly;
  return Object.hasOwn(rows, instanceType) ? rows[instanceType] : undefined;
}

/** Instance types of the table that satisfy attribute-based requirements, cheapest first. */
export function instanceTypesMatching(
  req: { vcpuMin?: number; vcpuMax?: number; memoryMiBMin?: number; memoryMiBMax?: number },
  table: AwsPriceTable = awsPrices,
): string[] {
  const rows: Record<string, InstancePrice> = table.ec2InstanceHourly;
  return Object.entries(rows)
    .filter(([, p]) => p.vcpu >= (req.vcpuMin ?? 0) && p.vcpu <= (req.vcpuMax ?? Number.POSITIVE_INFINITY))
    .filter(([, p]) => p.memoryGiB * 1024 >= (req.memoryMiBMin ?? 0))
    .filter(([, p]) => p.memoryGiB * 1024 <= (req.memoryMiBMax ?? Number.POSITIVE_INFINITY))
    .sort(([, a], [, b]) => a.hourly - b.hourly)
    .map(([name]) => name);
}
