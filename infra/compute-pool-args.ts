// The ComputePool's public surface: its args, their defaults and their validation. Pure: no resources.
import type * as pulumi from "@pulumi/pulumi";
import { type ArgIssue, argIssue } from "./arg-errors";
import { MIN_SPOT_INSTANCE_TYPES, usesSpot, validatePoolSizing } from "./spot-mix";

/** Amazon Linux 2023 (x86_64), resolved by EC2 at launch from the public SSM parameter: no AMI lookup needed. */
export const DEFAULT_IMAGE_ID =
  "resolve:ssm:/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-x86_64";

/** Four interchangeable x86_64 2-vCPU/8-GiB types from different families: deep, diverse Spot pools. */
export const DEFAULT_INSTANCE_TYPES: readonly string[] = ["m6i.large", "m7i.large", "m6a.large", "m5.large"];

/** Attribute-based instance selection: EC2 picks every current type that fits (the widest Spot choice). */
export interface InstanceRequirementsArgs {
  /** vCPU range, e.g. `{ min: 2, max: 4 }`. */
  readonly vcpu: { readonly min: number; readonly max?: number };
  /** Memory range in MiB, e.g. `{ min: 4096, max: 16384 }`. */
  readonly memoryMib: { readonly min: number; readonly max?: number };
  /**
   * Whether burstable (T-family) types qualify; their CPU credits make load tests lie.
   * @default "excluded"
   */
  readonly burstablePerformance?: "included" | "excluded";
  /**
   * CPU vendors to allow; must match the AMI's architecture (Graviton is `amazon-web-services`).
   * @default ["intel", "amd"]
   */
  readonly cpuManufacturers?: readonly ("intel" | "amd" | "amazon-web-services")[];
}

