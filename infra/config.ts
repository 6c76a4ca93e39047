import * as pulumi from "@pulumi/pulumi";
import { z } from "zod";
import { describeValue } from "./arg-errors";
import { AUTH_TOKEN_PATTERN } from "./cache";
import type { PriceClass } from "./cdn";
import type { NatStrategy } from "./cidr";
import { CORE_ADDONS, type CoreAddon } from "./cluster";
import { DEFAULT_IMAGE_ID } from "./compute-pool";
import { undeclaredKeys, undeclaredReason } from "./config-keys";
import { GATEWAY_UPSTREAMS, type GatewayUpstream, providerIdOf } from "./gateway-config";
import type { LoadBalancerIngress } from "./load-balancer";
import { LOG_RETENTION_DAYS } from "./network";
import { onDemandPercentFromSpotPercent } from "./spot-mix";
import { ENVIRONMENTS, type Environment, type RequiredTagInputs } from "./tags";

/** The Pulumi project name: the namespace of every project config key (`openclaw:<key>`). */
export const PROJECT = "openclaw";
/** The provider key the program reads besides its own. */
export const REGION_KEY = "aws:region";

/** One compute pool's sizing, as config describes it. */
export interface PoolConfig {
  readonly instanceTypes: readonly string[];
  readonly minSize: number;
  readonly maxSize: number;
  readonly onDemandBaseCapacity: number;
  /** Derived from the `…SpotPercentage` key: 100 - spot percentage. */
  readonly onDemandPercentageAboveBaseCapacity: number;
}

/** Everything the program needs, validated. Built only by {@link validatePlatformConfig}. */
export interface PlatformConfig {
  readonly region: string;
  readonly tags: RequiredTagInputs;
  readonly network: {
    readonly availabilityZones: readonly string[];
    readonly vpcCidr: string;
    readonly natGateways: NatStrategy;
    readonly flowLogRetentionDays: number;
    /** Unset (`""` in config): CloudWatch Logs' own encryption. */
    readonly flowLogKmsKeyArn?: string;
  };
  readonly compute: {
    readonly imageId: string;
    readonly targetCpuUtilization: number;
    readonly rootVolumeSizeGiB: number;
    readonly predictiveScaling: "off" | "ForecastOnly" | "ForecastAndScale";
    readonly offHoursScaleDown: boolean;
    readonly baseline: PoolConfig;
    readonly burst: PoolConfig;
  };
  readonly storage: {
    readonly tiering: "tiered" | "intelligent-tiering";
    /** null: tier skipped (config value 0). */
    readonly standardIaAfterDays: number | null;
    readonly glacierInstantRetrievalAfterDays: number | null;
    readonly deepArchiveAfterDays: number | null;
    readonly noncurrentVersionExpireAfterDays: number;
    readonly encryption: "AES256" | "aws:kms";
    /** Unset with aws:kms: the stack creates a customer-managed key the CDN may decrypt with. */
    readonly kmsKeyArn?: string;
  };
  readonly cluster: {
    readonly version: string;
    /** Empty: private endpoint only. */
    readonly publicAccessCidrs: readonly string[];
    readonly addonVersions: Readonly<Partial<Record<CoreAddon, string>>>;
    readonly logRetentionDays: number;
    /** Unset: the cluster creates a key of its own. */
    readonly kmsKeyArn?: string;
    readonly adminPrincipalArns: readonly string[];
    /** Set: run on this existing cluster instead of creating EKS (a Pulumi secret). */
    readonly existingKubeconfig?: pulumi.Output<string>;
    /** Replicas of the node termination handler (3 in prod, where the pack asks for 3 per workload). */
    readonly terminationHandlerReplicas: number;
  };
  readonly gateway: {
    readonly image: string;
    readonly upstreams: readonly GatewayUpstream[];
    /** API keys by provider id (Pulumi secrets), for the upstreams that need one. */
    readonly providerKeys: Readonly<Record<string, pulumi.Output<string>>>;
    /** Unset: the client key is locked until the owner sets one. */
    readonly clientKeySha256?: string;
    /** 3 in prod (the pack asks for 3 replicas there), 2 elsewhere. */
    readonly minReplicas: number;
    readonly maxReplicas: number;
  };
  readonly cdn: {
    readonly priceClass: PriceClass;
    readonly aliases: readonly string[];
    /** Unset: the `*.cloudfront.net` certificate. */
    readonly acmCertificateArn?: string;
    readonly logRetentionDays: number;
    /** Unset: no WAF. */
    readonly webAclArn?: string;
  };
  readonly loadBalancer: {
    /** Unset (dev only): a plain-HTTP listener, and CloudFront reaches it over HTTP. */
    readonly certificateArn?: string;
    /** The origin host name CloudFront uses with HTTPS; set exactly when certificateArn is. */
    readonly apiDomainName?: string;
    readonly ingress: LoadBalancerIngress;
    readonly deletionProtection: boolean;
  };
  readonly cache: {
    readonly nodeType: string;
    readonly replicas: number;
    /** Plain here; createPlatform wraps it in pulumi.secret before any resource sees it. Unset: generated once. */
    readonly authToken?: string;
  };
  readonly alerts: {
    /** Unset: the topic has no subscription. */
    readonly email?: string;
  };
  /** Unset (`monthlyBudgetUsd` 0): no AWS Budget or anomaly monitor. */
  readonly finops?: {
    readonly monthlyBudgetUsd: number;
    readonly alertEmails: readonly string[];
    readonly alertSnsTopicArn?: string;
    readonly anomalyThresholdUsd: number;
  };
  /** Unset (`chaosSpotInterruptionPercent` 0): no FIS experiment template. */
  readonly chaos?: { readonly spotInterruptionPercent: number };
}

