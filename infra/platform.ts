import * as aws from "@pulumi/aws";
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { GatewayService } from "../services/gateway/deploy";
import { Alarms, cloudWatchKeyStatement } from "./alarms";
import { Cache } from "./cache";
import { Cdn } from "./cdn";
import { SpotInterruptionExperiment } from "./chaos";
import { Cluster, type NodeJoinArgs } from "./cluster";
import { ComputePool, type ComputePoolArgs, type ScheduledActionArgs } from "./compute-pool";
import type { PlatformConfig, PoolConfig } from "./config";
import { EncryptionKey } from "./encryption-key";
import { FinOps } from "./finops";
import { PREFER_SPOT, referenceGatewayConfig } from "./gateway-config";
import { GATEWAY_NODE_PORT } from "./gateway-node-port";
import { LoadBalancer } from "./load-balancer";
import { Network } from "./network";
import { SpotInterruptionHandler } from "./spot-interruption-handler";
import { buildRequiredTags } from "./tags";
import { type PolicyStatement, TieredStorage } from "./tiered-storage";

export interface PlatformOptions {
  /**
   * AWS provider for every resource. It must carry the required tags as `defaultTags`.
   * @default a provider for `config.region` with the required tags as defaultTags
   */
  readonly provider?: aws.Provider;
}

/** What the stack exports. */
export interface PlatformOutputs {
  readonly vpcId: pulumi.Output<string>;
  readonly privateSubnetIds: pulumi.Output<string>[];
  readonly publicSubnetIds: pulumi.Output<string>[];
  readonly natGatewayIds: pulumi.Output<string>[];
  readonly baselineAsgName: pulumi.Output<string>;
  readonly burstAsgName: pulumi.Output<string>;
  readonly assetsBucketName: pulumi.Output<string>;
  readonly cdnDomainName: pulumi.Output<string>;
  readonly cdnDistributionId: pulumi.Output<string>;
  readonly cdnLogBucketName: pulumi.Output<string> | undefined;
  /** The stack-managed assets key, when SSE-KMS is on without a key of the user's. */
  readonly assetsKeyArn: pulumi.Output<string> | undefined;
  /** The platform's customer-managed key: Redis at rest, the alarm topic, the cache token parameter. */
  readonly platformKeyArn: pulumi.Output<string>;
  /** The ALB in front of the pools; point `apiDomainName`'s DNS record here when HTTPS is on. */
  readonly loadBalancerDnsName: pulumi.Output<string>;
  /** The gateway's Redis, `rediss://:<token>@<host>:6379`: a secret, for GatewayService's `redisUrl`. */
  readonly gatewayRedisUrl: pulumi.Output<string>;
  readonly alarmTopicArn: pulumi.Output<string>;
  readonly dashboardName: pulumi.Output<string>;
  /** The AWS Budget, when `monthlyBudgetUsd` is set. */
  readonly budgetName: pulumi.Output<string> | undefined;
  /** The FIS Spot-interruption experiment template, when `chaosSpotInterruptionPercent` is set. */
  readonly chaosExperimentTemplateId: pulumi.Output<string> | undefined;
  /** The EKS cluster's name; undefined when the stack runs on an existing cluster. */
  readonly clusterName: pulumi.Output<string> | undefined;
  readonly clusterEndpoint: pulumi.Output<string> | undefined;
  /** The provider every Kubernetes object of the stack uses. */
  readonly kubernetesProvider: k8s.Provider;
  /** The gateway's in-cluster URL; outside the cluster it answers on every node's GATEWAY_NODE_PORT. */
  readonly gatewayUrl: pulumi.Output<string>;
}

/**
 * The reference platform: a network, an On-Demand baseline pool plus a Spot-heavy burst pool behind
 * an ALB, a Redis for the gateway's shared state, tiered asset storage, a CDN in front of both
 * (`/v1/*` to the ALB, the rest to the bucket), and alarms, all tagged through one provider.
 */
