// prod-ha: three AZs with a NAT gateway each, an On-Demand baseline pool, a Spot-heavy burst pool with
// an On-Demand floor, and a CDN on a custom domain in front of tiered storage.
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { Cdn } from "../../infra/cdn";
import { ComputePool } from "../../infra/compute-pool";
import { Network } from "../../infra/network";
import { buildRequiredTags } from "../../infra/tags";
import { type PolicyStatement, TieredStorage } from "../../infra/tiered-storage";

const tags = buildRequiredTags({
  owner: "platform-team",
  costCenter: "cc-1001",
  environment: "prod",
  service: "prod-ha",
});
const provider = new aws.Provider("aws", { region: "us-east-1", defaultTags: { tags } });

const network = new Network(
  "prod",
  {
    availabilityZones: ["us-east-1a", "us-east-1b", "us-east-1c"],
    natGateways: "one-per-az",
    flowLogRetentionDays: 365,
  },
  { provider },
);
const placement = { vpcId: network.vpcId, subnetIds: network.privateSubnetIds, tags };

const baseline = new ComputePool(
  "baseline",
  {
    ...placement,
    minSize: 3,
    maxSize: 9,
    onDemandBaseCapacity: 3,
    onDemandPercentageAboveBaseCapacity: 100,
    predictiveScaling: { mode: "ForecastAndScale" },
  },
  { provider },
);
const burst = new ComputePool(
  "burst",
  { ...placement, minSize: 2, maxSize: 20, onDemandBaseCapacity: 2, onDemandPercentageAboveBaseCapacity: 20 },
  { provider },
);

// One bucket policy per bucket: the CDN's read grant is filled in once the distribution exists.
const [cdnStatements, resolveCdnStatements] = pulumi.deferredOutput<PolicyStatement[]>();
const assets = new TieredStorage(
  "assets",
  { extraPolicyStatements: cdnStatements, lifecycle: { noncurrentVersionExpireAfterDays: 90 } },
  { provider },
);
const cdn = new Cdn(
  "cdn",
  {
    origin: assets,
    priceClass: "PriceClass_All",
    aliases: ["cdn.example.com"],
    acmCertificateArn: "arn:aws:acm:us-east-1:123456789012:certificate/00000000-0000-0000-0000-000000000000",
    logRetentionDays: 365,
  },
  { provider },
);
resolveCdnStatements(cdn.originReadStatement.apply((statement) => [statement]));

export const baselineAsgName = baseline.autoScalingGroupName;
export const burstAsgName = burst.autoScalingGroupName;
export const cdnDomainName = cdn.domainName;
