import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { throwIfArgIssues } from "./arg-errors";
import {
  type ComputePoolArgs,
  DEFAULT_IMAGE_ID,
  DEFAULT_INSTANCE_TYPES,
  type InstanceRequirementsArgs,
  type SecurityGroupIngressArgs,
  validateComputePoolArgs,
} from "./compute-pool-args";
import { asgTagBlocks } from "./tags";

export * from "./compute-pool-args";

/**
 * An Auto Scaling group of private, IMDSv2-only instances that mixes an On-Demand base with diversified
 * Spot capacity, scales on CPU and refreshes itself when its launch template changes.
 */
export class ComputePool extends pulumi.ComponentResource {
  readonly autoScalingGroupName: pulumi.Output<string>;
  readonly autoScalingGroupArn: pulumi.Output<string>;
  readonly launchTemplateId: pulumi.Output<string>;
  readonly securityGroupId: pulumi.Output<string>;
  readonly instanceRoleName: pulumi.Output<string>;

  constructor(name: string, args: ComputePoolArgs, opts?: pulumi.ComponentResourceOptions) {
    super("openclaw:infra:ComputePool", name, {}, opts);
    throwIfArgIssues(`ComputePool "${name}"`, validateComputePoolArgs(args));

    const profile = args.instanceProfile ?? createInstanceProfile(name, args.extraPolicyArns ?? [], this);
    const securityGroup = createSecurityGroup(name, args.vpcId, args.ingress ?? [], this);
    const launchTemplate = new aws.ec2.LaunchTemplate(
      `${name}-lt`,
      launchTemplateArgs(name, args, securityGroup.id, profile.arn),
      { parent: this },
    );
    const group = new aws.autoscaling.Group(
      `${name}-asg`,
      groupArgs(name, args, {
        id: launchTemplate.id,
        version: pulumi.interpolate`${launchTemplate.latestVersion}`,
      }),
      // The target-tracking policy owns the desired count after creation; IaC re-applying its initial
      // value would undo every scale-out on the next `pulumi up`.
      { parent: this, ignoreChanges: ["desiredCapacity"] },
    );
    createScalingPolicies(name, group.name, args, this);

    this.autoScalingGroupName = group.name;
    this.autoScalingGroupArn = group.arn;
    this.launchTemplateId = launchTemplate.id;
    this.securityGroupId = securityGroup.id;
    this.instanceRoleName = pulumi.output(profile.roleName);
    this.registerOutputs({
      autoScalingGroupName: this.autoScalingGroupName,
      autoScalingGroupArn: this.autoScalingGroupArn,
      launchTemplateId: this.launchTemplateId,
      securityGroupId: this.securityGroupId,
      instanceRoleName: this.instanceRoleName,
    });
  }
}

/** An EC2 role that SSM Session Manager can reach (no SSH keys, no inbound ports), plus extra policies. */
function createInstanceProfile(
  name: string,
  extraPolicyArns: readonly string[],
  parent: pulumi.Resource,
): { arn: pulumi.Output<string>; roleName: pulumi.Output<string> } {
  const role = new aws.iam.Role(
    `${name}-role`,
    {
      assumeRolePolicy: JSON.stringify({
        Version: "2012-10-17",
        Statement: [
          { Effect: "Allow", Principal: { Service: "ec2.amazonaws.com" }, Action: "sts:AssumeRole" },
        ],
      }),
    },
    { parent },
  );
  for (const policyArn of [aws.iam.ManagedPolicy.AmazonSSMManagedInstanceCore, ...extraPolicyArns]) {
    // Keyed by the policy's name, so reordering the list replaces nothing.
    new aws.iam.RolePolicyAttachment(
      `${name}-${policyArn.split("/").pop()}`,
      { role: role.name, policyArn },
      { parent },
    );
  }
  const profile = new aws.iam.InstanceProfile(`${name}-profile`, { role: role.name }, { parent });
  return { arn: profile.arn, roleName: role.name };
}

