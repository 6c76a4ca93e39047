import { environmentProperty, environmentTagProperty } from "./lib/config";
import { matchesPattern } from "./lib/instances";
import { type CatalogEntry, resourcePolicy } from "./lib/policy";
import { environmentOf } from "./lib/tags";
import { T } from "./lib/types";
import { bool, isUnknown, list, num, type Plain, show, str } from "./lib/values";

/**
 * ElastiCache guardrails, judged on replication groups (what holds shared state; a lone
 * aws.elasticache.Cluster for Redis is a replication group of one and gets the same checks where its
 * inputs exist). Environment-aware policies read the environment tag (merged with provider
 * defaultTags), falling back to config; unknown passes.
 */

interface EnvConfig {
  environment?: string;
  environmentTag: string;
}

const envProperties = { environment: environmentProperty, environmentTag: environmentTagProperty };
const GROUP = [T.cacheReplicationGroup];

function isOn(value: Plain | undefined): boolean {
  return isUnknown(value) || bool(value) === true;
}

export const elasticacheTransitEncryption = resourcePolicy({
  name: "elasticache-transit-encryption",
  family: "cache",
  description:
    "Checks whether ElastiCache replication groups encrypt traffic in transit (transitEncryptionEnabled, in required mode) (CKV_AWS_30).",
  enforcementLevel: "mandatory",
  checkov: ["CKV_AWS_30"],
  remediationSteps:
    'Set transitEncryptionEnabled: true (and leave transitEncryptionMode unset or "required"); clients connect with rediss://.',
  types: GROUP,
  check: (subject, _config, report) => {
    const enabled = subject.props.transitEncryptionEnabled;
    if (!isOn(enabled)) {
      report(
        `transitEncryptionEnabled is ${show(enabled)}; set it to true so clients and replicas talk TLS.`,
      );
      return;
    }
    const mode = subject.props.transitEncryptionMode;
    if (mode === "preferred") {
      report(
        'transitEncryptionMode is "preferred", which still accepts plaintext clients; set it to "required".',
      );
    }
  },
});

interface AtRestConfig {
  requireCustomerManagedKey: boolean;
}

export const elasticacheAtRestEncryption = resourcePolicy<AtRestConfig>({
  name: "elasticache-at-rest-encryption",
  family: "cache",
  description:
    "Checks whether ElastiCache replication groups encrypt data at rest (atRestEncryptionEnabled), with a customer-managed KMS key when requireCustomerManagedKey is set (CKV_AWS_29, CKV_AWS_191).",
  enforcementLevel: "mandatory",
  checkov: ["CKV_AWS_29", "CKV_AWS_191"],
  remediationSteps: "Set atRestEncryptionEnabled: true and kmsKeyId to a customer-managed KMS key ARN.",
  configSchema: {
    properties: {
      requireCustomerManagedKey: {
        type: "boolean",
        default: false,
        description:
          "Also require kmsKeyId (a customer-managed key) instead of the AWS-managed ElastiCache key.",
      },
    },
  },
  types: GROUP,
  check: (subject, config, report) => {
    const enabled = subject.props.atRestEncryptionEnabled;
    if (!isOn(enabled)) {
      report(
        `atRestEncryptionEnabled is ${show(enabled)}; set it to true (snapshots and swap are then encrypted).`,
      );
      return;
    }
    const key = subject.props.kmsKeyId;
    if (!config.requireCustomerManagedKey || isUnknown(key) || (typeof key === "string" && key !== ""))
      return;
    report(
      "kmsKeyId is unset, so the AWS-managed key encrypts the data; set it to a customer-managed KMS key ARN.",
    );
  },
});

export const elasticacheAuth = resourcePolicy({
  name: "elasticache-auth",
  family: "cache",
  description:
    "Checks whether ElastiCache replication groups require clients to authenticate, with an AUTH token (authToken) or RBAC user groups (userGroupIds) (CKV_AWS_31).",
  enforcementLevel: "mandatory",
  checkov: ["CKV_AWS_31"],
  remediationSteps:
    "Set authToken to a Pulumi secret (16-128 characters; needs transitEncryptionEnabled), or userGroupIds to an RBAC user group.",
  types: GROUP,
  check: (subject, _config, report) => {
    const token = subject.props.authToken;
    const writeOnly = subject.props.authTokenWo;
    const groups = list(subject.props.userGroupIds);
    const given = (value: Plain | undefined) =>
      isUnknown(value) || (typeof value === "string" && value !== "");
    if (given(token) || given(writeOnly) || isUnknown(groups) || groups.length > 0) return;
    report(
      "Neither authToken nor userGroupIds is set, so anyone who reaches port 6379 can read and write; set authToken to a Pulumi secret.",
    );
  },
});

