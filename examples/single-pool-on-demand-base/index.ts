// single-pool-on-demand-base: one pool instead of two. Its On-Demand base of 2 is the floor that never
// depends on Spot; 70% of everything above it is Spot, picked by attributes (any current 2-4 vCPU,
// 8-16 GiB Intel/AMD type) for the widest choice of Spot pools.
import * as aws from "@pulumi/aws";
import { ComputePool } from "../../infra/compute-pool";
import { Network } from "../../infra/network";
import { buildRequiredTags } from "../../infra/tags";

const tags = buildRequiredTags({
  owner: "platform-team",
  costCenter: "cc-1001",
  environment: "staging",
  service: "api",
});
const provider = new aws.Provider("aws", { region: "eu-west-1", defaultTags: { tags } });

const network = new Network(
  "staging",
  { availabilityZones: ["eu-west-1a", "eu-west-1b", "eu-west-1c"], natGateways: "single" },
  { provider },
);

const api = new ComputePool(
  "api",
  {
    vpcId: network.vpcId,
    subnetIds: network.privateSubnetIds,
    minSize: 2,
    maxSize: 12,
    onDemandBaseCapacity: 2,
    onDemandPercentageAboveBaseCapacity: 30,
    instanceRequirements: { vcpu: { min: 2, max: 4 }, memoryMib: { min: 8192, max: 16384 } },
    targetCpuUtilization: 60,
    tags,
  },
  { provider },
);

export const apiAsgName = api.autoScalingGroupName;
