import { randomBytes } from "node:crypto";
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { type ArgIssue, argIssue, throwIfArgIssues } from "./arg-errors";

export const REDIS_PORT = 6379;

/**
 * What ElastiCache accepts as an AUTH token: 16-128 printable ASCII characters without spaces,
 * `"`, `/` or `@` (the last two would also break the `rediss://` URL).
 */
export const AUTH_TOKEN_PATTERN = /^[!#-.0-?A-~]{16,128}$/;

export interface CacheArgs {
  /** VPC of the cache's security group. */
  readonly vpcId: pulumi.Input<string>;
  /** Private subnets, one per AZ (at least 2, so a replica can live in another AZ). A plain list. */
  readonly subnetIds: readonly pulumi.Input<string>[];
  /** Security groups whose members may connect on 6379 (the compute pools'); nothing else may. */
  readonly clientSecurityGroupIds: readonly pulumi.Input<string>[];
  /** Node type of every node. @default "cache.t4g.micro" */
  readonly nodeType?: string;
  /**
   * Read replicas besides the primary. With at least one, automatic failover and multi-AZ come on:
   * a replica in another AZ takes over when the primary or its AZ fails.
   * @default 0
   */
  readonly replicas?: number;
  /** Redis OSS engine version. @default "7.1" */
  readonly engineVersion?: string;
  /** KMS key for encryption at rest. @default undefined (the AWS-managed ElastiCache key) */
  readonly kmsKeyArn?: pulumi.Input<string>;
  /**
   * The AUTH token clients must present (a Pulumi secret; see AUTH_TOKEN_PATTERN). Without one, a
   * random token is made on the first `pulumi up` and kept in an SSM SecureString parameter that later
   * runs never change (`ignoreChanges`), so the token stays stable across deployments.
   * @default undefined (generated once, stored in SSM)
   */
  readonly authToken?: pulumi.Input<string>;
  /** Days of daily snapshots to keep; 0 takes none. @default 1 */
  readonly snapshotRetentionDays?: number;
}

/**
 * A Redis OSS replication group in private subnets: TLS in transit, encryption at rest, an AUTH token
 * (a Pulumi secret), reachable on 6379 only from the given client security groups; multi-AZ with
 * automatic failover when it has a replica. `url` is the `rediss://` URL clients connect with.
 */
export class Cache extends pulumi.ComponentResource {
  readonly replicationGroupId: pulumi.Output<string>;
  readonly primaryEndpoint: pulumi.Output<string>;
  readonly securityGroupId: pulumi.Output<string>;
  /** `rediss://:<token>@<primary endpoint>:6379`, a Pulumi secret. */
  readonly url: pulumi.Output<string>;
  /** Member cluster ids (`<group>-001`, ...): the CacheClusterId dimension of their CloudWatch metrics. */
  readonly memberClusterIds: pulumi.Output<string>[];

  constructor(name: string, args: CacheArgs, opts?: pulumi.ComponentResourceOptions) {
    super("openclaw:infra:Cache", name, {}, opts);
    throwIfArgIssues(`Cache "${name}"`, validateCacheArgs(args));

    const replicas = args.replicas ?? 0;
    const subnetGroup = new aws.elasticache.SubnetGroup(
      `${name}-subnets`,
      { description: `Cache ${name}`, subnetIds: [...args.subnetIds], tags: { Name: `${name}-subnets` } },
      { parent: this },
    );
    const securityGroup = new aws.ec2.SecurityGroup(
      `${name}-sg`,
      {
        vpcId: args.vpcId,
        description: `Cache ${name}: Redis from its clients only`,
        ingress: [
          {
            description: "Redis (TLS) from the clients",
            protocol: "tcp",
            fromPort: REDIS_PORT,
            toPort: REDIS_PORT,
            securityGroups: [...args.clientSecurityGroupIds],
          },
        ],
        // A cache opens no connections of its own.
        egress: [],
        tags: { Name: `${name}-sg` },
      },
      { parent: this },
    );
    const token = pulumi.secret(args.authToken ?? storedToken(name, args.kmsKeyArn, this));
    const group = new aws.elasticache.ReplicationGroup(
      `${name}-redis`,
      {
        description: `Cache ${name}`,
        engine: "redis",
        engineVersion: args.engineVersion ?? "7.1",
        nodeType: args.nodeType ?? "cache.t4g.micro",
        port: REDIS_PORT,
        numCacheClusters: 1 + replicas,
        automaticFailoverEnabled: replicas > 0,
        multiAzEnabled: replicas > 0,
        subnetGroupName: subnetGroup.name,
        securityGroupIds: [securityGroup.id],
        transitEncryptionEnabled: true,
        atRestEncryptionEnabled: true,
        kmsKeyId: args.kmsKeyArn,
        authToken: token,
        // A changed token is added next to the old one, so connected clients keep working until they reconnect.
        authTokenUpdateStrategy: "ROTATE",
        snapshotRetentionLimit: args.snapshotRetentionDays ?? 1,
        autoMinorVersionUpgrade: true,
        tags: { Name: `${name}-redis` },
      },
      { parent: this, additionalSecretOutputs: ["authToken"] },
    );

    this.replicationGroupId = group.id;
    this.primaryEndpoint = group.primaryEndpointAddress;
    this.securityGroupId = securityGroup.id;
    this.url = pulumi.secret(
      pulumi.interpolate`rediss://:${token}@${group.primaryEndpointAddress}:${REDIS_PORT}`,
    );
    // ElastiCache names members `<group>-001`, `-002`, ... in creation order.
    this.memberClusterIds = Array.from(
      { length: 1 + replicas },
      (_, i) => pulumi.interpolate`${group.id}-${String(i + 1).padStart(3, "0")}`,
    );
    this.registerOutputs({
      replicationGroupId: this.replicationGroupId,
      primaryEndpoint: this.primaryEndpoint,
      securityGroupId: this.securityGroupId,
      url: this.url,
      memberClusterIds: this.memberClusterIds,
    });
  }
}

/**
 * A random token created on the first deployment and kept in SSM: `ignoreChanges` makes every later
 * run reuse the stored value, whatever this run generated, so the token never churns.
 */
function storedToken(
  name: string,
  kmsKeyArn: pulumi.Input<string> | undefined,
  parent: pulumi.Resource,
): pulumi.Output<string> {
  const parameter = new aws.ssm.Parameter(
    `${name}-auth-token`,
    {
      description: `AUTH token of cache ${name}`,
      type: "SecureString",
      keyId: kmsKeyArn,
      value: pulumi.secret(randomBytes(32).toString("hex")),
    },
    { parent, ignoreChanges: ["value"], additionalSecretOutputs: ["value"] },
  );
  return parameter.value;
}

/** Checks every plain argument; returns all problems at once. */
export function validateCacheArgs(args: CacheArgs): ArgIssue[] {
  const issues: ArgIssue[] = [];
  if (args.subnetIds.length < 2) {
    issues.push(
      argIssue("subnetIds", "must list at least 2 private subnets in different AZs", args.subnetIds.length),
    );
  }
  if (args.clientSecurityGroupIds.length === 0) {
    issues.push(argIssue("clientSecurityGroupIds", "must list at least one client security group", []));
  }
  const nodeType = args.nodeType;
  if (nodeType !== undefined && !/^cache\.[a-z0-9]+\.[a-z0-9]+$/.test(nodeType)) {
    issues.push(argIssue("nodeType", "must be an ElastiCache node type like cache.t4g.micro", nodeType));
  }
  const replicas = args.replicas;
  if (replicas !== undefined && (!Number.isInteger(replicas) || replicas < 0 || replicas > 5)) {
    issues.push(argIssue("replicas", "must be a whole number from 0 to 5", replicas));
  }
  const token = args.authToken;
  if (typeof token === "string" && !AUTH_TOKEN_PATTERN.test(token)) {
    issues.push({
      propertyPath: "authToken",
      // Never echo a secret: say what is wrong, not what was given.
      reason: `authToken must be 16-128 printable characters without spaces, '"', '/' or '@'; got ${token.length} characters`,
    });
  }
  const snapshots = args.snapshotRetentionDays;
  if (snapshots !== undefined && (!Number.isInteger(snapshots) || snapshots < 0 || snapshots > 35)) {
    issues.push(argIssue("snapshotRetentionDays", "must be a whole number from 0 to 35", snapshots));
  }
  return issues;
}
