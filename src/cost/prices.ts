import priceFile from "../../pricing/aws-prices.json";

/** One row of the EC2 table. */
export interface InstancePrice {
  readonly hourly: number;
  readonly vcpu: number;
  readonly memoryGiB: number;
  readonly arch: string;
}

/** The price file (pricing/aws-prices.json): shared figures plus one table per region. */
export type PriceFile = typeof priceFile;
/** One region's prices, with the source and date they were read. */
export type RegionalPrices = PriceFile["regions"]["us-east-1"];

/** What every pricer reads: one region's prices plus the figures every region shares. */
export interface AwsPriceTable extends RegionalPrices {
  readonly region: string;
  readonly currency: string;
  readonly hoursPerMonth: number;
  readonly spotDiscount: PriceFile["spotDiscount"];
}

/** A region the price file has no table for. */
export class UnknownRegionError extends Error {
  constructor(
    readonly region: string,
    readonly known: readonly string[],
  ) {
    super(
      `aws:region "${region}" has no prices in pricing/aws-prices.json; regions with prices: ${known.join(", ")}`,
    );
    this.name = "UnknownRegionError";
  }
}

/** The regions the price file prices. */
export function pricedRegions(file: PriceFile = priceFile): string[] {
  return Object.keys(file.regions);
}

/**
 * One region's price table.
 * @throws UnknownRegionError naming the regions that have prices.
 */
export function pricesFor(region: string, file: PriceFile = priceFile): AwsPriceTable {
  // Every region must list what us-east-1 lists (the type checks it); indexing by a runtime name needs the record view.
  const regions: Record<string, RegionalPrices> = file.regions;
  if (!Object.hasOwn(regions, region)) throw new UnknownRegionError(region, pricedRegions(file));
  return {
    ...regions[region],
    region,
    currency: file.currency,
    hoursPerMonth: file.hoursPerMonth,
    spotDiscount: file.spotDiscount,
  };
}

/** The default region's table (us-east-1, the platform's default `aws:region`). */
export const DEFAULT_REGION = "us-east-1";
export const awsPrices: AwsPriceTable = pricesFor(DEFAULT_REGION);

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
