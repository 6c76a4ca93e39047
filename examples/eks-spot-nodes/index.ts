// eks-spot-nodes: an EKS cluster whose only nodes are one Spot-heavy ComputePool, drained before EC2
// reclaims them. The pieces createPlatform wires for the reference stack, composed by hand.
import * as aws from "@pulumi/aws";
import * as k8s from "@pulumi/kubernetes";
import { Cluster } from "../../infra/cluster";
import { ComputePool } from "../../infra/compute-pool";
import { Network } from "../../infra/network";
import { SpotInterruptionHandler } from "../../infra/spot-interruption-handler";
import { buildRequiredTags } from "../../infra/tags";

const tags = buildRequiredTags({
  owner: "platform-team",
  costCenter: "cc-1001",
  environment: "dev",
  service: "eks-spot-nodes",
});
const provider = new aws.Provider("aws", { region: "us-east-1", defaultTags: { tags } });

const network = new Network(
  "eks",
  { availabilityZones: ["us-east-1a", "us-east-1b"], natGateways: "single", flowLogRetentionDays: 7 },
  { provider },
);

const cluster = new Cluster(
  "eks",
  {
    clusterName: "eks-spot-nodes",
    version: "1.35",
    vpcId: network.vpcId,
    subnetIds: network.privateSubnetIds,
    // Public API endpoint for this allow-list only (where pulumi and kubectl run).
    publicAccessCidrs: ["203.0.113.0/24"],
    logRetentionDays: 14,
  },
  { provider },
);

// One On-Demand node for system pods, Spot above it; the join args add AMI, user data, profile and tags.
const join = cluster.nodeArgs("workers");
const workers = new ComputePool(
  "workers",
  {
    vpcId: network.vpcId,
    subnetIds: network.privateSubnetIds,
    minSize: 1,
    maxSize: 5,
    onDemandBaseCapacity: 1,
    onDemandPercentageAboveBaseCapacity: 0,
    instanceTypes: ["t3.medium", "t3a.medium", "m6i.large", "m7i.large"],
    ...join,
    tags: { ...tags, ...join.tags },
  },
  { provider },
);

const kubernetes = new k8s.Provider("eks-k8s", { kubeconfig: cluster.kubeconfig });
new SpotInterruptionHandler(
  "node-drain",
  {
    groups: [
      { key: "workers", groupName: workers.autoScalingGroupName, groupArn: workers.autoScalingGroupArn },
    ],
    oidcProviderArn: cluster.oidcProviderArn,
    oidcIssuerHostPath: cluster.oidcIssuerHostPath,
    kubernetesProvider: kubernetes,
  },
  { provider },
);

export const clusterName = cluster.clusterName;
export const kubeconfig = cluster.kubeconfig;
export const workersAsgName = workers.autoScalingGroupName;