/**
 * Code defaults of every key, keyed as in Pulumi.yaml. The engine applies Pulumi.yaml's defaults under
 * `pulumi up`; the planner and tests don't run the engine, so the code applies the same ones
 * (test/infra/config-schema.test.ts keeps the two identical).
 */
export const CONFIG_DEFAULTS = {
  [REGION_KEY]: "us-east-1",
  environment: "dev",
  owner: "platform-team",
  costCenter: "cc-0000",
  service: "openclaw",
  availabilityZones: ["us-east-1a", "us-east-1b"],
  vpcCidr: "10.0.0.0/16",
  natGateways: "auto",
  flowLogRetentionDays: 30,
  flowLogKmsKeyArn: "",
  imageId: DEFAULT_IMAGE_ID,
  targetCpuUtilization: 50,
  rootVolumeSizeGiB: 20,
  predictiveScaling: "off",
  offHoursScaleDown: false,
  baselineInstanceTypes: ["m6i.large", "m7i.large", "m6a.large", "m5.large"],
  baselineMinSize: 1,
  baselineMaxSize: 3,
  baselineOnDemandBase: 1,
  baselineSpotPercentage: 50,
  burstInstanceTypes: ["m6i.large", "m7i.large", "m6a.large", "m5.large", "m5a.large"],
  burstMinSize: 1,
  burstMaxSize: 4,
  burstOnDemandBase: 0,
  burstSpotPercentage: 100,
  storageTiering: "tiered",
  storageStandardIaDays: 30,
  storageGlacierIrDays: 90,
  storageDeepArchiveDays: 180,
  storageNoncurrentVersionDays: 30,
  storageEncryption: "AES256",
  storageKmsKeyArn: "",
  cdnPriceClass: "auto",
  cdnAliases: [],
  cdnCertificateArn: "",
  cdnLogRetentionDays: 90,
  cdnWebAclArn: "",
  albCertificateArn: "",
  apiDomainName: "",
  albIngress: "cloudfront",
  redisNodeType: "cache.t4g.micro",
  redisReplicas: 0,
  redisAuthToken: "",
  alertEmail: "",
  monthlyBudgetUsd: 0,
  budgetAlertEmails: [],
  budgetAlertSnsTopicArn: "",
  anomalyThresholdUsd: 50,
  chaosSpotInterruptionPercent: 0,
  clusterVersion: "1.35",
  clusterPublicAccessCidrs: [],
  clusterLogRetentionDays: 90,
  clusterKmsKeyArn: "",
  clusterAdminArns: [],
  clusterVpcCniVersion: "",
  clusterCoreDnsVersion: "",
  clusterKubeProxyVersion: "",
  clusterPodIdentityAgentVersion: "",
  existingKubeconfig: "",
  gatewayImage: "ghcr.io/openclaw/gateway:0.1.0",
  gatewayUpstreams: ["mock"],
  gatewayOpenAiApiKey: "",
  gatewayAnthropicApiKey: "",
  gatewayClientKeySha256: "",
} as const;