function createSecurityGroup(
  name: string,
  vpcId: pulumi.Input<string>,
  ingress: readonly SecurityGroupIngressArgs[],
  parent: pulumi.Resource,
): aws.ec2.SecurityGroup {
  return new aws.ec2.SecurityGroup(
    `${name}-sg`,
    {
      vpcId,
      description: `Instances of compute pool ${name}`,
      ingress: ingress.map((rule) => ({
        description: rule.description,
        protocol: rule.protocol,
        fromPort: rule.fromPort,
        toPort: rule.toPort,
        securityGroups: rule.sourceSecurityGroupId ? [rule.sourceSecurityGroupId] : undefined,
        cidrBlocks: rule.cidrBlocks ? [...rule.cidrBlocks] : undefined,
      })),
      // Egress stays open: instances reach SSM, package mirrors and APIs through the NAT gateway.
      egress: [
        { description: "All outbound", protocol: "-1", fromPort: 0, toPort: 0, cidrBlocks: ["0.0.0.0/0"] },
      ],
      tags: { Name: `${name}-sg` },
    },
    { parent },
  );
}

/** IMDSv2 only, encrypted gp3 root volume, no public IP, and the pool's tags on what it launches. */
export function launchTemplateArgs(
  name: string,
  args: ComputePoolArgs,
  securityGroupId: pulumi.Input<string>,
  instanceProfileArn: pulumi.Input<string>,
): aws.ec2.LaunchTemplateArgs {
  const tags = { ...(args.tags ?? {}), Name: name };
  return {
    description: `Compute pool ${name}`,
    imageId: args.imageId ?? DEFAULT_IMAGE_ID,
    // With a warm pool there is no mixed instances policy, so the type lives in the template.
    instanceType: args.warmPool ? (args.instanceTypes ?? DEFAULT_INSTANCE_TYPES)[0] : undefined,
    userData: args.userData
      ? pulumi.output(args.userData).apply((text) => Buffer.from(text).toString("base64"))
      : undefined,
    iamInstanceProfile: { arn: instanceProfileArn },
    ebsOptimized: "true",
    updateDefaultVersion: true,
    metadataOptions: {
      httpEndpoint: "enabled",
      httpTokens: "required",
      httpPutResponseHopLimit: args.metadataHopLimit ?? 2,
    },
    networkInterfaces: [
      {
        deviceIndex: 0,
        associatePublicIpAddress: "false",
        deleteOnTermination: "true",
        securityGroups: [securityGroupId, ...(args.securityGroupIds ?? [])],
      },
    ],
    blockDeviceMappings: [
      {
        deviceName: "/dev/xvda",
        ebs: {
          volumeType: "gp3",
          volumeSize: args.rootVolumeSizeGiB ?? 20,
          encrypted: "true",
          kmsKeyId: args.rootVolumeKmsKeyId,
          deleteOnTermination: "true",
        },
      },
    ],
    tagSpecifications: ["instance", "volume", "network-interface"].map((resourceType) => ({
      resourceType,
      tags,
    })),
    tags: { Name: `${name}-lt` },
  };
}

/**
 * The group: a mixed instances policy (or, with a warm pool, the plain template), health checks,
 * instance refresh, metrics and propagate-at-launch tags.
 */
export function groupArgs(
  name: string,
  args: ComputePoolArgs,
  template: aws.types.input.autoscaling.GroupLaunchTemplate,
): aws.autoscaling.GroupArgs {
  const targetGroupArns = args.targetGroupArns ?? [];
  const warmPool = args.warmPool;
  const warmup = args.instanceWarmupSeconds ?? 300;
  return {
    minSize: args.minSize,
    maxSize: args.maxSize,
    desiredCapacity: args.desiredCapacity ?? args.minSize,
    vpcZoneIdentifiers: [...args.subnetIds],
    capacityRebalance: warmPool ? undefined : (args.capacityRebalance ?? true),
    launchTemplate: warmPool ? template : undefined,
    mixedInstancesPolicy: warmPool ? undefined : mixedInstancesPolicy(args, template),
    targetGroupArns: [...targetGroupArns],
    healthCheckType: targetGroupArns.length > 0 ? "ELB" : "EC2",
    healthCheckGracePeriod: args.healthCheckGracePeriodSeconds ?? 300,
    defaultInstanceWarmup: warmup,
    instanceRefresh: {
      strategy: "Rolling",
      preferences: {
        minHealthyPercentage: args.instanceRefreshMinHealthyPercentage ?? 90,
        instanceWarmup: String(warmup),
        skipMatching: true,
      },
    },
    warmPool: warmPool
      ? {
          minSize: warmPool.minSize ?? 0,
          poolState: warmPool.poolState ?? "Stopped",
          instanceReusePolicy: { reuseOnScaleIn: warmPool.reuseOnScaleIn ?? true },
        }
      : undefined,
    // Group metrics are free at 1-minute granularity and feed dashboards and predictive scaling.
    metricsGranularity: "1Minute",
    enabledMetrics: ["GroupDesiredCapacity", "GroupInServiceInstances", "GroupTotalInstances"],
    tags: asgTagBlocks({ ...(args.tags ?? {}), Name: name }),
  };
}

