import { isEveryonePrincipal, statementsOf, stringsOf } from "./lib/iam";
import { joinByReference } from "./lib/joins";
import { type CatalogEntry, resourcePolicy, type Subject, stackPolicy } from "./lib/policy";
import { BUCKET_TYPES, T } from "./lib/types";
import { get, isObject, isUnknown, list, type Plain, show, str } from "./lib/values";

const SECURE_VIEWER_POLICIES = ["https-only", "redirect-to-https"];

export const cloudfrontViewerHttps = resourcePolicy({
  name: "cloudfront-viewer-https",
  family: "cdn",
  description:
    'Checks whether every CloudFront cache behavior sets viewerProtocolPolicy to "https-only" or "redirect-to-https" (CKV_AWS_34).',
  enforcementLevel: "mandatory",
  checkov: ["CKV_AWS_34"],
  remediationSteps:
    'Set viewerProtocolPolicy to "redirect-to-https" on the default and every ordered cache behavior.',
  types: [T.distribution],
  check: (subject, _config, report) => {
    const behaviors: { path: string; value: Plain | undefined }[] = [
      {
        path: "defaultCacheBehavior",
        value: get(subject.props, "defaultCacheBehavior", "viewerProtocolPolicy"),
      },
    ];
    const ordered = list(subject.props.orderedCacheBehaviors);
    if (!isUnknown(ordered)) {
      for (const [i, behavior] of ordered.entries()) {
        behaviors.push({ path: `orderedCacheBehaviors[${i}]`, value: get(behavior, "viewerProtocolPolicy") });
      }
    }
    for (const { path, value } of behaviors) {
      if (isUnknown(value) || (typeof value === "string" && SECURE_VIEWER_POLICIES.includes(value))) continue;
      report(
        `${path}.viewerProtocolPolicy is ${show(value)}; set it to "redirect-to-https" or "https-only".`,
      );
    }
  },
});

interface TlsConfig {
  allowedMinimumProtocolVersions: string[];
}

export const cloudfrontTlsVersion = resourcePolicy<TlsConfig>({
  name: "cloudfront-tls-version",
  family: "cdn",
  description:
    "Checks whether CloudFront distributions serving a custom certificate require TLSv1.2_2021 as viewerCertificate.minimumProtocolVersion (CKV_AWS_174).",
  enforcementLevel: "mandatory",
  checkov: ["CKV_AWS_174"],
  remediationSteps:
    'Set viewerCertificate.minimumProtocolVersion to "TLSv1.2_2021" and sslSupportMethod to "sni-only".',
  configSchema: {
    properties: {
      allowedMinimumProtocolVersions: {
        type: "array",
        items: { type: "string" },
        minItems: 1,
        default: ["TLSv1.2_2021"],
        description: "Accepted minimumProtocolVersion values when a custom certificate is used.",
      },
    },
  },
  types: [T.distribution],
  check: (subject, config, report) => {
    const certificate = subject.props.viewerCertificate;
    if (isUnknown(certificate) || !isObject(certificate)) return;
    // An unknown certificate ARN (issued in the same deployment) is still a custom certificate.
    const custom = [certificate.acmCertificateArn, certificate.iamCertificateId].some(
      (value) => isUnknown(value) || (typeof value === "string" && value !== ""),
    );
    if (!custom) return;
    const version = certificate.minimumProtocolVersion;
    if (
      isUnknown(version) ||
      (typeof version === "string" && config.allowedMinimumProtocolVersions.includes(version))
    ) {
      return;
    }
    report(
      `viewerCertificate.minimumProtocolVersion is ${show(version)} with a custom certificate; set it to ` +
        `${config.allowedMinimumProtocolVersions.map((v) => `"${v}"`).join(" or ")}.`,
    );
  },
});

/** S3 REST endpoints: bucket.s3.amazonaws.com, bucket.s3.<region>.amazonaws.com, bucket.s3-<region>.amazonaws.com. */
const S3_REST_DOMAIN = /\.s3([.-][a-z0-9-]+)?\.amazonaws\.com$/;
const S3_WEBSITE_DOMAIN = /\.s3-website[.-][a-z0-9-]+\.amazonaws\.com$/;

