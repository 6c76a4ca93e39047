import {
  BUCKET_HINT,
  type BucketCompanions,
  cloudFrontLogBuckets,
  loadBalancerLogBuckets,
  perBucket,
  reportMissingCompanion,
} from "./lib/buckets";
import {
  conditionKeys,
  conditionValues,
  isEveryonePrincipal,
  type Statement,
  statementsOf,
  stringsOf,
} from "./lib/iam";
import { type CatalogEntry, resourcePolicy, stackPolicy } from "./lib/policy";
import { effectiveTags } from "./lib/tags";
import { BUCKET_TYPES, T } from "./lib/types";
import {
  bool,
  get,
  isObject,
  isUnknown,
  list,
  num,
  type Plain,
  show,
  str,
  UNKNOWN,
  type Unknown,
} from "./lib/values";

/**
 * S3 guardrails. A bucket's versioning, encryption, public-access block, lifecycle, policy and ownership are
 * separate resources in @pulumi/aws v7, so most checks here are stack policies that join those companions to
 * their bucket (lib/buckets.ts). Settings given inline on the (deprecated) bucket properties count too.
 */

const PAB_FIELDS = [
  "blockPublicAcls",
  "blockPublicPolicy",
  "ignorePublicAcls",
  "restrictPublicBuckets",
] as const;

export const s3PublicAccessBlock = stackPolicy({
  name: "s3-public-access-block",
  family: "storage",
  description:
    "Checks whether every S3 bucket has an aws.s3.BucketPublicAccessBlock with all four settings true (CKV_AWS_53, CKV_AWS_54, CKV_AWS_55, CKV_AWS_56).",
  enforcementLevel: "mandatory",
  checkov: ["CKV_AWS_53", "CKV_AWS_54", "CKV_AWS_55", "CKV_AWS_56"],
  remediationSteps:
    "Add new aws.s3.BucketPublicAccessBlock(name, { bucket: bucket.id, blockPublicAcls: true, blockPublicPolicy: true, ignorePublicAcls: true, restrictPublicBuckets: true }).",
  check: (resources, _config, report) =>
    perBucket(resources, [T.bucketPublicAccessBlock], (joined) => {
      if (joined.companions.length === 0) {
        reportMissingCompanion(
          report,
          joined,
          "aws.s3.BucketPublicAccessBlock",
          `add one with ${BUCKET_HINT} and ${PAB_FIELDS.join(", ")} all true.`,
        );
        return;
      }
      for (const block of joined.companions) {
        const off = PAB_FIELDS.filter(
          (field) => !isUnknown(block.props[field]) && bool(block.props[field]) !== true,
        );
        if (off.length === 0) continue;
        const detail = off.map((field) => `${field} is ${show(block.props[field])}`).join(", ");
        report(`${detail}; set ${PAB_FIELDS.join(", ")} all to true.`, block.urn);
      }
    }),
});

interface EncryptionConfig {
  requireKms: boolean;
}

const SSE_ALGORITHMS = ["AES256", "aws:kms", "aws:kms:dsse"];
const KMS_ALGORITHMS = ["aws:kms", "aws:kms:dsse"];

/** The SSE algorithms a config (separate resource or inline block) sets; UNKNOWN entries are skipped. */
function sseAlgorithms(rules: Plain | undefined): { algorithms: (string | undefined)[]; unknown: boolean } {
  const items = list(Array.isArray(rules) || isUnknown(rules) ? rules : rules === undefined ? [] : [rules]);
  if (isUnknown(items)) return { algorithms: [], unknown: true };
  let unknown = false;
  const algorithms = items.map((rule) => {
    const algorithm = get(rule, "applyServerSideEncryptionByDefault", "sseAlgorithm");
    if (isUnknown(algorithm)) unknown = true;
    return str(algorithm);
  });
  return { algorithms, unknown };
}