export function createPlatform(config: PlatformConfig, opts: PlatformOptions = {}): PlatformOutputs {
  const tags = buildRequiredTags(config.tags);
  // Tags reach every taggable resource through the provider's defaultTags (the `transforms` option
  // would work under `pulumi up` but not under the planner's mocks). ASGs don't take default tags,
  // so the pools also get them as propagate-at-launch tag blocks.
  const provider =
    opts.provider ?? new aws.Provider("aws", { region: config.region as aws.Region, defaultTags: { tags } });
  const withProvider = { provider };

  const network = new Network(
    "network",
    {
      availabilityZones: config.network.availabilityZones,
      cidrBlock: config.network.vpcCidr,
      natGateways: config.network.natGateways,
      flowLogRetentionDays: config.network.flowLogRetentionDays,
      flowLogKmsKeyArn: config.network.flowLogKmsKeyArn,
    },
    withProvider,
  );

  // The platform's key: KMS keys are cheap ($1/month) and one policy lets CloudWatch alarms publish
  // to the topic it encrypts (they cannot use the AWS-managed SNS key).
  const platformKey = new EncryptionKey(
    "platform-key",
    {
      description: "OpenClaw platform (cache at rest, alarm topic)",
      extraPolicyStatements: [cloudWatchKeyStatement()],
    },
    withProvider,
  );

  // CloudFront -> ALB -> the pools' nodes on the gateway's NodePort (no in-cluster controller).
  const loadBalancer = new LoadBalancer(
    "api",
    {
      vpcId: network.vpcId,
      subnetIds: network.publicSubnetIds,
      vpcCidrBlock: network.cidrBlock,
      targetPort: GATEWAY_NODE_PORT,
      certificateArn: config.loadBalancer.certificateArn,
      // Config allows a missing certificate only in dev (validatePlatformConfig).
      allowPlainHttp: config.tags.environment === "dev",
      ingress: config.loadBalancer.ingress,
      deletionProtection: config.loadBalancer.deletionProtection,
    },
    withProvider,
  );
  // EKS, unless the stack runs on a cluster of the user's (then the pools stay plain instances).
  const cluster =
    config.cluster.existingKubeconfig === undefined
      ? new Cluster(
          "cluster",
          {
            clusterName: `${config.tags.service}-${config.tags.environment}`,
            version: config.cluster.version,
            vpcId: network.vpcId,
            subnetIds: network.privateSubnetIds,
            publicAccessCidrs: config.cluster.publicAccessCidrs,
            kmsKeyArn: config.cluster.kmsKeyArn,
            logRetentionDays: config.cluster.logRetentionDays,
            addonVersions: config.cluster.addonVersions,
            adminPrincipalArns: config.cluster.adminPrincipalArns,
          },
          withProvider,
        )
      : undefined;
  const kubernetesProvider = new k8s.Provider("k8s", {
    kubeconfig: cluster?.kubeconfig ?? config.cluster.existingKubeconfig,
  });

  const shared = {
    vpcId: network.vpcId,
    subnetIds: network.privateSubnetIds,
    imageId: config.compute.imageId,
    rootVolumeSizeGiB: config.compute.rootVolumeSizeGiB,
    targetCpuUtilization: config.compute.targetCpuUtilization,
    targetGroupArns: [loadBalancer.targetGroupArn],
    ingress: [
      {
        description: "Load balancer to the gateway's node port",
        protocol: "tcp",
        fromPort: GATEWAY_NODE_PORT,
        toPort: GATEWAY_NODE_PORT,
        sourceSecurityGroupId: loadBalancer.securityGroupId,
      },
    ],
    tags,
  } satisfies Partial<ComputePoolArgs>;
  const baseline = new ComputePool(
    "baseline",
    {
      ...shared,
      ...joining(cluster, "baseline", tags),
      ...poolSizing(config.compute.baseline),
      predictiveScaling:
        config.compute.predictiveScaling === "off" ? undefined : { mode: config.compute.predictiveScaling },
    },
    withProvider,
  );
  const burst = new ComputePool(
    "burst",
    {
      ...shared,
      ...joining(cluster, "burst", tags),
      ...poolSizing(config.compute.burst),
      scheduledActions: config.compute.offHoursScaleDown ? offHoursSchedule(config.compute.burst) : [],
    },
    withProvider,
  );

  // S3 allows one policy per bucket (and KMS one per key), and the CDN's grants need the distribution's
  // ARN, which exists only after the CDN that needs the bucket. Deferred outputs break the cycle: the
  // single policies are declared now and their CDN statements filled in once the CDN exists.
  const [cdnBucketStatements, resolveCdnBucketStatements] = pulumi.deferredOutput<PolicyStatement[]>();
  const [cdnKeyStatements, resolveCdnKeyStatements] = pulumi.deferredOutput<PolicyStatement[]>();
  // SSE-KMS without a key of the user's: a customer-managed key the CDN may decrypt with (the
  // AWS-managed aws/s3 key can't grant CloudFront anything, so the CDN would get 403s).
  const assetsKey =
    config.storage.encryption === "aws:kms" && config.storage.kmsKeyArn === undefined
      ? new EncryptionKey(
          "assets-key",
          { description: "OpenClaw assets bucket (SSE-KMS)", extraPolicyStatements: cdnKeyStatements },
          withProvider,
        )
      : undefined;
  const assets = new TieredStorage(
    "assets",
    {
      encryption: config.storage.encryption,
      kmsKeyArn: config.storage.kmsKeyArn ?? assetsKey?.keyArn,
      extraPolicyStatements: cdnBucketStatements,
      lifecycle: {
        mode: config.storage.tiering,
        standardIaAfterDays: config.storage.standardIaAfterDays,
        glacierInstantRetrievalAfterDays: config.storage.glacierInstantRetrievalAfterDays,
        deepArchiveAfterDays: config.storage.deepArchiveAfterDays,
        noncurrentVersionExpireAfterDays: config.storage.noncurrentVersionExpireAfterDays,
      },
    },
    withProvider,
  );
  const cache = new Cache(
    "gateway-cache",
    {
      vpcId: network.vpcId,
      subnetIds: network.privateSubnetIds,
      clientSecurityGroupIds: [baseline.securityGroupId, burst.securityGroupId],
      nodeType: config.cache.nodeType,
      replicas: config.cache.replicas,
      kmsKeyArn: platformKey.keyArn,
      authToken: config.cache.authToken === undefined ? undefined : pulumi.secret(config.cache.authToken),
    },
    withProvider,
  );

  const cdn = (() => {
    try {
      return new Cdn(
        "cdn",
        {
          origin: assets,
          apiOrigin: {
            domainName: config.loadBalancer.apiDomainName ?? loadBalancer.dnsName,
            protocol: loadBalancer.protocol,
          },
          priceClass: config.cdn.priceClass,
          aliases: config.cdn.aliases,
          acmCertificateArn: config.cdn.acmCertificateArn,
          logRetentionDays: config.cdn.logRetentionDays,
          webAclId: config.cdn.webAclArn,
        },
        withProvider,
      );
    } catch (error) {
      // The bucket and key policies above wait on the CDN's statements: settle them, or the engine waits
      // for those policies forever instead of reporting the CDN's bad arguments.
      resolveCdnBucketStatements(pulumi.output([]));
      resolveCdnKeyStatements(pulumi.output([]));
      throw error;
    }
  })();
  // Cost guardrails in the account itself: the budget and anomaly alerts on the stack's cost center.
  const finops = config.finops
    ? new FinOps("finops", { ...config.finops, costCenter: config.tags.costCenter }, withProvider)
    : undefined;
  // Rehearsed Spot reclaims: interrupt part of the burst pool while the baseline pool must stay in service.
  const chaos = config.chaos
    ? new SpotInterruptionExperiment(
        "spot-chaos",
        {
          targetAutoScalingGroupName: burst.autoScalingGroupName,
          percent: config.chaos.spotInterruptionPercent,
          guardAutoScalingGroupName: baseline.autoScalingGroupName,
          guardMinInService: Math.max(1, config.compute.baseline.minSize),
        },
        withProvider,
      )
    : undefined;
  if (cluster) {
    new SpotInterruptionHandler(
      "node-drain",
      {
        groups: [
          {
            key: "baseline",
            groupName: baseline.autoScalingGroupName,
            groupArn: baseline.autoScalingGroupArn,
          },
          { key: "burst", groupName: burst.autoScalingGroupName, groupArn: burst.autoScalingGroupArn },
        ],
        oidcProviderArn: cluster.oidcProviderArn,
        oidcIssuerHostPath: cluster.oidcIssuerHostPath,
        kubernetesProvider,
        replicas: config.cluster.terminationHandlerReplicas,
      },
      withProvider,
    );
  }
  // The gateway on the nodes' port (a load balancer's target group sends traffic there), preferring
  // Spot nodes and falling back to On-Demand ones.
  const gateway = new GatewayService(
    "gateway",
    {
      image: config.gateway.image,
      config: referenceGatewayConfig(config.gateway.upstreams, config.gateway.clientKeySha256),
      providerKeys: { ...config.gateway.providerKeys },
      redisUrl: cache.url,
      minReplicas: config.gateway.minReplicas,
      maxReplicas: config.gateway.maxReplicas,
      exposure: "NodePort",
      nodePort: GATEWAY_NODE_PORT,
      // NodePort traffic arrives from nodes and the load balancer, all inside the VPC.
      ingressCidrs: [config.network.vpcCidr],
      tolerations: PREFER_SPOT.tolerations,
      nodePreferences: PREFER_SPOT.nodePreferences,
    },
    { provider: kubernetesProvider },
  );
  resolveCdnBucketStatements(cdn.originReadStatement.apply((statement) => [statement]));
  resolveCdnKeyStatements(cdn.originKmsDecryptStatement.apply((statement) => [statement]));

  const alarms = new Alarms(
    "alarms",
    {
      region: config.region,
      kmsKeyArn: platformKey.keyArn,
      alertEmail: config.alerts.email,
      loadBalancer: {
        arnSuffix: loadBalancer.arnSuffix,
        targetGroupArnSuffix: loadBalancer.targetGroupArnSuffix,
      },
      autoScalingGroups: { baseline: baseline.autoScalingGroupName, burst: burst.autoScalingGroupName },
      cdnDistributionId: cdn.distributionId,
      cacheClusterIds: cache.memberClusterIds,
    },
    withProvider,
  );

  return {
    vpcId: network.vpcId,
    privateSubnetIds: network.privateSubnetIds,
    publicSubnetIds: network.publicSubnetIds,
    natGatewayIds: network.natGatewayIds,
    baselineAsgName: baseline.autoScalingGroupName,
    burstAsgName: burst.autoScalingGroupName,
    assetsBucketName: assets.bucketName,
    cdnDomainName: cdn.domainName,
    cdnDistributionId: cdn.distributionId,
    cdnLogBucketName: cdn.logBucketName,
    assetsKeyArn: assetsKey?.keyArn,
    platformKeyArn: platformKey.keyArn,
    loadBalancerDnsName: loadBalancer.dnsName,
    gatewayRedisUrl: cache.url,
    alarmTopicArn: alarms.topicArn,
    dashboardName: alarms.dashboardName,
    budgetName: finops?.budgetName,
    chaosExperimentTemplateId: chaos?.experimentTemplateId,
    clusterName: cluster?.clusterName,
    clusterEndpoint: cluster?.endpoint,
    kubernetesProvider,
    gatewayUrl: gateway.url,
  };
}

