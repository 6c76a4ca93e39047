import { budgetPolicies } from "./cost-budget";
import { environmentProperty, environmentTagProperty } from "./lib/config";
import { INSTANCE_LAUNCHING_TYPES, instanceTypesOf, matchesPattern, sizeOf, sizeRank } from "./lib/instances";
import { type CatalogEntry, resourcePolicy, stackPolicy } from "./lib/policy";
import { environmentOf } from "./lib/tags";
import { T } from "./lib/types";
import { get, isObject, isUnknown, list, num, type Plain, show, str } from "./lib/values";

/**
 * Cost guardrails. Every environment-aware policy reads the environment from the resource's tags merged with
 * its provider's defaultTags (tag key `environmentTag`, default "environment"), falling back to the policy's
 * `environment` config; with neither, or while the tag is unknown (preview), the policy passes.
 *
 * The money policy, `cost-monthly-budget`, lives in cost-budget.ts: it prices the stack with src/cost.
 */

interface EnvConfig {
  environment?: string;
  environmentTag: string;
}

const envProperties = { environment: environmentProperty, environmentTag: environmentTagProperty };

/**
 * Defaults allow the general-purpose, compute and memory families a diversified spot pool draws from
 * (current and previous generation, Intel, AMD and Graviton) and block the rest (GPU, storage-dense, high-memory,
 * metal). Outside prod, sizes stop at large (xlarge in staging).
 */
const POOL_FAMILIES = [
  "m5",
  "m5a",
  "m6a",
  "m6i",
  "m7a",
  "m7i",
  "m6g",
  "m7g",
  "c5",
  "c6a",
  "c6i",
  "c7g",
  "c7i",
  "r5",
  "r6i",
  "r7i",
];
const BURSTABLE = ["t3.*", "t3a.*", "t4g.*"];

export const DEFAULT_ALLOWED_INSTANCE_TYPES: Record<string, string[]> = {
  dev: [...BURSTABLE, ...POOL_FAMILIES.map((family) => `${family}.large`)],
  staging: [...BURSTABLE, ...POOL_FAMILIES.flatMap((family) => [`${family}.large`, `${family}.xlarge`])],
  prod: [...BURSTABLE, ...POOL_FAMILIES.map((family) => `${family}.*`)],
};

interface InstanceTypesConfig extends EnvConfig {
  allowedInstanceTypes: Record<string, string[]>;
}

export const instanceTypeAllowList = resourcePolicy<InstanceTypesConfig>({
  name: "cost-instance-types",
  family: "cost",
  description:
    "Checks whether instances, launch templates, ASG instance-type overrides and EKS node groups use instance types on the allow-list for their environment.",
  enforcementLevel: "mandatory",
  remediationSteps:
    "Pick an instance type from the environment's allow-list, or extend the list in policy config.",
  configSchema: {
    properties: {
      allowedInstanceTypes: {
        type: "object",
        additionalProperties: { type: "array", items: { type: "string", minLength: 1 } },
        default: DEFAULT_ALLOWED_INSTANCE_TYPES,
        description: 'Environment → allowed instance types; "*" is a wildcard ("t3.*").',
      },
      ...envProperties,
    },
  },
  types: INSTANCE_LAUNCHING_TYPES,
  check: (subject, config, report) => {
    const env = environmentOf(subject, config);
    if (env === undefined || isUnknown(env)) return;
    const allowed = config.allowedInstanceTypes[env];
    if (allowed === undefined) return;
    for (const use of instanceTypesOf(subject)) {
      if (allowed.some((pattern) => matchesPattern(use.instanceType, pattern))) continue;
      report(
        `${use.path} is "${use.instanceType}", not allowed in ${env}; use one of: ${allowed.join(", ")}.`,
      );
    }
  },
});

interface OversizedConfig extends EnvConfig {
  maxSizeOutsideProd: string;
}