export const s3Encryption = stackPolicy<EncryptionConfig>({
  name: "s3-encryption",
  family: "storage",
  description:
    "Checks whether every S3 bucket declares default server-side encryption, with KMS when requireKms is set (CKV_AWS_19, CKV_AWS_145).",
  enforcementLevel: "mandatory",
  checkov: ["CKV_AWS_19", "CKV_AWS_145"],
  remediationSteps:
    'Add new aws.s3.BucketServerSideEncryptionConfiguration(name, { bucket: bucket.id, rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms", kmsMasterKeyId: key.arn }, bucketKeyEnabled: true }] }).',
  configSchema: {
    properties: {
      requireKms: {
        type: "boolean",
        default: false,
        description:
          'Require "aws:kms" or "aws:kms:dsse" (CKV_AWS_145) instead of accepting AES256; buckets a CloudFront distribution or a load balancer logs to keep AES256 (neither log delivery can write to SSE-KMS buckets).',
      },
    },
  },
  check: (resources, config, report) => {
    const logBuckets = new Set([...cloudFrontLogBuckets(resources), ...loadBalancerLogBuckets(resources)]);
    const judge = (urn: string, rules: Plain | undefined, path: string, allowed: readonly string[]) => {
      const { algorithms, unknown } = sseAlgorithms(rules);
      if (unknown) return;
      if (algorithms.length > 0 && algorithms.every((a) => a !== undefined && allowed.includes(a))) return;
      const found = algorithms.map((a) => show(a)).join(", ") || "none";
      report(`${path}.sseAlgorithm is ${found}; set it to one of: ${allowed.join(", ")}.`, urn);
    };
    perBucket(resources, [T.bucketSse, T.bucketSseV2], (joined) => {
      const { bucket, companions: configs } = joined;
      const allowed = config.requireKms && !logBuckets.has(bucket.urn) ? KMS_ALGORITHMS : SSE_ALGORITHMS;
      const inline = bucket.props.serverSideEncryptionConfiguration;
      if (configs.length === 0 && isObject(inline)) {
        judge(
          bucket.urn,
          get(inline, "rule") ?? get(inline, "rules"),
          "serverSideEncryptionConfiguration.rule.applyServerSideEncryptionByDefault",
          allowed,
        );
        return;
      }
      if (configs.length === 0) {
        reportMissingCompanion(
          report,
          joined,
          "aws.s3.BucketServerSideEncryptionConfiguration",
          `add one with ${BUCKET_HINT} and rules[0].applyServerSideEncryptionByDefault.sseAlgorithm one of: ` +
            `${allowed.join(", ")}.`,
        );
        return;
      }
      for (const sse of configs)
        judge(sse.urn, sse.props.rules, "rules[].applyServerSideEncryptionByDefault", allowed);
    });
  },
});

export const s3Versioning = stackPolicy({
  name: "s3-versioning",
  family: "storage",
  description: 'Checks whether every S3 bucket has versioning status "Enabled" (CKV_AWS_21).',
  enforcementLevel: "mandatory",
  checkov: ["CKV_AWS_21"],
  remediationSteps:
    'Add new aws.s3.BucketVersioning(name, { bucket: bucket.id, versioningConfiguration: { status: "Enabled" } }).',
  check: (resources, _config, report) =>
    perBucket(resources, [T.bucketVersioning, T.bucketVersioningV2], (joined) => {
      if (joined.companions.length === 0) {
        const inline = get(joined.bucket.props, "versioning", "enabled");
        if (isUnknown(inline) || bool(inline) === true) return;
        reportMissingCompanion(
          report,
          joined,
          "aws.s3.BucketVersioning",
          `add one with ${BUCKET_HINT} and versioningConfiguration.status "Enabled".`,
        );
        return;
      }
      for (const versioning of joined.companions) {
        const status = get(versioning.props, "versioningConfiguration", "status");
        if (isUnknown(status) || status === "Enabled") continue;
        report(`versioningConfiguration.status is ${show(status)}; set it to "Enabled".`, versioning.urn);
      }
    }),
});

interface LifecycleConfig {
  maxAbortDays: number;
}

/** Abort-incomplete-multipart days of each enabled rule (v7 resource shape or inline legacy shape). */
function abortDays(rules: Plain[], inline: boolean): (number | Unknown | undefined)[] {
  return rules.map((rule) => {
    const enabled = inline ? get(rule, "enabled") : get(rule, "status");
    if (isUnknown(enabled)) return UNKNOWN;
    if (inline ? bool(enabled) !== true : enabled !== "Enabled") return undefined;
    const days = inline
      ? get(rule, "abortIncompleteMultipartUploadDays")
      : get(rule, "abortIncompleteMultipartUpload", "daysAfterInitiation");
    return isUnknown(days) ? UNKNOWN : num(days);
  });
}

