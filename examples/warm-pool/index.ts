// warm-pool: a latency-sensitive On-Demand pool that scales out from stopped, pre-initialised
// instances. AWS allows warm pools only without a mixed instances policy: one type, no Spot.
import * as aws from "@pulumi/aws";
import { ComputePool } from "../../infra/compute-pool";
import { Network } from "../../infra/network";
import { buildRequiredTags } from "../../infra/tags";

const tags = buildRequiredTags({
  owner: "platform-team",
  costCenter: "cc-1001",
  environment: "prod",
  service: "inference",
});
const provider = new aws.Provider("aws", { region: "us-east-1", defaultTags: { tags } });

// prod keeps flow logs a year (the cost-log-retention policy).
const network = new Network(
  "inference",
  { availabilityZones: ["us-east-1a", "us-east-1b"], flowLogRetentionDays: 365 },
  { provider },
);

const inference = new ComputePool(
  "inference",
  {
    vpcId: network.vpcId,
    subnetIds: network.privateSubnetIds,
    minSize: 2,
    maxSize: 8,
    onDemandBaseCapacity: 2,
    onDemandPercentageAboveBaseCapacity: 100,
    instanceTypes: ["m7i.xlarge"],
    warmPool: { minSize: 2, poolState: "Stopped", reuseOnScaleIn: true },
    tags,
  },
  { provider },
);

export const inferenceAsgName = inference.autoScalingGroupName;