export const noOversizedInstances = resourcePolicy<OversizedConfig>({
  name: "cost-no-oversized-instances",
  family: "cost",
  description:
    "Checks whether instances launched outside prod are at most the configured size (xlarge by default).",
  enforcementLevel: "mandatory",
  remediationSteps: "Use a smaller size outside prod, or raise maxSizeOutsideProd in policy config.",
  configSchema: {
    properties: {
      maxSizeOutsideProd: {
        type: "string",
        pattern: "^(nano|micro|small|medium|large|xlarge|[0-9]+xlarge|metal)$",
        default: "xlarge",
        description: "Largest instance size allowed outside prod.",
      },
      ...envProperties,
    },
  },
  types: INSTANCE_LAUNCHING_TYPES,
  check: (subject, config, report) => {
    const env = environmentOf(subject, config);
    if (env === undefined || isUnknown(env) || env === "prod") return;
    const max = sizeRank(config.maxSizeOutsideProd) ?? 5;
    for (const use of instanceTypesOf(subject)) {
      const rank = sizeRank(sizeOf(use.instanceType));
      if (rank === undefined || rank <= max) continue;
      report(
        `${use.path} is "${use.instanceType}", larger than ${config.maxSizeOutsideProd} outside prod ` +
          `(${env}); use a size up to ${config.maxSizeOutsideProd}.`,
      );
    }
  },
});

interface VolumeTypesConfig {
  allowedVolumeTypes: string[];
}

interface VolumeUse {
  readonly volumeType: Plain | undefined;
  readonly path: string;
}

/** Every EBS volume a resource declares, with the path of its volume type property. */
function volumesOf(props: Record<string, Plain>, type: string): VolumeUse[] {
  const uses: VolumeUse[] = [];
  if (type === T.volume) uses.push({ volumeType: props.type, path: "type" });
  if (type === T.instance) {
    if (isObject(props.rootBlockDevice)) {
      uses.push({
        volumeType: get(props, "rootBlockDevice", "volumeType"),
        path: "rootBlockDevice.volumeType",
      });
    }
    const ebs = list(props.ebsBlockDevices);
    if (!isUnknown(ebs)) {
      for (const [i, device] of ebs.entries()) {
        uses.push({ volumeType: get(device, "volumeType"), path: `ebsBlockDevices[${i}].volumeType` });
      }
    }
  }
  if (type === T.launchTemplate) {
    const mappings = list(props.blockDeviceMappings);
    if (!isUnknown(mappings)) {
      mappings.forEach((mapping, i) => {
        if (get(mapping, "ebs") === undefined) return;
        uses.push({
          volumeType: get(mapping, "ebs", "volumeType"),
          path: `blockDeviceMappings[${i}].ebs.volumeType`,
        });
      });
    }
  }
  return uses;
}

export const ebsGp3 = resourcePolicy<VolumeTypesConfig>({
  name: "cost-ebs-gp3",
  family: "cost",
  description:
    "Checks whether EBS volumes (standalone, instance and launch-template block devices) use gp3 rather than gp2, io1/io2 or the AMI default, unless a type is allowed in config.",
  enforcementLevel: "mandatory",
  remediationSteps:
    'Set the volume type to "gp3" (20% cheaper than gp2 with a 3,000 IOPS baseline), or allow the type in config.',
  configSchema: {
    properties: {
      allowedVolumeTypes: {
        type: "array",
        items: { type: "string", enum: ["gp2", "gp3", "io1", "io2", "st1", "sc1", "standard"] },
        default: ["gp3", "st1", "sc1"],
        description: "EBS volume types allowed.",
      },
    },
  },
  types: [T.volume, T.instance, T.launchTemplate],
  check: (subject, config, report) => {
    for (const use of volumesOf(subject.props, subject.type)) {
      if (isUnknown(use.volumeType)) continue;
      const volumeType = str(use.volumeType);
      if (volumeType !== undefined && config.allowedVolumeTypes.includes(volumeType)) continue;
      const what =
        volumeType === undefined ? "unset (AWS then uses gp2 or the AMI's default)" : `"${volumeType}"`;
      report(
        `${use.path} is ${what}; set it to one of: ${config.allowedVolumeTypes.join(", ")} (gp3 preferred).`,
      );
    }
  },
});

