/**
 * String choices of the infra components' args as named enums: the component package's schema analyzer
 * expresses a union of literals only in this `as const` form. Each type equals the union the infra
 * component takes, so values pass through unchanged.
 */

export const NatGatewayStrategy = { Single: "single", OnePerAz: "one-per-az" } as const;
export type NatGatewayStrategy = (typeof NatGatewayStrategy)[keyof typeof NatGatewayStrategy];

export const FlowLogTrafficType = { Accept: "ACCEPT", Reject: "REJECT", All: "ALL" } as const;
export type FlowLogTrafficType = (typeof FlowLogTrafficType)[keyof typeof FlowLogTrafficType];

export const LifecycleMode = { Tiered: "tiered", IntelligentTiering: "intelligent-tiering" } as const;
export type LifecycleMode = (typeof LifecycleMode)[keyof typeof LifecycleMode];

export const BucketEncryption = { Aes256: "AES256", AwsKms: "aws:kms" } as const;
export type BucketEncryption = (typeof BucketEncryption)[keyof typeof BucketEncryption];

export const ObjectOwnership = {
  BucketOwnerEnforced: "BucketOwnerEnforced",
  BucketOwnerPreferred: "BucketOwnerPreferred",
} as const;
export type ObjectOwnership = (typeof ObjectOwnership)[keyof typeof ObjectOwnership];

export const CdnPriceClass = {
  PriceClass100: "PriceClass_100",
  PriceClass200: "PriceClass_200",
  PriceClassAll: "PriceClass_All",
} as const;
export type CdnPriceClass = (typeof CdnPriceClass)[keyof typeof CdnPriceClass];

export const SpotAllocationStrategy = {
  PriceCapacityOptimized: "price-capacity-optimized",
  CapacityOptimized: "capacity-optimized",
  LowestPrice: "lowest-price",
} as const;
export type SpotAllocationStrategy = (typeof SpotAllocationStrategy)[keyof typeof SpotAllocationStrategy];

export const BurstablePerformance = { Included: "included", Excluded: "excluded" } as const;
export type BurstablePerformance = (typeof BurstablePerformance)[keyof typeof BurstablePerformance];

export const CpuManufacturer = {
  Intel: "intel",
  Amd: "amd",
  AmazonWebServices: "amazon-web-services",
} as const;
export type CpuManufacturer = (typeof CpuManufacturer)[keyof typeof CpuManufacturer];

export const PredictiveScalingMode = {
  ForecastOnly: "ForecastOnly",
  ForecastAndScale: "ForecastAndScale",
} as const;
export type PredictiveScalingMode = (typeof PredictiveScalingMode)[keyof typeof PredictiveScalingMode];

export const WarmPoolState = { Stopped: "Stopped", Running: "Running", Hibernated: "Hibernated" } as const;
export type WarmPoolState = (typeof WarmPoolState)[keyof typeof WarmPoolState];

export const IngressProtocol = { Tcp: "tcp", Udp: "udp", Icmp: "icmp", All: "-1" } as const;
export type IngressProtocol = (typeof IngressProtocol)[keyof typeof IngressProtocol];