function mixedInstancesPolicy(
  args: ComputePoolArgs,
  template: aws.types.input.autoscaling.GroupLaunchTemplate,
): aws.types.input.autoscaling.GroupMixedInstancesPolicy {
  const requirements = args.instanceRequirements;
  return {
    instancesDistribution: {
      onDemandBaseCapacity: args.onDemandBaseCapacity ?? 0,
      onDemandPercentageAboveBaseCapacity: args.onDemandPercentageAboveBaseCapacity ?? 0,
      // `prioritized` follows the instanceTypes order; attribute-based selection has no order.
      onDemandAllocationStrategy: requirements ? "lowest-price" : "prioritized",
      spotAllocationStrategy: args.spotAllocationStrategy ?? "price-capacity-optimized",
    },
    launchTemplate: {
      launchTemplateSpecification: { launchTemplateId: template.id, version: template.version },
      overrides: requirements
        ? [{ instanceRequirements: toInstanceRequirements(requirements) }]
        : (args.instanceTypes ?? DEFAULT_INSTANCE_TYPES).map((instanceType) => ({ instanceType })),
    },
  };
}

function toInstanceRequirements(
  req: InstanceRequirementsArgs,
): aws.types.input.autoscaling.GroupMixedInstancesPolicyLaunchTemplateOverrideInstanceRequirements {
  return {
    vcpuCount: { min: req.vcpu.min, max: req.vcpu.max },
    memoryMib: { min: req.memoryMib.min, max: req.memoryMib.max },
    burstablePerformance: req.burstablePerformance ?? "excluded",
    cpuManufacturers: [...(req.cpuManufacturers ?? ["intel", "amd"])],
    instanceGenerations: ["current"],
  };
}

/** Target tracking on CPU always; predictive scaling and scheduled actions when asked. */
function createScalingPolicies(
  name: string,
  groupName: pulumi.Output<string>,
  args: ComputePoolArgs,
  parent: pulumi.Resource,
): void {
  const targetCpu = args.targetCpuUtilization ?? 50;
  new aws.autoscaling.Policy(
    `${name}-cpu-target`,
    {
      autoscalingGroupName: groupName,
      policyType: "TargetTrackingScaling",
      targetTrackingConfiguration: {
        predefinedMetricSpecification: { predefinedMetricType: "ASGAverageCPUUtilization" },
        targetValue: targetCpu,
      },
    },
    { parent },
  );
  if (args.predictiveScaling) {
    new aws.autoscaling.Policy(
      `${name}-predictive`,
      {
        autoscalingGroupName: groupName,
        policyType: "PredictiveScaling",
        predictiveScalingConfiguration: {
          mode: args.predictiveScaling.mode,
          metricSpecification: {
            targetValue: args.predictiveScaling.targetCpuUtilization ?? targetCpu,
            predefinedMetricPairSpecification: { predefinedMetricType: "ASGCPUUtilization" },
          },
        },
      },
      { parent },
    );
  }
  for (const action of args.scheduledActions ?? []) {
    new aws.autoscaling.Schedule(
      `${name}-schedule-${action.name}`,
      {
        autoscalingGroupName: groupName,
        scheduledActionName: action.name,
        recurrence: action.recurrence,
        timeZone: action.timeZone ?? "Etc/UTC",
        minSize: action.minSize,
        maxSize: action.maxSize,
        desiredCapacity: action.desiredCapacity,
      },
      { parent },
    );
  }
}