/** Keys whose values are secrets: the program wraps them with `pulumi.secret` as soon as it reads them. */
export const SECRET_CONFIG_KEYS: readonly ConfigKey[] = [
  "existingKubeconfig",
  "gatewayOpenAiApiKey",
  "gatewayAnthropicApiKey",
  "redisAuthToken",
];

/** The config key holding each paid upstream's API key. */
const UPSTREAM_KEY_KEYS = {
  openai: "gatewayOpenAiApiKey",
  anthropic: "gatewayAnthropicApiKey",
} as const satisfies Partial<Record<GatewayUpstream, ConfigKey>>;

/** Config key of each core add-on's version. */
const ADDON_VERSION_KEYS = {
  "vpc-cni": "clusterVpcCniVersion",
  coredns: "clusterCoreDnsVersion",
  "kube-proxy": "clusterKubeProxyVersion",
  "eks-pod-identity-agent": "clusterPodIdentityAgentVersion",
} as const satisfies Record<CoreAddon, ConfigKey>;

export type ConfigKey = keyof typeof CONFIG_DEFAULTS;
export const CONFIG_KEYS = Object.keys(CONFIG_DEFAULTS) as ConfigKey[];

/** Keys set with `pulumi config set --secret`: error messages never echo their values. */
function shownValue(key: string, value: unknown): unknown {
  const secret = (SECRET_CONFIG_KEYS as readonly string[]).includes(key.replace(`${PROJECT}:`, ""));
  if (!secret) return value;
  return typeof value === "string" ? `[secret, ${value.length} characters]` : "[secret]";
}

/** A config problem users can fix with `pulumi config set`: which key, what value, what is allowed. */
export interface ConfigIssue {
  readonly key: string;
  readonly value: unknown;
  readonly reason: string;
  /** The command that fixes it; `pulumi config set <key> <value>` when absent. */
  readonly fix?: string;
}

export class PlatformConfigError extends Error {
  readonly issues: readonly ConfigIssue[];
  constructor(issues: readonly ConfigIssue[]) {
    // One line, so the planner's and the engine's one-line error summaries show every problem.
    super(
      `invalid stack config: ${issues.map((i) => `${i.key} ${i.reason}; got ${describeValue(i.value)}`).join(" | ")}` +
        ` (fix with: ${issues[0]?.fix ?? `pulumi config set ${issues[0]?.key ?? "<key>"} <value>`})`,
    );
    this.name = "PlatformConfigError";
    this.issues = issues;
  }
}

/** `openclaw:vpcCidr` for project keys, `aws:region` as is. */
export function qualifiedKey(key: string): string {
  return key.includes(":") ? key : `${PROJECT}:${key}`;
}

// Pulumi hands every config value over as a string (lists as JSON); tests and examples pass typed
// values. These accept both.
const fromString =
  (parse: (s: string) => unknown) =>
  (v: unknown): unknown =>
    typeof v === "string" ? parse(v) : v;
const parseJson = (s: string): unknown => {
  try {
    return JSON.parse(s);
  } catch {
    return s;
  }
};
const integer = (min: number, max = Number.MAX_SAFE_INTEGER) =>
  z.preprocess(
    fromString((s) => (/^\s*-?\d+\s*$/.test(s) ? Number(s) : s)),
    z
      .number({ error: "must be a whole number" })
      .int({ error: "must be a whole number" })
      .min(min, { error: `must be >= ${min}` })
      .max(max, { error: `must be <= ${max}` }),
  );
