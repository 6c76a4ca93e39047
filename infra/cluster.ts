import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { type ArgIssue, argIssue, throwIfArgIssues } from "./arg-errors";
import type { ComputePoolArgs } from "./compute-pool-args";
import { EncryptionKey } from "./encryption-key";
import { eksKubeconfig } from "./kubeconfig";
import { eksAmiParameter, nodePoolTags, nodeUserData } from "./node-bootstrap";
import type { PolicyStatement } from "./tiered-storage";

/** Control-plane log types the cluster always ships (the pack's `eks-control-plane-logging` asks for them). */
export const CONTROL_PLANE_LOG_TYPES = ["api", "audit", "authenticator"] as const;

/** The add-ons every cluster gets; versions are pinned by the caller (config), keyed by these names. */
export const CORE_ADDONS = ["vpc-cni", "kube-proxy", "coredns", "eks-pod-identity-agent"] as const;
export type CoreAddon = (typeof CORE_ADDONS)[number];

/** Default service CIDR: outside the VPC's 10.0.0.0/8 and EKS's own default. */
export const DEFAULT_SERVICE_CIDR = "172.20.0.0/16";

export interface ClusterArgs {
  /** Physical cluster name; plain, because node tags and the log group name are derived from it. */
  readonly clusterName: string;
  /** Kubernetes version, e.g. `"1.33"`; also picks the nodes' EKS-optimized AMI. */
  readonly version: string;
  /** VPC of the cluster and its nodes. */
  readonly vpcId: pulumi.Input<string>;
  /** Private subnets for the control plane's network interfaces, in at least 2 AZs. */
  readonly subnetIds: readonly pulumi.Input<string>[];
  /**
   * CIDRs allowed to reach the public API endpoint. Empty keeps the endpoint private (reachable only from
   * the VPC and networks routed into it, where `pulumi up` must then run).
   * @default [] (private endpoint only)
   */
  readonly publicAccessCidrs?: readonly string[];
  /**
   * KMS key for envelope encryption of Kubernetes secrets and for the control-plane log group. Its policy
   * must let CloudWatch Logs use it for `/aws/eks/<clusterName>/cluster`.
   * @default a customer-managed key of the cluster's own, with that grant
   */
  readonly kmsKeyArn?: pulumi.Input<string>;
  /** Days to keep control-plane logs (a CloudWatch retention value). @default 90 */
  readonly logRetentionDays?: number;
  /**
   * Add-on versions (e.g. `v1.20.4-eksbuild.1`) by add-on name; an add-on left out gets EKS's default for
   * the cluster version at creation (and is then never upgraded behind your back).
   * @default {}
   */
  readonly addonVersions?: Readonly<Partial<Record<CoreAddon, string>>>;
  /** IAM principals (roles, users) given cluster-admin through access entries. @default [] */
  readonly adminPrincipalArns?: readonly string[];
  /** Cluster service CIDR. @default DEFAULT_SERVICE_CIDR (172.20.0.0/16) */
  readonly serviceCidr?: string;
}

/** The ComputePool args that make a pool's instances join a cluster; merge `tags` with the pool's own. */
export type NodeJoinArgs = Required<
  Pick<ComputePoolArgs, "imageId" | "userData" | "instanceProfile" | "securityGroupIds" | "tags">
>;

/**
 * An EKS control plane built from plain `aws.*` resources (so the policy pack and the cost model see
 * every part offline): private subnets, KMS-encrypted secrets, control-plane logs with retention, access
 * entries instead of the aws-auth ConfigMap, an OIDC provider for service-account roles, pinned core
 * add-ons, and the IAM role, instance profile and security group its nodes use. Nodes come from
 * ComputePools given {@link Cluster.nodeArgs}.
 */
