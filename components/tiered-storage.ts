import * as pulumi from "@pulumi/pulumi";
import * as infra from "../infra/tiered-storage";
import type { BucketEncryption, LifecycleMode, ObjectOwnership } from "./enums";

/** infra's LifecycleArgs restated with `0` (not `null`) skipping a tier, a form every Pulumi language can take. */
export interface LifecycleRules {
  /** `tiered` (fixed-age transitions) or `intelligent-tiering` (S3 tiers by access). @default "tiered" */
  readonly mode?: LifecycleMode;
  /** Standard → Standard-IA after this many days (at least 30); 0 skips the tier. @default 30 */
  readonly standardIaAfterDays?: number;
  /** → Glacier Instant Retrieval; 0 skips the tier. @default 90 */
  readonly glacierInstantRetrievalAfterDays?: number;
  /** → Glacier Deep Archive; 0 skips the tier. @default 180 */
  readonly deepArchiveAfterDays?: number;
  /** Intelligent-Tiering Archive Access after this many idle days (90-730); 0 is off. @default 0 */
  readonly intelligentTieringArchiveAfterDays?: number;
  /** Intelligent-Tiering Deep Archive Access after this many idle days (180-730); 0 is off. @default 0 */
  readonly intelligentTieringDeepArchiveAfterDays?: number;
  /** Delete current objects this many days after creation. @default undefined (never) */
  readonly expireAfterDays?: number;
  /** Delete non-current versions this many days after they become non-current. @default 30 */
  readonly noncurrentVersionExpireAfterDays?: number;
  /** Abort incomplete multipart uploads after this many days. @default 7 */
  readonly abortIncompleteMultipartUploadAfterDays?: number;
}

/** infra's TieredStorageArgs restated in forms every Pulumi language can take. */
export interface TieredStorageArgs {
  /** Lifecycle tiers and expiry. @default tiered at 30/90/180 days, non-current versions kept 30 days */
  readonly lifecycle?: LifecycleRules;
  /** `AES256` (SSE-S3) or `aws:kms` (SSE-KMS with a Bucket Key). @default "AES256" */
  readonly encryption?: BucketEncryption;
  /** @default "BucketOwnerEnforced" (ACLs off) */
  readonly objectOwnership?: ObjectOwnership;
  /** Statements added to the bucket policy after the TLS-only ones (e.g. a Cdn's `originReadStatement`). @default [] */
  // biome-ignore lint/suspicious/noExplicitAny: IAM statements are free-form JSON; the schema analyzer maps `any` to pulumi.json#/Any.
  readonly extraPolicyStatements?: pulumi.Input<Record<string, any>>[];
  /** KMS key for `aws:kms`. @default undefined (the AWS-managed aws/s3 key) */
  readonly kmsKeyArn?: pulumi.Input<string>;
  /** Keep every version of every object. @default true */
  readonly versioning?: boolean;
  /** Let `pulumi destroy` delete a non-empty bucket. @default false */
  readonly forceDestroy?: boolean;
}

/** `0` → `null` (skip), the infra component's spelling. */
function skipZero(days: number | undefined): number | null | undefined {
  return days === 0 ? null : days;
}

export function toInfraLifecycle(lifecycle: LifecycleRules | undefined): infra.LifecycleArgs | undefined {
  if (lifecycle === undefined) return undefined;
  return {
    ...lifecycle,
    standardIaAfterDays: skipZero(lifecycle.standardIaAfterDays),
    glacierInstantRetrievalAfterDays: skipZero(lifecycle.glacierInstantRetrievalAfterDays),
    deepArchiveAfterDays: skipZero(lifecycle.deepArchiveAfterDays),
    intelligentTieringArchiveAfterDays: skipZero(lifecycle.intelligentTieringArchiveAfterDays),
    intelligentTieringDeepArchiveAfterDays: skipZero(lifecycle.intelligentTieringDeepArchiveAfterDays),
  };
}

/** A private, encrypted, versioned, TLS-only S3 bucket with lifecycle tiers (infra/tiered-storage.ts). */
export class TieredStorage extends pulumi.ComponentResource {
  readonly bucketName: pulumi.Output<string>;
  readonly bucketArn: pulumi.Output<string>;
  readonly bucketRegionalDomainName: pulumi.Output<string>;
  readonly bucketDomainName: pulumi.Output<string>;

  constructor(name: string, args: TieredStorageArgs, opts?: pulumi.ComponentResourceOptions) {
    super("openclaw:index:TieredStorage", name, {}, opts);
    const storage = new infra.TieredStorage(
      name,
      { ...args, lifecycle: toInfraLifecycle(args.lifecycle) },
      { parent: this },
    );
    this.bucketName = storage.bucketName;
    this.bucketArn = storage.bucketArn;
    this.bucketRegionalDomainName = storage.bucketRegionalDomainName;
    this.bucketDomainName = storage.bucketDomainName;
    this.registerOutputs({
      bucketName: this.bucketName,
      bucketArn: this.bucketArn,
      bucketRegionalDomainName: this.bucketRegionalDomainName,
      bucketDomainName: this.bucketDomainName,
    });
  }
}
