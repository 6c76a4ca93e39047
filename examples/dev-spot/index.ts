// dev-spot: the cheapest useful footprint. Two AZs behind one shared NAT gateway and a Spot-only pool
// that empties itself outside business hours.
import * as aws from "@pulumi/aws";
import { ComputePool } from "../../infra/compute-pool";
import { Network } from "../../infra/network";
import { buildRequiredTags } from "../../infra/tags";

const tags = buildRequiredTags({
  owner: "platform-team",
  costCenter: "cc-1001",
  environment: "dev",
  service: "dev-spot",
});
const provider = new aws.Provider("aws", { region: "us-east-1", defaultTags: { tags } });

const network = new Network(
  "dev",
  { availabilityZones: ["us-east-1a", "us-east-1b"], natGateways: "single", flowLogRetentionDays: 7 },
  { provider },
);

const workers = new ComputePool(
  "workers",
  {
    vpcId: network.vpcId,
    subnetIds: network.privateSubnetIds,
    minSize: 1,
    maxSize: 4,
    // All Spot: no On-Demand base, 0% On-Demand above it.
    onDemandBaseCapacity: 0,
    onDemandPercentageAboveBaseCapacity: 0,
    instanceTypes: ["t3.medium", "t3a.medium", "m6i.large", "m7i.large"],
    scheduledActions: [
      { name: "off-hours", recurrence: "0 20 * * MON-FRI", minSize: 0, maxSize: 0, desiredCapacity: 0 },
      { name: "business-hours", recurrence: "0 7 * * MON-FRI", minSize: 1, maxSize: 4, desiredCapacity: 1 },
    ],
    tags,
  },
  { provider },
);

export const vpcId = network.vpcId;
export const workersAsgName = workers.autoScalingGroupName;
