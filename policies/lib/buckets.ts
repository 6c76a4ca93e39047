import { joinByReference } from "./joins";
import type { Report, Subject } from "./policy";
import { BUCKET_TYPES, LOAD_BALANCER_TYPES, T } from "./types";
import { bool, get, str } from "./values";

/**
 * S3 buckets and their companions. With @pulumi/aws v7 a bucket's versioning, encryption, public-access block,
 * lifecycle, policy, ownership and ACL are separate resources that point at the bucket through their `bucket`
 * input; these helpers join them to their bucket by reference (joins.ts), never by name.
 */

/** How a violation tells the user to point a companion at its bucket. */
export const BUCKET_HINT = "bucket: <bucket>.id";

export function bucketsOf(resources: readonly Subject[]): Subject[] {
  return resources.filter((resource) => BUCKET_TYPES.includes(resource.type));
}

/** One bucket with the companions of the requested types that refer to it. */
export interface BucketCompanions {
  readonly bucket: Subject;
  readonly companions: Subject[];
  /**
   * True when some companion's reference is unresolvable (unknown during preview): a bucket without a resolved
   * companion may still have one, so "missing" must not be reported (unknown passes).
   */
  readonly unresolved: boolean;
}

/** Runs `judge` once per bucket with the companions of `companionTypes` that refer to it. */
export function perBucket(
  resources: readonly Subject[],
  companionTypes: readonly string[],
  judge: (joined: BucketCompanions) => void,
): void {
  const buckets = bucketsOf(resources);
  const candidates = resources.filter((resource) => companionTypes.includes(resource.type));
  const { byTarget, unresolved } = joinByReference(buckets, candidates, "bucket");
  for (const bucket of buckets) judge({ bucket, companions: byTarget.get(bucket.urn) ?? [], unresolved });
}

/**
 * Reports, on the bucket, that no companion of `type` (e.g. "aws.s3.BucketVersioning") refers to it, followed
 * by `fix`; says nothing when an unresolved reference could be that companion.
 */
export function reportMissingCompanion(
  report: Report,
  { bucket, unresolved }: BucketCompanions,
  type: string,
  fix: string,
): void {
  if (unresolved) return;
  report(`No ${type} refers to this bucket; ${fix}`, bucket.urn);
}

/** Buckets a CloudFront distribution logs to (loggingConfig.bucket is "<name>.s3.amazonaws.com"). */
export function cloudFrontLogBuckets(resources: readonly Subject[]): Set<string> {
  const buckets = bucketsOf(resources);
  const urns = new Set<string>();
  for (const distribution of resources.filter((r) => r.type === T.distribution)) {
    const target = str(get(distribution.props, "loggingConfig", "bucket"));
    const fromDeps = distribution.propertyDependencies.loggingConfig ?? [];
    for (const bucket of buckets) {
      const name = str(bucket.props.bucket);
      const domains = [
        str(bucket.props.bucketDomainName),
        name === undefined ? undefined : `${name}.s3.amazonaws.com`,
      ];
      if ((target !== undefined && domains.includes(target)) || fromDeps.includes(bucket.urn))
        urns.add(bucket.urn);
    }
  }
  return urns;
}

/** Buckets a load balancer writes access logs to (accessLogs.bucket is the bucket's name). */
export function loadBalancerLogBuckets(resources: readonly Subject[]): Set<string> {
  const buckets = bucketsOf(resources);
  const urns = new Set<string>();
  for (const balancer of resources.filter((r) => LOAD_BALANCER_TYPES.includes(r.type))) {
    if (bool(get(balancer.props, "accessLogs", "enabled")) === false) continue;
    const target = str(get(balancer.props, "accessLogs", "bucket"));
    const fromDeps = balancer.propertyDependencies.accessLogs ?? [];
    for (const bucket of buckets) {
      const name = str(bucket.props.bucket);
      if ((target !== undefined && target === name) || fromDeps.includes(bucket.urn)) urns.add(bucket.urn);
    }
  }
  return urns;
}