export const elasticacheMultiAzProd = resourcePolicy<EnvConfig>({
  name: "elasticache-multi-az-prod",
  family: "cache",
  description:
    "Checks whether ElastiCache replication groups in prod have at least one replica, automatic failover and multi-AZ, so losing a node or an AZ does not lose the gateway's shared limits and budgets.",
  enforcementLevel: "mandatory",
  remediationSteps:
    "In prod set numCacheClusters >= 2 (or replicasPerNodeGroup >= 1), automaticFailoverEnabled: true and multiAzEnabled: true.",
  configSchema: { properties: { ...envProperties } },
  types: GROUP,
  check: (subject, config, report) => {
    const env = environmentOf(subject, config);
    if (env !== "prod") return;
    const props = subject.props;
    const problems: string[] = [];
    const clusters = props.numCacheClusters;
    const replicasPerGroup = props.replicasPerNodeGroup;
    if (!isUnknown(clusters) && !isUnknown(replicasPerGroup)) {
      const nodes = num(clusters) ?? 1 + (num(replicasPerGroup) ?? 0);
      if (nodes < 2) problems.push(`numCacheClusters is ${show(clusters)} (no replica)`);
    }
    if (!isOn(props.automaticFailoverEnabled)) {
      problems.push(`automaticFailoverEnabled is ${show(props.automaticFailoverEnabled)}`);
    }
    if (!isOn(props.multiAzEnabled)) problems.push(`multiAzEnabled is ${show(props.multiAzEnabled)}`);
    if (problems.length === 0) return;
    report(
      `${problems.join(", ")} in prod; set numCacheClusters to 2 or more, automaticFailoverEnabled: true and multiAzEnabled: true.`,
    );
  },
});

/** Burstable and current general-purpose/memory families; sizes grow with the environment. */
export const DEFAULT_ALLOWED_CACHE_NODE_TYPES: Record<string, string[]> = {
  dev: ["cache.t4g.micro", "cache.t4g.small", "cache.t3.micro", "cache.t3.small"],
  staging: ["cache.t4g.*", "cache.t3.*", "cache.m7g.large", "cache.m6g.large"],
  prod: ["cache.t4g.*", "cache.t3.*", "cache.m6g.*", "cache.m7g.*", "cache.r6g.*", "cache.r7g.*"],
};

interface NodeTypesConfig extends EnvConfig {
  allowedNodeTypes: Record<string, string[]>;
}

export const cacheNodeTypeAllowList = resourcePolicy<NodeTypesConfig>({
  name: "cost-cache-node-types",
  family: "cost",
  description:
    "Checks whether ElastiCache replication groups and clusters use a node type on the allow-list for their environment.",
  enforcementLevel: "mandatory",
  remediationSteps:
    "Pick a node type from the environment's allow-list (cache.t4g.micro in dev), or extend the list in policy config.",
  configSchema: {
    properties: {
      allowedNodeTypes: {
        type: "object",
        additionalProperties: { type: "array", items: { type: "string", minLength: 1 } },
        default: DEFAULT_ALLOWED_CACHE_NODE_TYPES,
        description: 'Environment → allowed ElastiCache node types; "*" is a wildcard ("cache.t4g.*").',
      },
      ...envProperties,
    },
  },
  types: [T.cacheReplicationGroup, T.cacheCluster],
  check: (subject, config, report) => {
    const env = environmentOf(subject, config);
    if (env === undefined || isUnknown(env)) return;
    const allowed = config.allowedNodeTypes[env];
    const nodeType = str(subject.props.nodeType);
    if (allowed === undefined || nodeType === undefined) return;
    if (allowed.some((pattern) => matchesPattern(nodeType, pattern))) return;
    report(`nodeType is "${nodeType}", not allowed in ${env}; use one of: ${allowed.join(", ")}.`);
  },
});

export const elasticachePolicies: CatalogEntry[] = [
  elasticacheTransitEncryption,
  elasticacheAtRestEncryption,
  elasticacheAuth,
  elasticacheMultiAzProd,
  cacheNodeTypeAllowList,
];