interface SpotShareConfig extends EnvConfig {
  minSpotPercentOutsideProd: number;
}

export const spotShare = resourcePolicy<SpotShareConfig>({
  name: "cost-spot-share",
  family: "cost",
  description:
    "Checks whether Auto Scaling groups outside prod run at least the configured share of capacity above the on-demand base on spot (mixedInstancesPolicy.instancesDistribution.onDemandPercentageAboveBaseCapacity).",
  enforcementLevel: "mandatory",
  remediationSteps:
    "Use a mixedInstancesPolicy and lower instancesDistribution.onDemandPercentageAboveBaseCapacity.",
  configSchema: {
    properties: {
      minSpotPercentOutsideProd: {
        type: "integer",
        minimum: 0,
        maximum: 100,
        default: 50,
        description: "Minimum spot percentage above the on-demand base, outside prod.",
      },
      ...envProperties,
    },
  },
  types: [T.asg],
  check: (subject, config, report) => {
    const env = environmentOf(subject, config);
    if (env === undefined || isUnknown(env) || env === "prod") return;
    const maxOnDemand = 100 - config.minSpotPercentOutsideProd;
    const policy = subject.props.mixedInstancesPolicy;
    if (isUnknown(policy)) return;
    if (!isObject(policy)) {
      report(
        `No mixedInstancesPolicy: the group is 100% on-demand in ${env}. Add mixedInstancesPolicy with ` +
          `instancesDistribution.onDemandPercentageAboveBaseCapacity <= ${maxOnDemand}.`,
      );
      return;
    }
    const raw = get(policy, "instancesDistribution", "onDemandPercentageAboveBaseCapacity");
    if (isUnknown(raw)) return;
    // AWS defaults the percentage to 100 (all on-demand) when unset.
    const onDemand = num(raw) ?? 100;
    if (onDemand <= maxOnDemand) return;
    report(
      `mixedInstancesPolicy.instancesDistribution.onDemandPercentageAboveBaseCapacity is ${show(raw)} ` +
        `(${100 - onDemand}% spot) in ${env}; set it to ${maxOnDemand} or less ` +
        `(at least ${config.minSpotPercentOutsideProd}% spot outside prod).`,
    );
  },
});

interface NatConfig extends EnvConfig {
  maxNatGatewaysOutsideProd: number;
}

export const singleNatOutsideProd = stackPolicy<NatConfig>({
  name: "cost-single-nat-outside-prod",
  family: "cost",
  description:
    "Checks whether a non-prod stack runs at most one NAT gateway (about $33/month each before data), counting aws.ec2.NatGateway resources per environment.",
  enforcementLevel: "mandatory",
  remediationSteps: "Share one NAT gateway across AZs outside prod (infra network natGateways: 1).",
  configSchema: {
    properties: {
      maxNatGatewaysOutsideProd: {
        type: "integer",
        minimum: 0,
        default: 1,
        description: "NAT gateways allowed per non-prod environment.",
      },
      ...envProperties,
    },
  },
  check: (resources, config, report) => {
    const byEnv = new Map<string, string[]>();
    for (const resource of resources) {
      if (resource.type !== T.natGateway) continue;
      const env = environmentOf(resource, config);
      if (env === undefined || isUnknown(env) || env === "prod") continue;
      byEnv.set(env, [...(byEnv.get(env) ?? []), resource.urn]);
    }
    for (const [env, urns] of byEnv) {
      if (urns.length <= config.maxNatGatewaysOutsideProd) continue;
      for (const urn of urns.slice(config.maxNatGatewaysOutsideProd)) {
        report(
          `${urns.length} NAT gateways in ${env}; at most ${config.maxNatGatewaysOutsideProd} allowed outside ` +
            "prod. Route every private subnet through one NAT gateway (network natGateways: 1).",
          urn,
        );
      }
    }
  },
});

interface PriceClassConfig extends EnvConfig {
  allowedPriceClassesOutsideProd: string[];
}