const boolean = z.preprocess(
  fromString((s) => (s === "true" ? true : s === "false" ? false : s)),
  z.boolean({ error: "must be true or false" }),
);
const oneOf = <const T extends readonly [string, ...string[]]>(values: T) =>
  z.enum(values, { error: `must be one of ${values.join(", ")}` });
const nonEmpty = z.string({ error: "must be a string" }).trim().min(1, { error: "must not be empty" });
const stringList = (item: z.ZodType<string>, what: string) =>
  z.preprocess(fromString(parseJson), z.array(item, { error: `must be a JSON list of ${what}` }));

/** An ARN of one AWS service, or "" for unset (Pulumi.yaml string keys can't be absent and typed). */
const optionalArn = (service: string) =>
  z.string().refine((s) => s === "" || (s.startsWith(`arn:aws`) && s.split(":")[2] === service), {
    error: `must be an ${service} ARN (arn:aws:${service}:...) or empty`,
  });
const AZ_NAME = /^[a-z]{2}(-[a-z]+)+-\d+[a-z]$/;
const INSTANCE_TYPE = /^[a-z][a-z0-9-]*\.[a-z0-9]+$/;
const REGION = /^[a-z]{2}(-[a-z]+)+-\d+$/;
const CIDR = /^\d{1,3}(\.\d{1,3}){3}\/\d{1,2}$/;
const HOST_NAME = /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/;
const CACHE_NODE_TYPE = /^cache\.[a-z0-9]+\.[a-z0-9]+$/;
const EMAIL = /^[^@\s]+@[^@\s]+\.[^@\s]+$/;

/** An EKS add-on version such as v1.20.4-eksbuild.1, or "" for EKS's default for the cluster version. */
const addonVersion = z.string().refine((s) => s === "" || /^v\d+\.\d+\.\d+-eksbuild\.\d+$/.test(s), {
  error: 'must be an add-on version like "v1.20.4-eksbuild.1" or empty',
});

const instanceTypes = stringList(
  z.string().regex(INSTANCE_TYPE, { error: "must hold instance types like m6i.large" }),
  'instance types, e.g. ["m6i.large","m7i.large","m5.large"]',
).pipe(z.array(z.string()).min(1, { error: "must list at least one instance type" }));