export class Cluster extends pulumi.ComponentResource {
  readonly clusterName: pulumi.Output<string>;
  readonly endpoint: pulumi.Output<string>;
  readonly certificateAuthority: pulumi.Output<string>;
  /** A kubeconfig using `aws eks get-token`; resolves once the VPC CNI add-on exists. */
  readonly kubeconfig: pulumi.Output<string>;
  readonly oidcProviderArn: pulumi.Output<string>;
  /** The issuer without `https://`, as IAM condition keys spell it. */
  readonly oidcIssuerHostPath: pulumi.Output<string>;
  readonly nodeRoleArn: pulumi.Output<string>;
  readonly nodeRoleName: pulumi.Output<string>;
  readonly nodeInstanceProfileArn: pulumi.Output<string>;
  readonly nodeSecurityGroupId: pulumi.Output<string>;
  readonly kmsKeyArn: pulumi.Output<string>;
  readonly version: string;
  readonly serviceCidr: string;

  private readonly physicalName: string;

  constructor(name: string, args: ClusterArgs, opts?: pulumi.ComponentResourceOptions) {
    super("openclaw:infra:Cluster", name, {}, opts);
    throwIfArgIssues(`Cluster "${name}"`, validateClusterArgs(args));
    const parent = { parent: this };
    const clusterName = args.clusterName;
    this.physicalName = clusterName;
    this.version = args.version;
    this.serviceCidr = args.serviceCidr ?? DEFAULT_SERVICE_CIDR;
    const logGroupName = `/aws/eks/${clusterName}/cluster`;

    const identity = aws.getCallerIdentityOutput({}, parent);
    const partition = aws.getPartitionOutput({}, parent);
    const region = aws.getRegionOutput({}, parent);
    const keyArn =
      args.kmsKeyArn ??
      new EncryptionKey(
        `${name}-key`,
        {
          description: `EKS ${clusterName}: secrets and control-plane logs`,
          extraPolicyStatements: [
            pulumi
              .all([partition.partition, region.region, identity.accountId])
              .apply(([p, r, account]) => logsKeyStatement(p, r, account, logGroupName)),
          ],
        },
        parent,
      ).keyArn;
    this.kmsKeyArn = pulumi.output(keyArn);

    // Created before the cluster so EKS writes into a group with retention and encryption rather than
    // creating its own that keeps logs forever.
    const logGroup = new aws.cloudwatch.LogGroup(
      `${name}-logs`,
      { name: logGroupName, retentionInDays: args.logRetentionDays ?? 90, kmsKeyId: keyArn },
      parent,
    );

    const clusterRole = serviceRole(`${name}-role`, "eks.amazonaws.com", this, [
      "sts:AssumeRole",
      "sts:TagSession",
    ]);
    attachManagedPolicies(`${name}-role`, clusterRole, [aws.iam.ManagedPolicy.AmazonEKSClusterPolicy], this);
    // The managed policy doesn't cover customer keys: the control plane needs these to envelope-encrypt.
    new aws.iam.RolePolicy(
      `${name}-role-kms`,
      {
        role: clusterRole.name,
        policy: pulumi.output(keyArn).apply((arn) =>
          JSON.stringify({
            Version: "2012-10-17",
            Statement: [
              {
                Effect: "Allow",
                Action: ["kms:Encrypt", "kms:Decrypt", "kms:DescribeKey", "kms:CreateGrant"],
                Resource: arn,
              },
            ],
          }),
        ),
      },
      parent,
    );

    const { controlPlane, nodes } = createSecurityGroups(name, args.vpcId, this);
    const publicCidrs = args.publicAccessCidrs ?? [];
    const cluster = new aws.eks.Cluster(
      `${name}-eks`,
      {
        name: clusterName,
        version: args.version,
        roleArn: clusterRole.arn,
        vpcConfig: {
          subnetIds: [...args.subnetIds],
          securityGroupIds: [controlPlane.id],
          endpointPrivateAccess: true,
          endpointPublicAccess: publicCidrs.length > 0,
          publicAccessCidrs: publicCidrs.length > 0 ? [...publicCidrs] : undefined,
        },
        kubernetesNetworkConfig: { serviceIpv4Cidr: this.serviceCidr, ipFamily: "ipv4" },
        encryptionConfig: { resources: ["secrets"], provider: { keyArn } },
        enabledClusterLogTypes: [...CONTROL_PLANE_LOG_TYPES],
        // Access entries only: no aws-auth ConfigMap to hand-edit. The identity running `pulumi up` is
        // the first admin, so the Kubernetes provider can create the platform's objects.
        accessConfig: { authenticationMode: "API", bootstrapClusterCreatorAdminPermissions: true },
        // The add-ons below replace the unmanaged copies EKS would otherwise install.
        bootstrapSelfManagedAddons: false,
        upgradePolicy: { supportType: "STANDARD" },
        tags: { Name: clusterName },
      },
      { parent: this, dependsOn: [logGroup] },
    );

    const nodeRole = serviceRole(`${name}-node-role`, "ec2.amazonaws.com", this);
    attachManagedPolicies(`${name}-node-role`, nodeRole, NODE_POLICY_ARNS, this);
    const profile = new aws.iam.InstanceProfile(`${name}-node-profile`, { role: nodeRole.name }, parent);
    new aws.eks.AccessEntry(
      `${name}-nodes`,
      { clusterName: cluster.name, principalArn: nodeRole.arn, type: "EC2_LINUX" },
      parent,
    );
    for (const principalArn of args.adminPrincipalArns ?? []) {
      grantClusterAdmin(name, cluster.name, principalArn, this);
    }

    const issuer = cluster.identities.apply((ids) => ids?.[0]?.oidcs?.[0]?.issuer ?? "");
    const oidc = new aws.iam.OpenIdConnectProvider(
      `${name}-oidc`,
      { url: issuer, clientIdLists: ["sts.amazonaws.com"] },
      parent,
    );

    const addons = CORE_ADDONS.map(
      (addonName) =>
        new aws.eks.Addon(
          `${name}-${addonName}`,
          {
            clusterName: cluster.name,
            addonName,
            addonVersion: args.addonVersions?.[addonName],
            resolveConflictsOnCreate: "OVERWRITE",
            resolveConflictsOnUpdate: "OVERWRITE",
          },
          parent,
        ),
    );
    const vpcCni = addons[CORE_ADDONS.indexOf("vpc-cni")];

    this.clusterName = cluster.name;
    this.endpoint = cluster.endpoint;
    this.certificateAuthority = cluster.certificateAuthority.apply((ca) => ca.data);
    this.kubeconfig = pulumi
      .all([cluster.name, cluster.endpoint, this.certificateAuthority, region.region, vpcCni?.id])
      .apply(([n, endpoint, ca, r]) =>
        eksKubeconfig({ clusterName: n, endpoint, certificateAuthority: ca, region: r }),
      );
    this.oidcProviderArn = oidc.arn;
    this.oidcIssuerHostPath = issuer.apply((url) => url.replace(/^https:\/\//, ""));
    this.nodeRoleArn = nodeRole.arn;
    this.nodeRoleName = nodeRole.name;
    this.nodeInstanceProfileArn = profile.arn;
    this.nodeSecurityGroupId = nodes.id;
    this.registerOutputs({
      clusterName: this.clusterName,
      endpoint: this.endpoint,
      certificateAuthority: this.certificateAuthority,
      kubeconfig: this.kubeconfig,
      oidcProviderArn: this.oidcProviderArn,
      nodeRoleArn: this.nodeRoleArn,
      nodeInstanceProfileArn: this.nodeInstanceProfileArn,
      nodeSecurityGroupId: this.nodeSecurityGroupId,
      kmsKeyArn: this.kmsKeyArn,
    });
  }

  /**
   * What a ComputePool needs to join this cluster: the EKS-optimized AL2023 AMI for the cluster's
   * version, nodeadm user data, the node instance profile and security group, and the ASG tags for
   * autoscaler discovery and the termination handler.
   */
  nodeArgs(poolName: string): NodeJoinArgs {
    const ami = aws.ssm.getParameterOutput({ name: eksAmiParameter(this.version) }, { parent: this });
    return {
      imageId: ami.value,
      userData: pulumi
        .all([this.endpoint, this.certificateAuthority])
        .apply(([apiServerEndpoint, certificateAuthority]) =>
          nodeUserData({
            clusterName: this.physicalName,
            apiServerEndpoint,
            certificateAuthority,
            serviceCidr: this.serviceCidr,
            poolName,
          }),
        ),
      instanceProfile: { arn: this.nodeInstanceProfileArn, roleName: this.nodeRoleName },
      securityGroupIds: [this.nodeSecurityGroupId],
      tags: nodePoolTags(this.physicalName, poolName),
    };
  }
}

/** What a node needs: join the cluster, run the VPC CNI, pull images from ECR, and be reachable by SSM. */
export const NODE_POLICY_ARNS: readonly string[] = [
  aws.iam.ManagedPolicy.AmazonEKSWorkerNodePolicy,
  aws.iam.ManagedPolicy.AmazonEKS_CNI_Policy,
  aws.iam.ManagedPolicy.AmazonEC2ContainerRegistryReadOnly,
  aws.iam.ManagedPolicy.AmazonSSMManagedInstanceCore,
];

export function validateClusterArgs(args: ClusterArgs): ArgIssue[] {
  const issues: ArgIssue[] = [];
  if (!/^\d+\.\d+$/.test(args.version))
    issues.push(argIssue("version", 'must look like "1.33"', args.version));
  if (!/^[0-9A-Za-z][A-Za-z0-9_-]{0,99}$/.test(args.clusterName)) {
    issues.push(
      argIssue(
        "clusterName",
        "must be 1-100 letters, digits, hyphens or underscores, starting alphanumeric",
        args.clusterName,
      ),
    );
  }
  if (args.subnetIds.length < 2) {
    issues.push(
      argIssue("subnetIds", "must list subnets in at least 2 AZs (EKS requires it)", args.subnetIds.length),
    );
  }
  const open = (args.publicAccessCidrs ?? []).filter((cidr) => cidr.endsWith("/0"));
  if (open.length > 0) {
    issues.push(
      argIssue(
        "publicAccessCidrs",
        "must not open the API endpoint to the whole internet; list your admin CIDRs",
        open,
      ),
    );
  }
  return issues;
}

/** Lets CloudWatch Logs use the key for one log group only (logs encryption needs this in the key policy). */
export function logsKeyStatement(
  partition: string,
  region: string,
  accountId: string,
  logGroupName: string,
): PolicyStatement {
  return {
    Sid: "CloudWatchLogsControlPlane",
    Effect: "Allow",
    Principal: { Service: `logs.${region}.amazonaws.com` },
    Action: ["kms:Encrypt*", "kms:Decrypt*", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:Describe*"],
    Resource: "*",
    Condition: {
      ArnEquals: {
        "kms:EncryptionContext:aws:logs:arn": `arn:${partition}:logs:${region}:${accountId}:log-group:${logGroupName}`,
      },
    },
  };
}

/**
 * A trust policy letting one Kubernetes service account assume a role through the cluster's OIDC
 * provider (IAM roles for service accounts).
 */
export function serviceAccountTrustPolicy(
  oidcProviderArn: string,
  issuerHostPath: string,
  namespace: string,
  serviceAccount: string,
): string {
  return JSON.stringify({
    Version: "2012-10-17",
    Statement: [
      {
        Effect: "Allow",
        Principal: { Federated: oidcProviderArn },
        Action: "sts:AssumeRoleWithWebIdentity",
        Condition: {
          StringEquals: {
            [`${issuerHostPath}:sub`]: `system:serviceaccount:${namespace}:${serviceAccount}`,
            [`${issuerHostPath}:aud`]: "sts.amazonaws.com",
          },
        },
      },
    ],
  });
}

function serviceRole(
  name: string,
  service: string,
  parent: pulumi.Resource,
  actions: readonly string[] = ["sts:AssumeRole"],
): aws.iam.Role {
  return new aws.iam.Role(
    name,
    {
      assumeRolePolicy: JSON.stringify({
        Version: "2012-10-17",
        Statement: [{ Effect: "Allow", Principal: { Service: service }, Action: [...actions] }],
      }),
    },
    { parent },
  );
}

function attachManagedPolicies(
  name: string,
  role: aws.iam.Role,
  policyArns: readonly string[],
  parent: pulumi.Resource,
): void {
  for (const policyArn of policyArns) {
    // Keyed by the policy's name, so reordering the list replaces nothing.
    new aws.iam.RolePolicyAttachment(
      `${name}-${policyArn.split("/").pop()}`,
      { role: role.name, policyArn },
      { parent },
    );
  }
}

function grantClusterAdmin(
  name: string,
  clusterName: pulumi.Output<string>,
  principalArn: string,
  parent: pulumi.Resource,
): void {
  // Keyed by the principal's name (the ARN's last segment), stable under reordering.
  const key = `${name}-admin-${principalArn.split("/").pop()}`;
  const entry = new aws.eks.AccessEntry(key, { clusterName, principalArn, type: "STANDARD" }, { parent });
  new aws.eks.AccessPolicyAssociation(
    key,
    {
      clusterName,
      principalArn: entry.principalArn,
      policyArn: "arn:aws:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy",
      accessScope: { type: "cluster" },
    },
    { parent },
  );
}

/**
 * The control plane's extra security group and the nodes' group, with the rules EKS documents for
 * self-managed nodes: nodes talk to each other freely, the control plane reaches kubelets and webhooks
 * (443, 1025-65535), nodes reach the API server on 443, and nodes go out through the NAT.
 */
function createSecurityGroups(
  name: string,
  vpcId: pulumi.Input<string>,
  parent: pulumi.Resource,
): { controlPlane: aws.ec2.SecurityGroup; nodes: aws.ec2.SecurityGroup } {
  const controlPlane = new aws.ec2.SecurityGroup(
    `${name}-control-plane-sg`,
    { vpcId, description: "EKS control plane ENIs", tags: { Name: `${name}-control-plane-sg` } },
    { parent },
  );
  const nodes = new aws.ec2.SecurityGroup(
    `${name}-node-sg`,
    { vpcId, description: "EKS nodes", tags: { Name: `${name}-node-sg` } },
    { parent },
  );
  const tcp = (fromPort: number, toPort: number) => ({ ipProtocol: "tcp", fromPort, toPort });
  const rules: [string, aws.vpc.SecurityGroupIngressRuleArgs][] = [
    [
      "node-from-nodes",
      {
        securityGroupId: nodes.id,
        referencedSecurityGroupId: nodes.id,
        ipProtocol: "-1",
        description: "Node to node (pods, DNS)",
      },
    ],
    [
      "node-from-control-plane-443",
      {
        securityGroupId: nodes.id,
        referencedSecurityGroupId: controlPlane.id,
        ...tcp(443, 443),
        description: "Control plane to webhooks on 443",
      },
    ],
    [
      "node-from-control-plane",
      {
        securityGroupId: nodes.id,
        referencedSecurityGroupId: controlPlane.id,
        ...tcp(1025, 65535),
        description: "Control plane to kubelets and webhooks",
      },
    ],
    [
      "control-plane-from-nodes",
      {
        securityGroupId: controlPlane.id,
        referencedSecurityGroupId: nodes.id,
        ...tcp(443, 443),
        description: "Nodes to the API server",
      },
    ],
  ];
  for (const [suffix, rule] of rules) {
    new aws.vpc.SecurityGroupIngressRule(`${name}-${suffix}`, rule, { parent });
  }
  new aws.vpc.SecurityGroupEgressRule(
    `${name}-control-plane-to-nodes`,
    {
      securityGroupId: controlPlane.id,
      referencedSecurityGroupId: nodes.id,
      ipProtocol: "-1",
      description: "Control plane to nodes",
    },
    { parent },
  );
  new aws.vpc.SecurityGroupEgressRule(
    `${name}-node-egress`,
    {
      securityGroupId: nodes.id,
      cidrIpv4: "0.0.0.0/0",
      ipProtocol: "-1",
      description: "Nodes out through the NAT (ECR, STS, APIs)",
    },
    { parent },
  );
  return { controlPlane, nodes };
}
