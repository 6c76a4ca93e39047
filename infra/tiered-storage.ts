import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { type ArgIssue, argIssue, throwIfArgIssues } from "./arg-errors";
import {
  INTELLIGENT_TIERING_ARCHIVE_DAYS,
  INTELLIGENT_TIERING_DEEP_ARCHIVE_DAYS,
  lastTransitionDay,
  planTransitions,
  type TierDays,
  type Transition,
} from "./lifecycle-tiers";

/** A bucket policy statement in IAM JSON form (Sid, Effect, Principal, Action, Resource, Condition). */
export type PolicyStatement = Record<string, unknown>;

export interface LifecycleArgs extends TierDays {
  /**
   * `tiered`: fixed-age transitions Standard → Standard-IA → Glacier IR → Deep Archive (set a tier's
   * days to `null` to skip it). `intelligent-tiering`: move everything to Intelligent-Tiering on day 0 and
   * let S3 tier by access; the tier days are ignored.
   * @default "tiered"
   */
  readonly mode?: "tiered" | "intelligent-tiering";
  /** Intelligent-Tiering's Archive Access tier after this many days without access (90-730). @default null (off) */
  readonly intelligentTieringArchiveAfterDays?: number | null;
  /** Intelligent-Tiering's Deep Archive Access tier after this many days without access (180-730). @default null (off) */
  readonly intelligentTieringDeepArchiveAfterDays?: number | null;
  /** Delete current objects this many days after creation; must come after the last tier. @default undefined (never) */
  readonly expireAfterDays?: number;
  /** Delete non-current (overwritten or deleted) versions this many days after they become non-current. @default 30 */
  readonly noncurrentVersionExpireAfterDays?: number;
  /** Abort multipart uploads left incomplete this many days, so their parts stop costing money. @default 7 */
  readonly abortIncompleteMultipartUploadAfterDays?: number;
}

export interface TieredStorageArgs {
  /** Lifecycle tiers and expiry. @default tiered at 30/90/180 days, non-current versions kept 30 days */
  readonly lifecycle?: LifecycleArgs;
  /**
   * `AES256` (SSE-S3, free) or `aws:kms` (SSE-KMS with an S3 Bucket Key to keep KMS request costs down).
   * @default "AES256"
   */
  readonly encryption?: "AES256" | "aws:kms";
  /** KMS key for `aws:kms`. @default undefined (the AWS-managed `aws/s3` key) */
  readonly kmsKeyArn?: pulumi.Input<string>;
  /**
   * `BucketOwnerEnforced` disables ACLs entirely (AWS's recommendation). `BucketOwnerPreferred` keeps ACLs
   * working, which only log buckets written by services that still use ACLs need (CloudFront standard
   * logging).
   * @default "BucketOwnerEnforced"
   */
  readonly objectOwnership?: "BucketOwnerEnforced" | "BucketOwnerPreferred";
  /** Keep every version of every object (recover from overwrites and deletes). @default true */
  readonly versioning?: boolean;
  /**
   * Statements added to the bucket's one policy after the TLS-only statements, e.g. the Cdn's
   * CloudFront read grant. S3 allows a single policy per bucket, so everyone's statements meet here.
   * @default []
   */
  readonly extraPolicyStatements?: pulumi.Input<pulumi.Input<PolicyStatement>[]>;
  /** Let `pulumi destroy` delete a non-empty bucket. @default false */
  readonly forceDestroy?: boolean;
}

/**
 * An S3 bucket that is private, encrypted, versioned and TLS-only, with lifecycle tiers that move
 * ageing objects to cheaper storage classes.
 */
export class TieredStorage extends pulumi.ComponentResource {
  readonly bucketName: pulumi.Output<string>;
  readonly bucketArn: pulumi.Output<string>;
  readonly bucketRegionalDomainName: pulumi.Output<string>;
  /** `<bucket>.s3.amazonaws.com`: the form CloudFront standard logging wants. */
  readonly bucketDomainName: pulumi.Output<string>;
  /** The transitions the lifecycle rule applies, in order (empty in intelligent-tiering mode). */
  readonly transitions: readonly Transition[];