const rawSchema = z.object({
  [REGION_KEY]: z.string().regex(REGION, { error: "must be an AWS region like us-east-1" }),
  environment: oneOf(ENVIRONMENTS),
  owner: nonEmpty,
  costCenter: nonEmpty,
  service: nonEmpty,
  availabilityZones: stringList(
    z.string().regex(AZ_NAME, { error: "must hold AZ names like us-east-1a" }),
    'AZ names, e.g. ["us-east-1a","us-east-1b"]',
  ).pipe(z.array(z.string()).min(2, { error: "must list at least 2 AZs (ASGs need subnets in 2+ AZs)" })),
  vpcCidr: z.string().regex(CIDR, { error: "must be an IPv4 CIDR block like 10.0.0.0/16" }),
  natGateways: oneOf(["auto", "single", "one-per-az"]),
  flowLogRetentionDays: integer(1).refine((d) => (LOG_RETENTION_DAYS as readonly number[]).includes(d), {
    error: `must be a CloudWatch retention period: ${LOG_RETENTION_DAYS.join(", ")}`,
  }),
  flowLogKmsKeyArn: optionalArn("kms"),
  imageId: nonEmpty,
  targetCpuUtilization: integer(1, 100),
  rootVolumeSizeGiB: integer(8, 16384),
  predictiveScaling: oneOf(["off", "ForecastOnly", "ForecastAndScale"]),
  offHoursScaleDown: boolean,
  baselineInstanceTypes: instanceTypes,
  baselineMinSize: integer(0),
  baselineMaxSize: integer(1),
  baselineOnDemandBase: integer(0),
  baselineSpotPercentage: integer(0, 100),
  burstInstanceTypes: instanceTypes,
  burstMinSize: integer(0),
  burstMaxSize: integer(1),
  burstOnDemandBase: integer(0),
  burstSpotPercentage: integer(0, 100),
  storageTiering: oneOf(["tiered", "intelligent-tiering"]),
  // 0 skips a tier; S3's per-tier minimums and order are TieredStorage's to check (lifecycle-tiers.ts).
  storageStandardIaDays: integer(0),
  storageGlacierIrDays: integer(0),
  storageDeepArchiveDays: integer(0),
  storageNoncurrentVersionDays: integer(1),
  storageEncryption: oneOf(["AES256", "aws:kms"]),
  storageKmsKeyArn: optionalArn("kms"),
  cdnPriceClass: oneOf(["auto", "PriceClass_100", "PriceClass_200", "PriceClass_All"]),
  cdnAliases: stringList(z.string().min(1), 'domain names, e.g. ["cdn.example.com"]'),
  cdnCertificateArn: optionalArn("acm"),
  cdnLogRetentionDays: integer(1),
  cdnWebAclArn: optionalArn("wafv2"),
  albCertificateArn: optionalArn("acm"),
  apiDomainName: z.string().refine((s) => s === "" || HOST_NAME.test(s), {
    error: "must be a DNS name like api-origin.example.com, or empty",
  }),
  albIngress: oneOf(["cloudfront", "internet"]),
  redisNodeType: z
    .string()
    .regex(CACHE_NODE_TYPE, { error: "must be an ElastiCache node type like cache.t4g.micro" }),
  redisReplicas: integer(0, 5),
  redisAuthToken: z.string().refine((s) => s === "" || AUTH_TOKEN_PATTERN.test(s), {
    error: "must be 16-128 printable characters without spaces, '\"', '/' or '@' (or empty to generate one)",
  }),
  alertEmail: z.string().refine((s) => s === "" || EMAIL.test(s), {
    error: "must be an email address like ops@example.com, or empty",
  }),
  monthlyBudgetUsd: integer(0),
  budgetAlertEmails: stringList(
    z.string().regex(EMAIL, { error: "must hold email addresses" }),
    'email addresses, e.g. ["finops@example.com"]',
  ),
  budgetAlertSnsTopicArn: optionalArn("sns"),
  anomalyThresholdUsd: integer(1),
  chaosSpotInterruptionPercent: integer(0, 100),
  clusterVersion: z.string().regex(/^1\.\d+$/, { error: 'must be a Kubernetes minor version like "1.34"' }),
  clusterPublicAccessCidrs: stringList(
    z
      .string()
      .regex(CIDR, { error: "must hold IPv4 CIDR blocks like 203.0.113.0/24" })
      .refine((c) => !c.endsWith("/0"), { error: "must not open the API to the whole internet (/0)" }),
    'CIDR blocks, e.g. ["203.0.113.0/24"]',
  ),
  clusterLogRetentionDays: integer(1).refine((d) => (LOG_RETENTION_DAYS as readonly number[]).includes(d), {
    error: `must be a CloudWatch retention period: ${LOG_RETENTION_DAYS.join(", ")}`,
  }),
  clusterKmsKeyArn: optionalArn("kms"),
  clusterAdminArns: stringList(
    z.string().refine((s) => s.startsWith("arn:aws") && s.split(":")[2] === "iam", {
      error: "must hold IAM role or user ARNs",
    }),
    'IAM ARNs, e.g. ["arn:aws:iam::123456789012:role/admins"]',
  ),
  clusterVpcCniVersion: addonVersion,
  clusterCoreDnsVersion: addonVersion,
  clusterKubeProxyVersion: addonVersion,
  clusterPodIdentityAgentVersion: addonVersion,
  existingKubeconfig: z.string({ error: "must be a kubeconfig (YAML or JSON text)" }),
  gatewayImage: z
    .string()
    .regex(/^[a-z0-9.\-_/:]+(:[\w.-]+|@sha256:[0-9a-f]{64})$/, {
      error:
        "must be an image pinned by tag or digest, e.g. 123456789012.dkr.ecr.us-east-1.amazonaws.com/gateway:0.1.0",
    })
    .refine((image) => !image.endsWith(":latest"), {
      error: "must be pinned to a release tag or digest, not :latest",
    }),
  gatewayUpstreams: stringList(
    oneOf(GATEWAY_UPSTREAMS),
    `upstreams from ${GATEWAY_UPSTREAMS.join(", ")}`,
  ).pipe(z.array(z.string()).min(1, { error: "must list at least one upstream" })),
  gatewayOpenAiApiKey: z.string({ error: "must be an API key (text)" }),
  gatewayAnthropicApiKey: z.string({ error: "must be an API key (text)" }),
  gatewayClientKeySha256: z.string().refine((s) => s === "" || /^[0-9a-f]{64}$/.test(s), {
    error:
      'must be the lowercase hex sha256 of the key clients send (printf %s "$KEY" | sha256sum), or empty',
  }),
});
type RawConfig = z.infer<typeof rawSchema>;