export const s3LifecycleAbortMultipart = stackPolicy<LifecycleConfig>({
  name: "s3-lifecycle-abort-multipart",
  family: "storage",
  description:
    "Checks whether every S3 bucket has a lifecycle configuration with an enabled rule that aborts incomplete multipart uploads within the configured days (CKV_AWS_300, CKV2_AWS_61).",
  enforcementLevel: "mandatory",
  checkov: ["CKV_AWS_300", "CKV2_AWS_61"],
  remediationSteps:
    'Add a rule { id: "abort-multipart", status: "Enabled", filter: {}, abortIncompleteMultipartUpload: { daysAfterInitiation: 7 } } to an aws.s3.BucketLifecycleConfiguration for the bucket.',
  configSchema: {
    properties: {
      maxAbortDays: {
        type: "integer",
        minimum: 1,
        default: 7,
        description: "Largest daysAfterInitiation accepted for aborting incomplete multipart uploads.",
      },
    },
  },
  check: (resources, config, report) => {
    const judge = (urn: string, days: (number | Unknown | undefined)[], what: string) => {
      if (days.some((d) => isUnknown(d) || (typeof d === "number" && d <= config.maxAbortDays))) return;
      report(
        `${what} has no enabled rule with abortIncompleteMultipartUpload.daysAfterInitiation <= ` +
          `${config.maxAbortDays}; add rule { status: "Enabled", filter: {}, abortIncompleteMultipartUpload: ` +
          `{ daysAfterInitiation: ${config.maxAbortDays} } }.`,
        urn,
      );
    };
    perBucket(resources, [T.bucketLifecycle, T.bucketLifecycleV2], (joined) => {
      const { bucket, companions: lifecycles } = joined;
      if (lifecycles.length === 0) {
        const inline = list(bucket.props.lifecycleRules);
        if (isUnknown(inline) || joined.unresolved) return;
        if (inline.length > 0) {
          judge(bucket.urn, abortDays(inline, true), "lifecycleRules");
          return;
        }
        reportMissingCompanion(
          report,
          joined,
          "aws.s3.BucketLifecycleConfiguration",
          `add one with ${BUCKET_HINT} and a rule aborting incomplete multipart uploads after at most ` +
            `${config.maxAbortDays} days.`,
        );
        return;
      }
      const days: (number | Unknown | undefined)[] = [];
      for (const lifecycle of lifecycles) {
        const rules = list(lifecycle.props.rules);
        if (isUnknown(rules)) return;
        days.push(...abortDays(rules, false));
      }
      const first = lifecycles[0];
      if (first) judge(first.urn, days, "The lifecycle configuration");
    });
  },
});

/** True when a statement denies every request made without TLS. */
function deniesInsecureTransport(statement: Statement): boolean {
  if (statement.Effect !== "Deny" || !isEveryonePrincipal(statement.Principal)) return false;
  return conditionValues(statement, "Bool", "aws:SecureTransport").includes("false");
}

export const s3TlsOnly = stackPolicy({
  name: "s3-tls-only",
  family: "storage",
  description:
    'Checks whether every S3 bucket has a bucket policy denying requests where aws:SecureTransport is "false".',
  enforcementLevel: "mandatory",
  remediationSteps:
    'Add a statement { Sid: "DenyInsecureTransport", Effect: "Deny", Principal: "*", Action: "s3:*", Resource: ["<bucket arn>", "<bucket arn>/*"], Condition: { Bool: { "aws:SecureTransport": "false" } } } to the bucket policy.',
  check: (resources, _config, report) =>
    perBucket(resources, [T.bucketPolicy], (joined) => {
      const { bucket, companions: policies } = joined;
      const fix =
        'add { Effect: "Deny", Principal: "*", Action: "s3:*", Condition: { Bool: { "aws:SecureTransport": ' +
        '"false" } } } for the bucket and its objects.';
      if (policies.length === 0 && bucket.props.policy === undefined) {
        reportMissingCompanion(
          report,
          joined,
          "aws.s3.BucketPolicy",
          `it has no statement denying insecure transport; ${fix}`,
        );
        return;
      }
      const documents: (Plain | undefined)[] =
        policies.length > 0 ? policies.map((p) => p.props.policy) : [bucket.props.policy];
      for (const document of documents) {
        const statements = statementsOf(document);
        if (isUnknown(statements) || statements.some(deniesInsecureTransport)) return;
      }
      report(
        `The ${policies.length > 0 ? "bucket policy" : "bucket's policy"} has no statement denying insecure transport; ${fix}`,
        (policies[0] ?? bucket).urn,
      );
    }),
});