/** A pool's args to join the cluster (AMI, user data, node profile, tags), or nothing without one. */
function joining(
  cluster: Cluster | undefined,
  pool: string,
  tags: Readonly<Record<string, string>>,
): Partial<NodeJoinArgs> {
  if (!cluster) return {};
  const join = cluster.nodeArgs(pool);
  return { ...join, tags: { ...tags, ...join.tags } };
}

function poolSizing(pool: PoolConfig) {
  return {
    instanceTypes: pool.instanceTypes,
    minSize: pool.minSize,
    maxSize: pool.maxSize,
    onDemandBaseCapacity: pool.onDemandBaseCapacity,
    onDemandPercentageAboveBaseCapacity: pool.onDemandPercentageAboveBaseCapacity,
  } satisfies Partial<ComputePoolArgs>;
}

/** Weeknights and weekends off (UTC): the pool empties at 20:00 Mon-Fri and refills at 07:00. */
export function offHoursSchedule(pool: PoolConfig): ScheduledActionArgs[] {
  return [
    { name: "off-hours", recurrence: "0 20 * * MON-FRI", minSize: 0, maxSize: 0, desiredCapacity: 0 },
    {
      name: "business-hours",
      recurrence: "0 7 * * MON-FRI",
      minSize: pool.minSize,
      maxSize: pool.maxSize,
      desiredCapacity: pool.minSize,
    },
  ];
}