/**
 * Rules only config can check, pinned on the key to change. Rules a component checks on its own arguments
 * (pool sizes, lifecycle tier order, repeated zones or instance types, aliases without a certificate) stay
 * there, so each lives in one place; their errors name the component argument and the value given.
 */
function crossKeyIssues(raw: RawConfig): ConfigIssue[] {
  const issues: ConfigIssue[] = [];
  const add = (key: ConfigKey, reason: string) =>
    issues.push({ key: qualifiedKey(key), value: shownValue(key, raw[key]), reason });

  const region = raw[REGION_KEY];
  const foreign = raw.availabilityZones.filter(
    (az) => !az.startsWith(region) || az.length !== region.length + 1,
  );
  if (foreign.length > 0)
    add("availabilityZones", `must all be in ${REGION_KEY} ${region} (found ${foreign.join(", ")})`);

  if (raw.environment === "prod") {
    for (const pool of ["baseline", "burst"] as const) {
      if (raw[`${pool}OnDemandBase`] < 2) {
        add(
          `${pool}OnDemandBase`,
          "must be at least 2 in prod (an On-Demand floor in two AZs survives Spot reclaims)",
        );
      }
    }
  }
  if (raw.environment !== "dev" && raw.albCertificateArn === "") {
    add(
      "albCertificateArn",
      `must be set outside dev (an ACM certificate in ${REGION_KEY} for ${qualifiedKey("apiDomainName")}): ` +
        "the load balancer serves HTTPS only there",
    );
  }
  const certificateRegion = raw.albCertificateArn.split(":")[3];
  if (raw.albCertificateArn !== "" && certificateRegion !== region) {
    add(
      "albCertificateArn",
      `must be a certificate in ${REGION_KEY} ${region} (load balancers use regional certificates)`,
    );
  }
  if ((raw.albCertificateArn === "") !== (raw.apiDomainName === "")) {
    add(
      "apiDomainName",
      `must be set together with ${qualifiedKey("albCertificateArn")}: CloudFront reaches the load balancer over ` +
        "HTTPS by this name, which the certificate must cover and your DNS must point at the load balancer",
    );
  }
  if (raw.environment === "prod" && raw.redisReplicas < 1) {
    add("redisReplicas", "must be at least 1 in prod (multi-AZ with automatic failover)");
  }
  if (raw.monthlyBudgetUsd > 0 && raw.budgetAlertEmails.length === 0 && raw.budgetAlertSnsTopicArn === "") {
    add(
      "budgetAlertEmails",
      `must list an address (or set ${qualifiedKey("budgetAlertSnsTopicArn")}) when ${qualifiedKey("monthlyBudgetUsd")} is set`,
    );
  }
  for (const [upstream, key] of Object.entries(UPSTREAM_KEY_KEYS)) {
    if ((raw.gatewayUpstreams as string[]).includes(upstream) && raw[key].trim() === "") {
      add(
        "gatewayUpstreams",
        `lists ${upstream}, which needs ${qualifiedKey(key)} (pulumi config set --secret)`,
      );
    }
  }
  return issues;
}

/**
 * Validates raw config values (strings as Pulumi stores them, or typed values), keyed as in Pulumi.yaml
 * (`environment`, `aws:region`, ...); missing keys take {@link CONFIG_DEFAULTS}.
 *
 * @throws PlatformConfigError listing every bad key with its value and what is allowed.
 */
