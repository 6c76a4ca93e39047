import * as pulumi from "@pulumi/pulumi";
import * as infra from "../infra/cluster";

/**
 * infra's ClusterArgs restated in forms every Pulumi language can take: add-on versions as four named
 * properties instead of a map keyed by add-on (the schema analyzer cannot express a keyed record).
 */
export interface ClusterArgs {
  /** Physical cluster name; node tags and the control-plane log group name derive from it. */
  readonly clusterName: string;
  /** Kubernetes version, e.g. `"1.33"`; also picks the nodes' EKS-optimized AMI. */
  readonly version: string;
  /** VPC of the cluster and its nodes. */
  readonly vpcId: pulumi.Input<string>;
  /** Private subnets for the control plane's network interfaces, in at least 2 AZs (one element per subnet). */
  readonly subnetIds: pulumi.Input<string>[];
  /** CIDRs allowed to reach the public API endpoint; empty keeps the endpoint private. @default [] */
  readonly publicAccessCidrs?: string[];
  /** KMS key for Kubernetes secrets and the control-plane log group. @default a key of the cluster's own */
  readonly kmsKeyArn?: pulumi.Input<string>;
  /** Days to keep control-plane logs (a CloudWatch retention value). @default 90 */
  readonly logRetentionDays?: number;
  /** vpc-cni add-on version, e.g. `v1.20.4-eksbuild.1`. @default EKS's default for the cluster version */
  readonly vpcCniVersion?: string;
  /** coredns add-on version. @default EKS's default for the cluster version */
  readonly coreDnsVersion?: string;
  /** kube-proxy add-on version. @default EKS's default for the cluster version */
  readonly kubeProxyVersion?: string;
  /** eks-pod-identity-agent add-on version. @default EKS's default for the cluster version */
  readonly podIdentityAgentVersion?: string;
  /** IAM principals (roles, users) given cluster-admin through access entries. @default [] */
  readonly adminPrincipalArns?: string[];
  /** Cluster service CIDR. @default "172.20.0.0/16" */
  readonly serviceCidr?: string;
}

/**
 * EKS from plain aws.* resources (infra/cluster.ts): private subnets, KMS-encrypted secrets, control-plane
 * logs, access entries, an OIDC provider and pinned core add-ons. Nodes join from ComputePools in
 * TypeScript (`Cluster.nodeArgs`); other languages get the node role, instance profile and security group
 * to build their own launch templates.
 */
export class Cluster extends pulumi.ComponentResource {
  readonly clusterName: pulumi.Output<string>;
  readonly endpoint: pulumi.Output<string>;
  /** A kubeconfig that authenticates with `aws eks get-token` (a secret). */
  readonly kubeconfig: pulumi.Output<string>;
  readonly oidcProviderArn: pulumi.Output<string>;
  readonly nodeRoleArn: pulumi.Output<string>;
  readonly nodeInstanceProfileArn: pulumi.Output<string>;
  readonly nodeSecurityGroupId: pulumi.Output<string>;

  constructor(name: string, args: ClusterArgs, opts?: pulumi.ComponentResourceOptions) {
    super("openclaw:index:Cluster", name, {}, opts);
    const versions: Partial<Record<infra.CoreAddon, string | undefined>> = {
      "vpc-cni": args.vpcCniVersion,
      coredns: args.coreDnsVersion,
      "kube-proxy": args.kubeProxyVersion,
      "eks-pod-identity-agent": args.podIdentityAgentVersion,
    };
    const addonVersions = Object.fromEntries(
      Object.entries(versions).filter((entry): entry is [string, string] => entry[1] !== undefined),
    );
    const cluster = new infra.Cluster(name, { ...args, addonVersions }, { parent: this });
    this.clusterName = cluster.clusterName;
    this.endpoint = cluster.endpoint;
    this.kubeconfig = pulumi.secret(cluster.kubeconfig);
    this.oidcProviderArn = cluster.oidcProviderArn;
    this.nodeRoleArn = cluster.nodeRoleArn;
    this.nodeInstanceProfileArn = cluster.nodeInstanceProfileArn;
    this.nodeSecurityGroupId = cluster.nodeSecurityGroupId;
    this.registerOutputs({
      clusterName: this.clusterName,
      endpoint: this.endpoint,
      kubeconfig: this.kubeconfig,
      oidcProviderArn: this.oidcProviderArn,
      nodeRoleArn: this.nodeRoleArn,
      nodeInstanceProfileArn: this.nodeInstanceProfileArn,
      nodeSecurityGroupId: this.nodeSecurityGroupId,
    });
  }
}