  constructor(name: string, args: TieredStorageArgs = {}, opts?: pulumi.ComponentResourceOptions) {
    super("openclaw:infra:TieredStorage", name, {}, opts);
    const lifecycle = args.lifecycle ?? {};
    const mode = lifecycle.mode ?? "tiered";
    const planned = planTransitions(lifecycle);
    throwIfArgIssues(`TieredStorage "${name}"`, validateTieredStorageArgs(args));
    this.transitions = mode === "tiered" ? planned.transitions : [];

    const bucket = new aws.s3.Bucket(
      `${name}-bucket`,
      { forceDestroy: args.forceDestroy ?? false, tags: { Name: `${name}-bucket` } },
      { parent: this },
    );
    const ownership = new aws.s3.BucketOwnershipControls(
      `${name}-ownership`,
      { bucket: bucket.id, rule: { objectOwnership: args.objectOwnership ?? "BucketOwnerEnforced" } },
      { parent: this },
    );
    const publicAccessBlock = new aws.s3.BucketPublicAccessBlock(
      `${name}-public-access-block`,
      {
        bucket: bucket.id,
        blockPublicAcls: true,
        blockPublicPolicy: true,
        ignorePublicAcls: true,
        restrictPublicBuckets: true,
      },
      { parent: this },
    );
    const kms = (args.encryption ?? "AES256") === "aws:kms";
    new aws.s3.BucketServerSideEncryptionConfiguration(
      `${name}-sse`,
      {
        bucket: bucket.id,
        rules: [
          {
            applyServerSideEncryptionByDefault: kms
              ? { sseAlgorithm: "aws:kms", kmsMasterKeyId: args.kmsKeyArn }
              : { sseAlgorithm: "AES256" },
            bucketKeyEnabled: kms ? true : undefined,
          },
        ],
      },
      { parent: this },
    );
    const versioning = new aws.s3.BucketVersioning(
      `${name}-versioning`,
      {
        bucket: bucket.id,
        versioningConfiguration: { status: (args.versioning ?? true) ? "Enabled" : "Suspended" },
      },
      { parent: this },
    );

    const transitions =
      mode === "intelligent-tiering" ? [{ storageClass: "INTELLIGENT_TIERING", days: 0 }] : this.transitions;
    new aws.s3.BucketLifecycleConfiguration(
      `${name}-lifecycle`,
      {
        bucket: bucket.id,
        rules: [
          {
            id: mode,
            status: "Enabled",
            filter: {},
            transitions: transitions.map((t) => ({ storageClass: t.storageClass, days: t.days })),
            expiration:
              lifecycle.expireAfterDays !== undefined ? { days: lifecycle.expireAfterDays } : undefined,
            noncurrentVersionExpiration: { noncurrentDays: lifecycle.noncurrentVersionExpireAfterDays ?? 30 },
            abortIncompleteMultipartUpload: {
              daysAfterInitiation: lifecycle.abortIncompleteMultipartUploadAfterDays ?? 7,
            },
          },
        ],
      },
      // S3 rejects lifecycle rules on versions until versioning is configured.
      { parent: this, dependsOn: [versioning] },
    );
    const archiveTiers = intelligentTieringArchiveTiers(lifecycle);
    if (mode === "intelligent-tiering" && archiveTiers.length > 0) {
      new aws.s3.BucketIntelligentTieringConfiguration(
        `${name}-intelligent-tiering`,
        { bucket: bucket.id, name: "archive", status: "Enabled", tierings: archiveTiers },
        { parent: this },
      );
    }

    new aws.s3.BucketPolicy(
      `${name}-policy`,
      {
        bucket: bucket.id,
        policy: pulumi
          .all([bucket.arn, args.extraPolicyStatements ?? []])
          .apply(([arn, extra]) =>
            JSON.stringify({ Version: "2012-10-17", Statement: [...tlsOnlyStatements(arn), ...extra] }),
          ),
      },
      // Applying a policy while the public access block is still being set can fail on a race.
      { parent: this, dependsOn: [publicAccessBlock, ownership] },
    );

    this.bucketName = bucket.bucket;
    this.bucketArn = bucket.arn;
    this.bucketRegionalDomainName = bucket.bucketRegionalDomainName;
    this.bucketDomainName = bucket.bucketDomainName;
    this.registerOutputs({
      bucketName: this.bucketName,
      bucketArn: this.bucketArn,
      bucketRegionalDomainName: this.bucketRegionalDomainName,
      bucketDomainName: this.bucketDomainName,
    });
  }
}

/**
 * The named statements every bucket gets, as terraform-aws-modules/s3-bucket calls them:
 * `deny_insecure_transport` (no plain HTTP) and `require_latest_tls` (no TLS below 1.2).
 */
