// How an Auto Scaling instance becomes an EKS node: the AMI parameter, the labels and taints, and the
// nodeadm user data. Pure: no Pulumi resources, so the text a node boots with is unit-tested as is.
import { stringify } from "yaml";

/** Prefix of every label and taint the platform puts on nodes. */
export const NODE_LABEL_PREFIX = "openclaw.dev";
/** Node label naming the compute pool a node came from (`baseline`, `burst`). */
export const POOL_LABEL = `${NODE_LABEL_PREFIX}/pool`;
/** Node label `spot` or `on-demand`, set at boot from the instance metadata. */
export const CAPACITY_TYPE_LABEL = `${NODE_LABEL_PREFIX}/capacity-type`;
/**
 * Taint on Spot nodes: only pods that tolerate interruption (the gateway) land there; system pods and
 * anything else stay on On-Demand capacity.
 */
export const SPOT_TAINT = { key: CAPACITY_TYPE_LABEL, value: "spot", effect: "NoSchedule" } as const;
/** The tag aws-node-termination-handler (queue mode) looks for before it drains an instance. */
export const TERMINATION_HANDLER_MANAGED_TAG = "aws-node-termination-handler/managed";

/** The public SSM parameter holding the current EKS-optimized Amazon Linux 2023 AMI for a Kubernetes version. */
export function eksAmiParameter(kubernetesVersion: string): string {
  return `/aws/service/eks/optimized-ami/${kubernetesVersion}/amazon-linux-2023/x86_64/standard/recommended/image_id`;
}

/**
 * ASG tags that let the cluster autoscaler discover the pool (auto-discovery by tag), mark the instances
 * as the cluster's, let the termination handler drain them, and tell the autoscaler which pool label a
 * node from an empty group would carry (scale from zero, e.g. after the off-hours schedule).
 */
export function nodePoolTags(clusterName: string, poolName: string): Record<string, string> {
  return {
    "k8s.io/cluster-autoscaler/enabled": "true",
    [`k8s.io/cluster-autoscaler/${clusterName}`]: "owned",
    [`kubernetes.io/cluster/${clusterName}`]: "owned",
    [`k8s.io/cluster-autoscaler/node-template/label/${POOL_LABEL}`]: poolName,
    [TERMINATION_HANDLER_MANAGED_TAG]: "true",
  };
}

export interface NodeBootstrap {
  readonly clusterName: string;
  /** `https://…eks.amazonaws.com`. */
  readonly apiServerEndpoint: string;
  /** Base64 PEM of the cluster CA, as EKS reports it. */
  readonly certificateAuthority: string;
  /** The cluster's service CIDR (nodeadm derives the cluster DNS address from it). */
  readonly serviceCidr: string;
  /** The compute pool the node belongs to. */
  readonly poolName: string;
}

const BOUNDARY = "==OPENCLAW-NODE==";
/** Drop-ins in this directory are merged into the NodeConfig by nodeadm (awslabs/amazon-eks-ami PR 2427, AMIs since late 2025). */
const NODEADM_DROP_IN = "/etc/eks/nodeadm.d/50-capacity-type.json";

/** The NodeConfig every node of the pool shares: how to reach the cluster and the pool label. */
export function nodeConfig(node: NodeBootstrap): Record<string, unknown> {
  return {
    apiVersion: "node.eks.aws/v1alpha1",
    kind: "NodeConfig",
    spec: {
      cluster: {
        name: node.clusterName,
        apiServerEndpoint: node.apiServerEndpoint,
        certificateAuthority: node.certificateAuthority,
        cidr: node.serviceCidr,
      },
      kubelet: { flags: [`--node-labels=${POOL_LABEL}=${node.poolName}`] },
    },
  };
}

/**
 * A pool mixes On-Demand and Spot instances, so only the instance knows which it is: this script asks
 * IMDSv2 for `instance-life-cycle` and writes a nodeadm drop-in with the capacity-type label, plus the
 * Spot taint on Spot instances. cloud-init runs it between nodeadm's config and run phases; the run
 * phase picks the drop-in up before the kubelet starts.
 */
export function capacityTypeScript(): string {
  const taint = `${SPOT_TAINT.key}=${SPOT_TAINT.value}:${SPOT_TAINT.effect}`;
  return [
    "#!/bin/bash",
    "set -euo pipefail",
    'imds() { curl -sSf -H "X-aws-ec2-metadata-token: $TOKEN" "http://169.254.169.254/latest/meta-data/$1"; }',
    'TOKEN=$(curl -sSf -X PUT -H "X-aws-ec2-metadata-token-ttl-seconds: 300" http://169.254.169.254/latest/api/token)',
    'if [ "$(imds instance-life-cycle)" = "spot" ]; then',
    `  FLAGS='"--node-labels=${CAPACITY_TYPE_LABEL}=spot", "--register-with-taints=${taint}"'`,
    "else",
    `  FLAGS='"--node-labels=${CAPACITY_TYPE_LABEL}=on-demand"'`,
    "fi",
    `mkdir -p "$(dirname ${NODEADM_DROP_IN})"`,
    `cat > ${NODEADM_DROP_IN} <<EOF`,
    '{"apiVersion": "node.eks.aws/v1alpha1", "kind": "NodeConfig", "spec": {"kubelet": {"flags": [$FLAGS]}}}',
    "EOF",
    "",
  ].join("\n");
}

/** MIME multipart user data: the NodeConfig part for nodeadm, then the capacity-type script for cloud-init. */
export function nodeUserData(node: NodeBootstrap): string {
  return [
    "MIME-Version: 1.0",
    `Content-Type: multipart/mixed; boundary="${BOUNDARY}"`,
    "",
    `--${BOUNDARY}`,
    "Content-Type: application/node.eks.aws",
    "",
    stringify(nodeConfig(node)).trimEnd(),
    "",
    `--${BOUNDARY}`,
    'Content-Type: text/x-shellscript; charset="us-ascii"',
    "",
    capacityTypeScript().trimEnd(),
    "",
    `--${BOUNDARY}--`,
    "",
  ].join("\n");
}