export const cloudfrontOriginAccessControl = resourcePolicy({
  name: "cloudfront-origin-access-control",
  family: "cdn",
  description:
    "Checks whether CloudFront S3 origins use Origin Access Control (originAccessControlId) rather than a public website endpoint or a legacy origin access identity.",
  enforcementLevel: "mandatory",
  remediationSteps:
    'Create aws.cloudfront.OriginAccessControl({ originAccessControlOriginType: "s3", signingBehavior: "always", signingProtocol: "sigv4" }), set origins[].originAccessControlId to its id, point domainName at bucket.bucketRegionalDomainName and keep the bucket private.',
  types: [T.distribution],
  check: (subject, _config, report) => {
    const origins = list(subject.props.origins);
    if (isUnknown(origins)) return;
    origins.forEach((origin, i) => {
      const domain = get(origin, "domainName");
      const oac = get(origin, "originAccessControlId");
      const oai = get(origin, "s3OriginConfig", "originAccessIdentity");
      const hasOac = isUnknown(oac) || (typeof oac === "string" && oac !== "");
      if (typeof domain === "string" && S3_WEBSITE_DOMAIN.test(domain)) {
        report(
          `origins[${i}].domainName "${domain}" is a public S3 website endpoint; use bucket.bucketRegionalDomainName ` +
            "with originAccessControlId and keep the bucket private.",
        );
        return;
      }
      const isS3 =
        (typeof domain === "string" && S3_REST_DOMAIN.test(domain)) ||
        get(origin, "s3OriginConfig") !== undefined;
      if (!isS3 || hasOac) return;
      if (typeof oai === "string" && oai !== "") {
        report(
          `origins[${i}] uses legacy origin access identity s3OriginConfig.originAccessIdentity; replace it with ` +
            'originAccessControlId (aws.cloudfront.OriginAccessControl, signingBehavior "always").',
        );
        return;
      }
      report(
        `origins[${i}] (${show(domain)}) is an S3 origin without originAccessControlId; set it to an ` +
          "aws.cloudfront.OriginAccessControl id and grant cloudfront.amazonaws.com in the bucket policy.",
      );
    });
  },
});

/** True when a statement lets CloudFront read objects, scoped to a distribution by aws:SourceArn. */
function grantsCloudFront(statement: Record<string, Plain>, distributionArn: string | undefined): boolean {
  if (statement.Effect !== "Allow" || isEveryonePrincipal(statement.Principal)) return false;
  const principal = statement.Principal;
  if (!isObject(principal) || !stringsOf(principal.Service).includes("cloudfront.amazonaws.com"))
    return false;
  const actions = stringsOf(statement.Action);
  if (!actions.some((action) => action === "s3:GetObject" || action === "s3:*" || action === "s3:Get*"))
    return false;
  const condition = statement.Condition;
  if (!isObject(condition)) return false;
  const arns = Object.values(condition).flatMap((block) => {
    if (!isObject(block)) return [];
    return Object.entries(block)
      .filter(([key]) => key.toLowerCase() === "aws:sourcearn")
      .flatMap(([, value]) => (isUnknown(value) ? ["*unknown*"] : stringsOf(value)));
  });
  if (arns.length === 0) return false;
  return distributionArn === undefined || arns.includes("*unknown*") || arns.includes(distributionArn);
}

