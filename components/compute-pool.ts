import * as pulumi from "@pulumi/pulumi";
import * as infra from "../infra/compute-pool";
import type { ComputePoolArgs as InfraComputePoolArgs } from "../infra/compute-pool-args";
import type {
  BurstablePerformance,
  CpuManufacturer,
  IngressProtocol,
  PredictiveScalingMode,
  SpotAllocationStrategy,
  WarmPoolState,
} from "./enums";

/** An inclusive range; `max` omitted means no upper bound. */
export interface MinMax {
  readonly min: number;
  readonly max?: number;
}

/** Attribute-based instance selection (instead of `instanceTypes`). */
export interface InstanceRequirements {
  readonly vcpu: MinMax;
  readonly memoryMib: MinMax;
  /** @default "excluded" */
  readonly burstablePerformance?: BurstablePerformance;
  /** @default ["intel", "amd"] */
  readonly cpuManufacturers?: CpuManufacturer[];
}

export interface ScheduledAction {
  /** Unique within the pool; keys the child resource. */
  readonly name: string;
  /** Cron expression, e.g. `0 20 * * MON-FRI`. */
  readonly recurrence: string;
  /** @default unchanged */
  readonly minSize?: number;
  /** @default unchanged */
  readonly maxSize?: number;
  /** @default unchanged */
  readonly desiredCapacity?: number;
  /** IANA time zone of the cron expression. @default "Etc/UTC" */
  readonly timeZone?: string;
}

export interface PredictiveScaling {
  readonly mode: PredictiveScalingMode;
  /** @default the pool's targetCpuUtilization */
  readonly targetCpuUtilization?: number;
}

export interface WarmPool {
  /** @default 0 */
  readonly minSize?: number;
  /** @default "Stopped" */
  readonly poolState?: WarmPoolState;
  /** @default true */
  readonly reuseOnScaleIn?: boolean;
}

export interface SecurityGroupIngress {
  readonly description: string;
  readonly protocol: IngressProtocol;
  readonly fromPort: number;
  readonly toPort: number;
  readonly sourceSecurityGroupId?: pulumi.Input<string>;
  readonly cidrBlocks?: string[];
}

/**
 * infra's ComputePoolArgs restated in forms every Pulumi language can take; defaults and validation are
 * the infra component's (see docs/infra.md).
 */
export interface ComputePoolArgs {
  readonly vpcId: pulumi.Input<string>;
  /** Private subnets to launch into, one per AZ. */
  readonly subnetIds: pulumi.Input<string>[];
  readonly minSize: number;
  readonly maxSize: number;
  /** @default minSize */
  readonly desiredCapacity?: number;
  /** Instances that are always On-Demand. @default 0 */
  readonly onDemandBaseCapacity?: number;
  /** On-Demand share above the base, 0-100. @default 0 */
  readonly onDemandPercentageAboveBaseCapacity?: number;
  /** Instance types to mix (at least 3 when using Spot). @default ["m6i.large", "m7i.large", "m6a.large", "m5.large"] */
  readonly instanceTypes?: string[];
  /** Attribute-based selection instead of `instanceTypes`. @default undefined */
  readonly instanceRequirements?: InstanceRequirements;
  /** @default "price-capacity-optimized" */
  readonly spotAllocationStrategy?: SpotAllocationStrategy;
  /** Replace Spot instances at elevated interruption risk early. @default true */
  readonly capacityRebalance?: boolean;
  /** AMI id or `resolve:ssm:` parameter. @default Amazon Linux 2023, x86_64 */
  readonly imageId?: pulumi.Input<string>;
  /** Plain-text user data. @default undefined (none) */
  readonly userData?: pulumi.Input<string>;
  /** Root volume size in GiB (encrypted gp3). @default 20 */
  readonly rootVolumeSizeGiB?: number;
  /** @default undefined (the AWS-managed EBS key) */
  readonly rootVolumeKmsKeyId?: pulumi.Input<string>;
  /** IMDSv2 hop limit, 1 or 2 (2 lets containers reach the metadata service). @default 2 */
  readonly metadataHopLimit?: number;
  /** @default [] (no inbound traffic) */
  readonly ingress?: SecurityGroupIngress[];
  /** @default [] */
  readonly extraPolicyArns?: string[];
  /** @default [] */
  readonly targetGroupArns?: pulumi.Input<string>[];
  /** @default 300 */
  readonly healthCheckGracePeriodSeconds?: number;
  /** Average CPU (%) the target-tracking policy holds. @default 50 */
  readonly targetCpuUtilization?: number;
  /** @default undefined (off) */
  readonly predictiveScaling?: PredictiveScaling;
  /** @default [] */
  readonly scheduledActions?: ScheduledAction[];
  /** @default 90 */
  readonly instanceRefreshMinHealthyPercentage?: number;
  /** @default 300 */
  readonly instanceWarmupSeconds?: number;
  /** @default undefined (no warm pool) */
  readonly warmPool?: WarmPool;
  /** Tags propagated to instances at launch. @default {} */
  readonly tags?: Record<string, string>;
}

/** An Auto Scaling group mixing an On-Demand base with diversified Spot capacity (infra/compute-pool.ts). */
export class ComputePool extends pulumi.ComponentResource {
  readonly autoScalingGroupName: pulumi.Output<string>;
  readonly autoScalingGroupArn: pulumi.Output<string>;
  readonly launchTemplateId: pulumi.Output<string>;
  readonly securityGroupId: pulumi.Output<string>;
  readonly instanceRoleName: pulumi.Output<string>;

  constructor(name: string, args: ComputePoolArgs, opts?: pulumi.ComponentResourceOptions) {
    super("openclaw:index:ComputePool", name, {}, opts);
    // metadataHopLimit is a plain number here; the infra component's validation names any value but 1 or 2.
    const poolArgs = { ...args, metadataHopLimit: args.metadataHopLimit } as InfraComputePoolArgs;
    const pool = new infra.ComputePool(name, poolArgs, { parent: this });
    this.autoScalingGroupName = pool.autoScalingGroupName;
    this.autoScalingGroupArn = pool.autoScalingGroupArn;
    this.launchTemplateId = pool.launchTemplateId;
    this.securityGroupId = pool.securityGroupId;
    this.instanceRoleName = pool.instanceRoleName;
    this.registerOutputs({
      autoScalingGroupName: this.autoScalingGroupName,
      autoScalingGroupArn: this.autoScalingGroupArn,
      launchTemplateId: this.launchTemplateId,
      securityGroupId: this.securityGroupId,
      instanceRoleName: this.instanceRoleName,
    });
  }
}