export interface ScheduledActionArgs {
  /** Stable name of the action; also names the child resource. */
  readonly name: string;
  /** Cron expression in `timeZone`, e.g. `"0 19 * * MON-FRI"`. */
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

export interface PredictiveScalingArgs {
  /** `ForecastOnly` to evaluate forecasts safely first; `ForecastAndScale` to act on them. */
  readonly mode: "ForecastOnly" | "ForecastAndScale";
  /** Average CPU utilisation (%) the forecast plans capacity for. @default the pool's targetCpuUtilization */
  readonly targetCpuUtilization?: number;
}

export interface WarmPoolArgs {
  /** Instances kept pre-initialised in the warm pool. @default 0 */
  readonly minSize?: number;
  /** State of warm instances; `Stopped` costs only EBS. @default "Stopped" */
  readonly poolState?: "Stopped" | "Running" | "Hibernated";
  /** Return scaled-in instances to the warm pool instead of terminating them. @default true */
  readonly reuseOnScaleIn?: boolean;
}

export interface SecurityGroupIngressArgs {
  readonly description: string;
  readonly protocol: "tcp" | "udp" | "icmp" | "-1";
  readonly fromPort: number;
  readonly toPort: number;
  /** Security group allowed in (e.g. a load balancer's). One of this or `cidrBlocks`. @default undefined */
  readonly sourceSecurityGroupId?: pulumi.Input<string>;
  /** CIDR blocks allowed in. One of this or `sourceSecurityGroupId`. @default undefined */
  readonly cidrBlocks?: readonly string[];
}

export interface ComputePoolArgs {
  /** VPC the pool's security group lives in. */
  readonly vpcId: pulumi.Input<string>;
  /**
   * Private subnets to launch into, one per AZ (at least 2, so an AZ outage leaves capacity). A plain
   * list: its length is validated.
   */
  readonly subnetIds: readonly pulumi.Input<string>[];
  /** Smallest group size; scale-in never goes below it. */
  readonly minSize: number;
  /** Largest group size; the scaler never goes above it. */
  readonly maxSize: number;
  /**
   * Size at creation only: afterwards the scaler owns it (`ignoreChanges: ["desiredCapacity"]`).
   * @default minSize
   */
  readonly desiredCapacity?: number;
  /**
   * Instances that are always On-Demand, launched first. Set it to `minSize` for a pool whose floor
   * never depends on Spot.
   * @default 0
   */
  readonly onDemandBaseCapacity?: number;
  /**
   * Percentage of the capacity above the base that is On-Demand (0 = all Spot, 100 = no Spot). AWS
   * defaults this to 100, i.e. no Spot at all, which is why we set it explicitly.
   * @default 0
   */
  readonly onDemandPercentageAboveBaseCapacity?: number;
  /**
   * Instance types the group may launch, in On-Demand priority order. At least
   * 3 when the pool can use Spot, unless `instanceRequirements` is given.
   * @default DEFAULT_INSTANCE_TYPES (m6i.large, m7i.large, m6a.large, m5.large)
   */
  readonly instanceTypes?: readonly string[];
  /**
   * Attribute-based selection instead of `instanceTypes` (they are mutually exclusive).
   * @default undefined (use instanceTypes)
   */
  readonly instanceRequirements?: InstanceRequirementsArgs;
  /**
   * How Spot capacity is chosen. `price-capacity-optimized` picks the cheapest of the pools least
   * likely to be interrupted; AWS's recommended strategy.
   * @default "price-capacity-optimized"
   */
  readonly spotAllocationStrategy?: "price-capacity-optimized" | "capacity-optimized" | "lowest-price";
  /**
   * Launch a replacement when EC2 signals a Spot instance is at elevated risk, before it is reclaimed.
   * @default true
   */
  readonly capacityRebalance?: boolean;
  /** AMI id or `resolve:ssm:` parameter. @default DEFAULT_IMAGE_ID (Amazon Linux 2023, x86_64) */
  readonly imageId?: pulumi.Input<string>;
  /** Plain-text user data; encoded to base64 here. @default undefined (none) */
  readonly userData?: pulumi.Input<string>;
  /** Root volume size in GiB (encrypted gp3). @default 20 */
  readonly rootVolumeSizeGiB?: number;
  /** KMS key for the root volume. @default undefined (the account's default EBS key) */
  readonly rootVolumeKmsKeyId?: pulumi.Input<string>;
  /**
   * IMDSv2 hop limit. 2 lets containers on the instance reach the metadata service; 1 blocks them.
   * @default 2
   */
  readonly metadataHopLimit?: 1 | 2;
  /** Inbound rules; none by default (SSM Session Manager needs no inbound port). @default [] */
  readonly ingress?: readonly SecurityGroupIngressArgs[];
  /**
   * An existing instance profile (e.g. a Cluster's node profile) and the name of its role, used instead
   * of a role of the pool's own; `extraPolicyArns` must then be empty.
   * @default undefined (the pool creates a role with SSM access and its profile)
   */
  readonly instanceProfile?: { readonly arn: pulumi.Input<string>; readonly roleName: pulumi.Input<string> };
  /**
   * Security groups attached besides the pool's own (e.g. a Cluster's node group).
   * @default []
   */
  readonly securityGroupIds?: readonly pulumi.Input<string>[];
  /** Extra managed policy ARNs for the instance role, besides SSM access. @default [] */
  readonly extraPolicyArns?: readonly string[];
  /**
   * Load balancer target groups to register with. When non-empty, health checks switch to ELB so an
   * instance failing the load balancer's check is replaced.
   * @default []
   */
  readonly targetGroupArns?: readonly pulumi.Input<string>[];
  /** Seconds after launch before health checks count. @default 300 */
  readonly healthCheckGracePeriodSeconds?: number;
  /** Average CPU (%) the target-tracking policy holds. @default 50 */
  readonly targetCpuUtilization?: number;
  /** Predictive scaling from CPU history. @default undefined (off) */
  readonly predictiveScaling?: PredictiveScalingArgs;
  /** Scheduled capacity changes, e.g. nights and weekends off in dev. @default [] */
  readonly scheduledActions?: readonly ScheduledActionArgs[];
  /** Minimum healthy percentage during an instance refresh after a launch template change. @default 90 */
  readonly instanceRefreshMinHealthyPercentage?: number;
  /** Seconds a new instance needs before it counts as in service. @default 300 */
  readonly instanceWarmupSeconds?: number;
  /**
   * Pre-initialised stopped instances for fast scale-out. AWS rejects warm pools on groups with a mixed
   * instances policy, so a warm pool requires a single instance type and no Spot
   * (`onDemandPercentageAboveBaseCapacity: 100`).
   * @default undefined (no warm pool)
   */
  readonly warmPool?: WarmPoolArgs;
  /**
   * Tags the group propagates at launch to instances, and the launch template puts on volumes and
   * network interfaces (provider `defaultTags` reach neither). Pass the required tag set here.
   * @default {}
   */
  readonly tags?: Readonly<Record<string, string>>;
}

const INSTANCE_TYPE_PATTERN = /^[a-z][a-z0-9-]*\.[a-z0-9]+$/;

/** Checks every plain argument; returns all problems at once, each naming the argument and value. */
export function validateComputePoolArgs(args: ComputePoolArgs): ArgIssue[] {
  const onDemandBaseCapacity = args.onDemandBaseCapacity ?? 0;
  const onDemandPercentageAboveBaseCapacity = args.onDemandPercentageAboveBaseCapacity ?? 0;
  const issues = validatePoolSizing({
    minSize: args.minSize,
    maxSize: args.maxSize,
    desiredCapacity: args.desiredCapacity,
    onDemandBaseCapacity,
    onDemandPercentageAboveBaseCapacity,
  });
  if (args.subnetIds.length < 2) {
    issues.push(
      argIssue(
        "subnetIds",
        "must list at least 2 subnets (one per AZ) so an AZ outage leaves capacity",
        args.subnetIds.length,
      ),
    );
  }
  if (args.instanceTypes !== undefined && args.instanceRequirements !== undefined) {
    issues.push(
      argIssue(
        "instanceRequirements",
        "cannot be combined with instanceTypes; choose one",
        args.instanceRequirements,
      ),
    );
  }
  const instanceTypes = args.instanceTypes ?? DEFAULT_INSTANCE_TYPES;
  if (instanceTypes.length === 0) {
    issues.push(argIssue("instanceTypes", "must list at least one instance type", instanceTypes));
  }
  const malformed = instanceTypes.filter((t) => !INSTANCE_TYPE_PATTERN.test(t));
  if (malformed.length > 0)
    issues.push(argIssue("instanceTypes", "must hold names like m6i.large", malformed));
  const duplicated = instanceTypes.filter((t, i) => instanceTypes.indexOf(t) !== i);
  if (duplicated.length > 0) issues.push(argIssue("instanceTypes", "must not repeat a type", duplicated));

  const mix = { onDemandBaseCapacity, onDemandPercentageAboveBaseCapacity };
  const spot = Number.isInteger(args.maxSize) && usesSpot(mix, args.maxSize);
  if (
    spot &&
    !args.instanceRequirements &&
    instanceTypes.length > 0 &&
    instanceTypes.length < MIN_SPOT_INSTANCE_TYPES
  ) {
    issues.push(
      argIssue(
        "instanceTypes",
        `must list at least ${MIN_SPOT_INSTANCE_TYPES} types when the pool uses Spot (diversification survives reclaims), or use instanceRequirements`,
        instanceTypes,
      ),
    );
  }
  const req = args.instanceRequirements;
  if (req) {
    if (!(req.vcpu.min >= 1) || (req.vcpu.max !== undefined && req.vcpu.max < req.vcpu.min)) {
      issues.push(argIssue("instanceRequirements.vcpu", "must have min >= 1 and max >= min", req.vcpu));
    }
    if (
      !(req.memoryMib.min >= 512) ||
      (req.memoryMib.max !== undefined && req.memoryMib.max < req.memoryMib.min)
    ) {
      issues.push(
        argIssue("instanceRequirements.memoryMib", "must have min >= 512 and max >= min", req.memoryMib),
      );
    }
  }
  if (args.warmPool) {
    if (spot || instanceTypes.length !== 1 || req) {
      issues.push(
        argIssue(
          "warmPool",
          "needs exactly one instance type and onDemandPercentageAboveBaseCapacity 100 (AWS rejects warm pools on mixed-instances groups)",
          { instanceTypes, onDemandPercentageAboveBaseCapacity },
        ),
      );
    }
  }
  if (args.instanceProfile && (args.extraPolicyArns ?? []).length > 0) {
    issues.push(
      argIssue(
        "extraPolicyArns",
        "cannot be combined with instanceProfile (attach them to that profile's role instead)",
        args.extraPolicyArns,
      ),
    );
  }
  const hop = args.metadataHopLimit;
  if (hop !== undefined && hop !== 1 && hop !== 2)
    issues.push(argIssue("metadataHopLimit", "must be 1 or 2", hop));
  const size = args.rootVolumeSizeGiB;
  if (size !== undefined && (!Number.isInteger(size) || size < 8 || size > 16384)) {
    issues.push(argIssue("rootVolumeSizeGiB", "must be a whole number from 8 to 16384", size));
  }
  const cpu = args.targetCpuUtilization;
  if (cpu !== undefined && !(cpu > 0 && cpu <= 100)) {
    issues.push(argIssue("targetCpuUtilization", "must be a percentage above 0 and at most 100", cpu));
  }
  const names = (args.scheduledActions ?? []).map((a) => a.name);
  const repeated = names.filter((n, i) => names.indexOf(n) !== i);
  if (repeated.length > 0) issues.push(argIssue("scheduledActions", "must have unique names", repeated));
  return issues;
}