interface OwnershipConfig {
  requireExplicit: boolean;
  exemptionTagKey: string;
  exemptionTagValue: string;
  exemptBucketNames: string[];
  exemptCloudFrontLogBuckets: boolean;
}

const ENFORCED = "BucketOwnerEnforced";

export const s3OwnershipEnforced = stackPolicy<OwnershipConfig>({
  name: "s3-ownership-enforced",
  family: "storage",
  description:
    'Checks whether S3 buckets keep ACLs disabled (object ownership "BucketOwnerEnforced", AWS\'s default for new buckets since April 2023): no ObjectWriter or BucketOwnerPreferred ownership, no acl on a bucket and no aws.s3.BucketAcl, except CloudFront standard-logging buckets and buckets exempted by tag or name; with requireExplicit every bucket must also say so with an aws.s3.BucketOwnershipControls (CKV2_AWS_65).',
  enforcementLevel: "mandatory",
  checkov: ["CKV2_AWS_65"],
  remediationSteps:
    'Remove acl and aws.s3.BucketAcl resources and leave ownership unset or set new aws.s3.BucketOwnershipControls(name, { bucket: bucket.id, rule: { objectOwnership: "BucketOwnerEnforced" } }); a bucket that must accept ACLs (CloudFront standard logs) is tagged with the exemption tag.',
  configSchema: {
    properties: {
      requireExplicit: {
        type: "boolean",
        default: false,
        description:
          'Also require an aws.s3.BucketOwnershipControls with "BucketOwnerEnforced" on every bucket, instead of relying on AWS\'s default for new buckets.',
      },
      exemptionTagKey: {
        type: "string",
        default: "openclaw:acl-exception",
        description: "Tag key marking an ACL exception.",
      },
      exemptionTagValue: {
        type: "string",
        default: "cloudfront-logs",
        description: "Tag value marking an ACL exception.",
      },
      exemptBucketNames: {
        type: "array",
        items: { type: "string" },
        default: [],
        description: "Physical bucket names (the bucket input/output) exempt from this policy.",
      },
      exemptCloudFrontLogBuckets: {
        type: "boolean",
        default: true,
        description:
          "Exempt buckets a CloudFront distribution in the stack logs to (standard logging needs ACLs).",
      },
    },
  },
  check: (resources, config, report) => {
    const logBuckets = config.exemptCloudFrontLogBuckets
      ? cloudFrontLogBuckets(resources)
      : new Set<string>();
    const exempt = (bucket: BucketCompanions["bucket"]): boolean => {
      const tags = effectiveTags(bucket);
      if (isUnknown(tags) || isUnknown(tags[config.exemptionTagKey])) return true;
      if (tags[config.exemptionTagKey] === config.exemptionTagValue) return true;
      const name = str(bucket.props.bucket);
      return (name !== undefined && config.exemptBucketNames.includes(name)) || logBuckets.has(bucket.urn);
    };
    const tagHint = `tag the bucket ${config.exemptionTagKey}=${config.exemptionTagValue} if it must accept ACLs`;
    perBucket(resources, [T.bucketOwnership, T.bucketAcl, T.bucketAclV2], (joined) => {
      const { bucket, companions } = joined;
      if (exempt(bucket)) return;
      const acl = bucket.props.acl;
      if (!isUnknown(acl) && acl !== undefined && acl !== null && acl !== "") {
        report(
          `acl is ${show(acl)}; remove it so the bucket keeps ACLs disabled (${ENFORCED}), or ${tagHint}.`,
          bucket.urn,
        );
      }
      const controls = companions.filter((c) => c.type === T.bucketOwnership);
      for (const grant of companions.filter((c) => c.type !== T.bucketOwnership)) {
        report(
          `This bucket ACL turns ACLs back on for its bucket; remove it and grant access with a bucket policy (${tagHint}).`,
          grant.urn,
        );
      }
      for (const control of controls) {
        const ownership = get(control.props, "rule", "objectOwnership");
        if (isUnknown(ownership) || ownership === ENFORCED) continue;
        report(
          `rule.objectOwnership is ${show(ownership)}; set it to "${ENFORCED}" (or ${tagHint}).`,
          control.urn,
        );
      }
      if (controls.length === 0 && config.requireExplicit) {
        reportMissingCompanion(
          report,
          joined,
          "aws.s3.BucketOwnershipControls",
          `add one with ${BUCKET_HINT} and rule.objectOwnership "${ENFORCED}" (requireExplicit is on; or ${tagHint}).`,
        );
      }
    });
  },
});