export const cloudfrontOacBucketPolicy = stackPolicy({
  name: "cloudfront-oac-bucket-policy",
  family: "cdn",
  description:
    "Checks whether each bucket behind an OAC origin has a bucket policy allowing cloudfront.amazonaws.com s3:GetObject scoped by aws:SourceArn to that distribution, joining distribution, bucket and policy by reference.",
  enforcementLevel: "mandatory",
  remediationSteps:
    'Add to the bucket policy: { Effect: "Allow", Principal: { Service: "cloudfront.amazonaws.com" }, Action: "s3:GetObject", Resource: "<bucket arn>/*", Condition: { StringEquals: { "aws:SourceArn": distribution.arn } } }.',
  check: (resources, _config, report) => {
    const buckets = resources.filter((r) => BUCKET_TYPES.includes(r.type));
    const policies = resources.filter((r) => r.type === T.bucketPolicy);
    const { byTarget } = joinByReference(buckets, policies, "bucket");
    for (const distribution of resources.filter((r) => r.type === T.distribution)) {
      const origins = list(distribution.props.origins);
      if (isUnknown(origins)) continue;
      const distributionArn = str(distribution.props.arn);
      for (const origin of origins) {
        const oac = get(origin, "originAccessControlId");
        if (!(isUnknown(oac) || (typeof oac === "string" && oac !== ""))) continue;
        const bucket = originBucket(origin, buckets, distribution);
        if (bucket === undefined) continue;
        const documents = [
          ...(byTarget.get(bucket.urn) ?? []).map((p) => p.props.policy),
          bucket.props.policy,
        ];
        let granted = false;
        for (const document of documents) {
          const statements = statementsOf(document);
          if (isUnknown(statements) || statements.some((s) => grantsCloudFront(s, distributionArn)))
            granted = true;
        }
        if (granted) continue;
        report(
          `Bucket behind OAC origin "${str(get(origin, "originId")) ?? "?"}" has no bucket policy statement allowing ` +
            'Principal { Service: "cloudfront.amazonaws.com" } s3:GetObject with Condition StringEquals aws:SourceArn ' +
            "set to this distribution's ARN; CloudFront will get 403s.",
          bucket.urn,
        );
      }
    }
  },
});

/** The stack's bucket an origin points at: by domain value, or by the distribution's origins dependency. */
function originBucket(
  origin: Plain,
  buckets: readonly Subject[],
  distribution: Subject,
): Subject | undefined {
  const domain = get(origin, "domainName");
  if (typeof domain === "string") {
    const byValue = buckets.find((bucket) =>
      [bucket.props.bucketRegionalDomainName, bucket.props.bucketDomainName].includes(domain),
    );
    if (byValue) return byValue;
    const name = domain.replace(S3_REST_DOMAIN, "");
    const byName = buckets.find((bucket) => str(bucket.props.bucket) === name && S3_REST_DOMAIN.test(domain));
    if (byName) return byName;
  }
  const fromDeps = (distribution.propertyDependencies.origins ?? []).filter((urn) =>
    buckets.some((b) => b.urn === urn),
  );
  return fromDeps.length === 1 ? buckets.find((b) => b.urn === fromDeps[0]) : undefined;
}

export const cloudfrontLogging = resourcePolicy({
  name: "cloudfront-logging",
  family: "cdn",
  description:
    "Checks whether CloudFront distributions write standard access logs (loggingConfig.bucket) (CKV_AWS_86).",
  enforcementLevel: "mandatory",
  checkov: ["CKV_AWS_86"],
  remediationSteps:
    'Set loggingConfig: { bucket: logBucket.bucketDomainName, prefix: "cloudfront/" } (the log bucket needs ACLs: tag it as the ownership exception).',
  types: [T.distribution],
  check: (subject, _config, report) => {
    const bucket = get(subject.props, "loggingConfig", "bucket");
    if (isUnknown(bucket) || (typeof bucket === "string" && bucket !== "")) return;
    report(
      'loggingConfig.bucket is unset; set loggingConfig to { bucket: logBucket.bucketDomainName, prefix: "cloudfront/" }.',
    );
  },
});

export const cloudfrontWaf = resourcePolicy({
  name: "cloudfront-waf",
  family: "cdn",
  description:
    "Checks whether CloudFront distributions are associated with an AWS WAF web ACL (webAclId) (CKV_AWS_68).",
  enforcementLevel: "advisory",
  checkov: ["CKV_AWS_68"],
  remediationSteps:
    "Create an aws.wafv2.WebAcl with scope CLOUDFRONT (in us-east-1) and set webAclId to its arn.",
  types: [T.distribution],
  check: (subject, _config, report) => {
    const acl = subject.props.webAclId;
    if (isUnknown(acl) || (typeof acl === "string" && acl !== "")) return;
    report("webAclId is unset; set it to an aws.wafv2.WebAcl (scope CLOUDFRONT) arn.");
  },
});

export const cdnPolicies: CatalogEntry[] = [
  cloudfrontViewerHttps,
  cloudfrontTlsVersion,
  cloudfrontOriginAccessControl,
  cloudfrontOacBucketPolicy,
  cloudfrontLogging,
  cloudfrontWaf,
];