export function validatePlatformConfig(raw: Readonly<Record<string, unknown>>): PlatformConfig {
  const undeclared = undeclaredKeys(Object.keys(raw), PROJECT, CONFIG_KEYS);
  if (undeclared.length > 0) {
    throw new PlatformConfigError(
      undeclared.map((found) => ({
        key: found.key,
        value: raw[found.key] ?? raw[found.key.slice(PROJECT.length + 1)],
        reason: undeclaredReason(found),
        fix: `pulumi config rm ${found.key}${found.closest ? `, then pulumi config set ${found.closest} <value>` : ""}`,
      })),
    );
  }
  const withDefaults: Record<string, unknown> = { ...CONFIG_DEFAULTS };
  for (const [key, value] of Object.entries(raw)) if (value !== undefined) withDefaults[key] = value;

  const parsed = rawSchema.safeParse(withDefaults);
  if (!parsed.success) {
    const seen = new Set<string>();
    const issues: ConfigIssue[] = [];
    for (const issue of parsed.error.issues) {
      const key = String(issue.path[0]);
      if (seen.has(key)) continue;
      seen.add(key);
      issues.push({
        key: qualifiedKey(key),
        value: shownValue(key, withDefaults[key]),
        reason: issue.message,
      });
    }
    throw new PlatformConfigError(issues);
  }
  const cross = crossKeyIssues(parsed.data);
  if (cross.length > 0) throw new PlatformConfigError(cross);
  return toPlatformConfig(parsed.data);
}

function zeroToNull(days: number): number | null {
  return days === 0 ? null : days;
}

function emptyToUndefined(value: string): string | undefined {
  return value === "" ? undefined : value;
}