/** Condition keys that tie an anonymous-principal statement to one caller. */
const SCOPING_CONDITION_KEYS = [
  "aws:sourcearn",
  "aws:sourceaccount",
  "aws:sourceowner",
  "aws:principalorgid",
  "aws:sourcevpce",
  "aws:sourcevpc",
];

function publicStatementProblems(document: Plain | undefined): string[] {
  const statements = statementsOf(document);
  if (isUnknown(statements)) return [];
  const problems: string[] = [];
  statements.forEach((statement, i) => {
    if (statement.Effect !== "Allow" || !isEveryonePrincipal(statement.Principal)) return;
    const keys = conditionKeys(statement);
    if (SCOPING_CONDITION_KEYS.some((key) => keys.has(key))) return;
    const sid = str(statement.Sid);
    problems.push(
      `Statement ${sid ? `"${sid}"` : `#${i}`} allows Principal "*" (${stringsOf(statement.Action).join(", ") || "any action"}) ` +
        "without an aws:SourceArn or aws:SourceAccount condition; name the principal (e.g. " +
        '{ Service: "cloudfront.amazonaws.com" }) and add Condition StringEquals aws:SourceArn.',
    );
  });
  return problems;
}

export const s3NoPublicPolicy = resourcePolicy({
  name: "s3-no-public-policy",
  family: "storage",
  description:
    'Checks whether S3 bucket policies never Allow Principal "*" without an aws:SourceArn/aws:SourceAccount style condition (CKV_AWS_70).',
  enforcementLevel: "mandatory",
  checkov: ["CKV_AWS_70"],
  remediationSteps:
    "Replace the wildcard principal with the calling service or account and scope it with a condition.",
  types: [T.bucketPolicy, ...BUCKET_TYPES],
  check: (subject, _config, report) => {
    for (const problem of publicStatementProblems(subject.props.policy)) report(problem);
  },
});

const PUBLIC_ACLS = ["public-read", "public-read-write", "authenticated-read"];
const PUBLIC_GRANTEES = [
  "http://acs.amazonaws.com/groups/global/AllUsers",
  "http://acs.amazonaws.com/groups/global/AuthenticatedUsers",
];

export const s3NoPublicAcl = resourcePolicy({
  name: "s3-no-public-acl",
  family: "storage",
  description:
    "Checks whether S3 buckets and bucket ACL resources avoid public canned ACLs and grants to AllUsers/AuthenticatedUsers (CKV_AWS_20, CKV_AWS_57).",
  enforcementLevel: "mandatory",
  checkov: ["CKV_AWS_20", "CKV_AWS_57"],
  remediationSteps:
    'Use acl "private" (or no ACL with BucketOwnerEnforced) and serve public content through CloudFront.',
  types: [...BUCKET_TYPES, T.bucketAcl, T.bucketAclV2],
  check: (subject, _config, report) => {
    const acl = str(subject.props.acl);
    if (acl !== undefined && PUBLIC_ACLS.includes(acl)) {
      report(
        `acl is "${acl}"; set it to "private" (or remove it) and serve public content through CloudFront.`,
      );
    }
    const grantLists: (Plain | undefined)[] = [
      subject.props.grants,
      get(subject.props, "accessControlPolicy", "grants"),
    ];
    for (const grants of grantLists) {
      const items = list(grants);
      if (isUnknown(items)) continue;
      for (const grant of items) {
        const uri = str(get(grant, "grantee", "uri")) ?? str(get(grant, "uri"));
        if (uri !== undefined && PUBLIC_GRANTEES.includes(uri)) {
          report(
            `A grant gives ${uri.split("/").pop()} access; remove grants to AllUsers and AuthenticatedUsers.`,
          );
        }
      }
    }
  },
});

export const storagePolicies: CatalogEntry[] = [
  s3PublicAccessBlock,
  s3Encryption,
  s3Versioning,
  s3LifecycleAbortMultipart,
  s3TlsOnly,
  s3OwnershipEnforced,
  s3NoPublicPolicy,
  s3NoPublicAcl,
];