export function tlsOnlyStatements(bucketArn: string): PolicyStatement[] {
  const resources = [bucketArn, `${bucketArn}/*`];
  return [
    {
      Sid: "DenyInsecureTransport",
      Effect: "Deny",
      Principal: "*",
      Action: "s3:*",
      Resource: resources,
      Condition: { Bool: { "aws:SecureTransport": "false" } },
    },
    {
      Sid: "RequireLatestTls",
      Effect: "Deny",
      Principal: "*",
      Action: "s3:*",
      Resource: resources,
      Condition: { NumericLessThan: { "s3:TlsVersion": "1.2" } },
    },
  ];
}

function intelligentTieringArchiveTiers(lifecycle: LifecycleArgs): { accessTier: string; days: number }[] {
  const tiers: { accessTier: string; days: number }[] = [];
  if (lifecycle.intelligentTieringArchiveAfterDays != null) {
    tiers.push({ accessTier: "ARCHIVE_ACCESS", days: lifecycle.intelligentTieringArchiveAfterDays });
  }
  if (lifecycle.intelligentTieringDeepArchiveAfterDays != null) {
    tiers.push({ accessTier: "DEEP_ARCHIVE_ACCESS", days: lifecycle.intelligentTieringDeepArchiveAfterDays });
  }
  return tiers;
}

/** Checks every plain argument; returns all problems at once. */
export function validateTieredStorageArgs(args: TieredStorageArgs): ArgIssue[] {
  const lifecycle = args.lifecycle ?? {};
  const mode = lifecycle.mode ?? "tiered";
  const issues: ArgIssue[] = [];
  if (mode !== "tiered" && mode !== "intelligent-tiering") {
    issues.push(argIssue("lifecycle.mode", 'must be "tiered" or "intelligent-tiering"', mode));
  }
  const planned = planTransitions(lifecycle);
  if (mode === "tiered") issues.push(...planned.issues);

  const positiveDays = (key: keyof LifecycleArgs, value: number | undefined | null, min = 1) => {
    if (value == null) return;
    if (!Number.isInteger(value) || value < min) {
      issues.push(argIssue(`lifecycle.${key}`, `must be a whole number of days >= ${min}`, value));
    }
  };
  positiveDays("noncurrentVersionExpireAfterDays", lifecycle.noncurrentVersionExpireAfterDays);
  positiveDays("abortIncompleteMultipartUploadAfterDays", lifecycle.abortIncompleteMultipartUploadAfterDays);
  const expire = lifecycle.expireAfterDays;
  if (expire !== undefined) {
    const last = mode === "tiered" ? lastTransitionDay(planned.transitions) : 0;
    if (!Number.isInteger(expire) || expire <= last) {
      issues.push(
        argIssue(
          "lifecycle.expireAfterDays",
          `must be a whole number of days after the last tier (day ${last})`,
          expire,
        ),
      );
    }
  }
  const archive = lifecycle.intelligentTieringArchiveAfterDays;
  const deep = lifecycle.intelligentTieringDeepArchiveAfterDays;
  const inRange = (
    key: keyof LifecycleArgs,
    value: number | null | undefined,
    range: { min: number; max: number },
  ) => {
    if (value == null) return;
    if (!Number.isInteger(value) || value < range.min || value > range.max) {
      issues.push(
        argIssue(
          `lifecycle.${key}`,
          `must be a whole number of days from ${range.min} to ${range.max}`,
          value,
        ),
      );
    }
  };
  inRange("intelligentTieringArchiveAfterDays", archive, INTELLIGENT_TIERING_ARCHIVE_DAYS);
  inRange("intelligentTieringDeepArchiveAfterDays", deep, INTELLIGENT_TIERING_DEEP_ARCHIVE_DAYS);
  if (archive != null && deep != null && deep <= archive) {
    issues.push(
      argIssue(
        "lifecycle.intelligentTieringDeepArchiveAfterDays",
        `must be after intelligentTieringArchiveAfterDays (${archive})`,
        deep,
      ),
    );
  }
  const encryption = args.encryption ?? "AES256";
  if (encryption !== "AES256" && encryption !== "aws:kms") {
    issues.push(argIssue("encryption", 'must be "AES256" or "aws:kms"', encryption));
  }
  if (args.kmsKeyArn !== undefined && encryption !== "aws:kms") {
    issues.push(argIssue("encryption", 'must be "aws:kms" when kmsKeyArn is set', encryption));
  }
  const ownership = args.objectOwnership ?? "BucketOwnerEnforced";
  if (ownership !== "BucketOwnerEnforced" && ownership !== "BucketOwnerPreferred") {
    issues.push(
      argIssue("objectOwnership", 'must be "BucketOwnerEnforced" or "BucketOwnerPreferred"', ownership),
    );
  }
  return issues;
}