function toPlatformConfig(raw: RawConfig): PlatformConfig {
  const environment: Environment = raw.environment;
  const prod = environment === "prod";
  const pool = (prefix: "baseline" | "burst"): PoolConfig => ({
    instanceTypes: raw[`${prefix}InstanceTypes`],
    minSize: raw[`${prefix}MinSize`],
    maxSize: raw[`${prefix}MaxSize`],
    onDemandBaseCapacity: raw[`${prefix}OnDemandBase`],
    onDemandPercentageAboveBaseCapacity: onDemandPercentFromSpotPercent(raw[`${prefix}SpotPercentage`]),
  });
  return {
    region: raw[REGION_KEY],
    tags: { environment, owner: raw.owner, costCenter: raw.costCenter, service: raw.service },
    network: {
      availabilityZones: raw.availabilityZones,
      vpcCidr: raw.vpcCidr,
      // `auto`: HA egress where it matters, one shared NAT (~$33/month each) everywhere else.
      natGateways: raw.natGateways === "auto" ? (prod ? "one-per-az" : "single") : raw.natGateways,
      flowLogRetentionDays: raw.flowLogRetentionDays,
      flowLogKmsKeyArn: emptyToUndefined(raw.flowLogKmsKeyArn),
    },
    compute: {
      imageId: raw.imageId,
      targetCpuUtilization: raw.targetCpuUtilization,
      rootVolumeSizeGiB: raw.rootVolumeSizeGiB,
      predictiveScaling: raw.predictiveScaling,
      offHoursScaleDown: raw.offHoursScaleDown,
      baseline: pool("baseline"),
      burst: pool("burst"),
    },
    storage: {
      tiering: raw.storageTiering,
      standardIaAfterDays: zeroToNull(raw.storageStandardIaDays),
      glacierInstantRetrievalAfterDays: zeroToNull(raw.storageGlacierIrDays),
      deepArchiveAfterDays: zeroToNull(raw.storageDeepArchiveDays),
      noncurrentVersionExpireAfterDays: raw.storageNoncurrentVersionDays,
      encryption: raw.storageEncryption,
      kmsKeyArn: emptyToUndefined(raw.storageKmsKeyArn),
    },
    cdn: {
      // `auto`: global edge coverage in prod, the cheapest edge set (NA + Europe) elsewhere.
      priceClass:
        raw.cdnPriceClass === "auto" ? (prod ? "PriceClass_All" : "PriceClass_100") : raw.cdnPriceClass,
      aliases: raw.cdnAliases,
      acmCertificateArn: emptyToUndefined(raw.cdnCertificateArn),
      logRetentionDays: raw.cdnLogRetentionDays,
      webAclArn: emptyToUndefined(raw.cdnWebAclArn),
    },
    loadBalancer: {
      certificateArn: emptyToUndefined(raw.albCertificateArn),
      apiDomainName: emptyToUndefined(raw.apiDomainName),
      ingress: raw.albIngress,
      deletionProtection: prod,
    },
    cache: {
      nodeType: raw.redisNodeType,
      replicas: raw.redisReplicas,
      authToken: emptyToUndefined(raw.redisAuthToken),
    },
    alerts: { email: emptyToUndefined(raw.alertEmail) },
    ...(raw.monthlyBudgetUsd > 0
      ? {
          finops: {
            monthlyBudgetUsd: raw.monthlyBudgetUsd,
            alertEmails: raw.budgetAlertEmails,
            alertSnsTopicArn: emptyToUndefined(raw.budgetAlertSnsTopicArn),
            anomalyThresholdUsd: raw.anomalyThresholdUsd,
          },
        }
      : {}),
    ...(raw.chaosSpotInterruptionPercent > 0
      ? { chaos: { spotInterruptionPercent: raw.chaosSpotInterruptionPercent } }
      : {}),
    cluster: {
      version: raw.clusterVersion,
      publicAccessCidrs: raw.clusterPublicAccessCidrs,
      addonVersions: Object.fromEntries(
        CORE_ADDONS.flatMap((addon) => {
          const version = raw[ADDON_VERSION_KEYS[addon]];
          return version === "" ? [] : [[addon, version]];
        }),
      ),
      logRetentionDays: raw.clusterLogRetentionDays,
      kmsKeyArn: emptyToUndefined(raw.clusterKmsKeyArn),
      adminPrincipalArns: raw.clusterAdminArns,
      existingKubeconfig:
        raw.existingKubeconfig.trim() === "" ? undefined : pulumi.secret(raw.existingKubeconfig),
      terminationHandlerReplicas: prod ? 3 : 2,
    },
    gateway: {
      image: raw.gatewayImage,
      upstreams: raw.gatewayUpstreams as GatewayUpstream[],
      providerKeys: Object.fromEntries(
        Object.entries(UPSTREAM_KEY_KEYS).flatMap(([upstream, key]) =>
          (raw.gatewayUpstreams as string[]).includes(upstream)
            ? [[providerIdOf(upstream as GatewayUpstream), pulumi.secret(raw[key])]]
            : [],
        ),
      ),
      clientKeySha256: emptyToUndefined(raw.gatewayClientKeySha256),
      minReplicas: prod ? 3 : 2,
      maxReplicas: prod ? 12 : 4,
    },
  };
}

/**
 * Reads every key from the stack's config (the program's one place that touches config) and validates it.
 * Keys of the project's namespace that Pulumi.yaml doesn't declare are refused (a misspelt key must not
 * silently drop a setting), so `pulumi up` fails as `openclaw plan` does.
 * @param cfg the project's config, `new pulumi.Config()`
 * @param awsCfg the AWS provider's config (for `aws:region`)
 */
export function readPlatformConfig(
  cfg: pulumi.Config,
  awsCfg: pulumi.Config = new pulumi.Config("aws"),
): PlatformConfig {
  const raw: Record<string, unknown> = {};
  for (const key of CONFIG_KEYS) {
    const value = key === REGION_KEY ? awsCfg.get("region") : cfg.get(key);
    if (value !== undefined) raw[key] = value;
  }
  const namespace = `${cfg.name}:`;
  for (const [key, value] of Object.entries(pulumi.runtime.allConfig())) {
    const name = key.slice(namespace.length);
    if (key.startsWith(namespace) && !(name in raw)) raw[name] = value;
  }
  return validatePlatformConfig(raw);
}