export const cloudfrontPriceClass = resourcePolicy<PriceClassConfig>({
  name: "cost-cloudfront-price-class",
  family: "cost",
  description:
    "Checks whether CloudFront distributions outside prod use an allowed price class (PriceClass_100 by default).",
  enforcementLevel: "mandatory",
  remediationSteps: 'Set priceClass to "PriceClass_100" outside prod.',
  configSchema: {
    properties: {
      allowedPriceClassesOutsideProd: {
        type: "array",
        items: { type: "string", enum: ["PriceClass_100", "PriceClass_200", "PriceClass_All"] },
        default: ["PriceClass_100"],
        description: "Price classes allowed outside prod.",
      },
      ...envProperties,
    },
  },
  types: [T.distribution],
  check: (subject, config, report) => {
    const env = environmentOf(subject, config);
    if (env === undefined || isUnknown(env) || env === "prod") return;
    const priceClass = subject.props.priceClass;
    if (isUnknown(priceClass)) return;
    // AWS uses PriceClass_All when unset.
    const effective = str(priceClass) ?? "PriceClass_All";
    if (config.allowedPriceClassesOutsideProd.includes(effective)) return;
    report(
      `priceClass is ${show(priceClass)}${priceClass === undefined ? " (PriceClass_All)" : ""} in ${env}; ` +
        `set it to one of: ${config.allowedPriceClassesOutsideProd.join(", ")}.`,
    );
  },
});

/** The only retention periods CloudWatch Logs accepts (PutRetentionPolicy). */
const CLOUDWATCH_RETENTION_DAYS = [
  1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653,
];

interface RetentionConfig extends EnvConfig {
  maxRetentionDaysOutsideProd: number;
  minRetentionDaysProd: number;
}

export const logRetention = resourcePolicy<RetentionConfig>({
  name: "cost-log-retention",
  family: "cost",
  description:
    "Checks whether CloudWatch log groups set retentionInDays (never 'forever'), at most the non-prod cap outside prod and at least a year in prod (CKV_AWS_338).",
  enforcementLevel: "mandatory",
  checkov: ["CKV_AWS_338"],
  remediationSteps: "Set retentionInDays on the log group to a value inside the environment's range.",
  configSchema: {
    properties: {
      maxRetentionDaysOutsideProd: {
        type: "integer",
        minimum: 1,
        default: 90,
        description: "Longest retention allowed outside prod.",
      },
      minRetentionDaysProd: {
        type: "integer",
        minimum: 1,
        default: 365,
        description: "Shortest retention allowed in prod (CKV_AWS_338 asks for a year).",
      },
      ...envProperties,
    },
  },
  types: [T.logGroup],
  check: (subject, config, report) => {
    const raw = subject.props.retentionInDays;
    if (isUnknown(raw)) return;
    const days = num(raw);
    const env = environmentOf(subject, config);
    const knownEnv = env === undefined || isUnknown(env) ? undefined : env;
    const range =
      knownEnv === "prod"
        ? `at least ${config.minRetentionDaysProd}`
        : knownEnv !== undefined
          ? `at most ${config.maxRetentionDaysOutsideProd}`
          : "a positive number of days";
    if (days === undefined || days === 0) {
      report(`retentionInDays is ${show(raw)}, so logs are kept forever; set it to ${range}.`);
    } else if (!CLOUDWATCH_RETENTION_DAYS.includes(days)) {
      report(
        `retentionInDays is ${days}, which CloudWatch Logs rejects; use one of: ${CLOUDWATCH_RETENTION_DAYS.join(", ")}.`,
      );
    } else if (knownEnv === "prod" && days < config.minRetentionDaysProd) {
      report(`retentionInDays is ${days} in prod; set it to ${range} days.`);
    } else if (knownEnv !== undefined && knownEnv !== "prod" && days > config.maxRetentionDaysOutsideProd) {
      report(`retentionInDays is ${days} in ${knownEnv}; set it to ${range} days.`);
    }
  },
});

export const costPolicies: CatalogEntry[] = [
  instanceTypeAllowList,
  noOversizedInstances,
  ebsGp3,
  spotShare,
  singleNatOutsideProd,
  cloudfrontPriceClass,
  logRetention,
  ...budgetPolicies,
];
