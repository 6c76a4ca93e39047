import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { type ArgIssue, argIssue, throwIfArgIssues } from "./arg-errors";
import { type PolicyStatement, TieredStorage } from "./tiered-storage";

/** AWS managed cache policy "Managed-CachingOptimized": long TTLs, gzip/brotli keys, no cookies or query strings. */
export const CACHING_OPTIMIZED_POLICY_ID = "658327ea-f89d-4fab-a63d-7e88639e58f6";

/** AWS managed cache policy "Managed-CachingDisabled": every request goes to the origin. */
export const CACHING_DISABLED_POLICY_ID = "4135ea2d-6df8-44a3-9df3-4b5a84be39ad";

/**
 * AWS managed origin request policy "Managed-AllViewerExceptHostHeader": every viewer header, cookie
 * and query string except Host (the origin needs its own host name for TLS and routing). With caching
 * disabled it also forwards `Authorization`.
 */
export const ALL_VIEWER_EXCEPT_HOST_HEADER_POLICY_ID = "b689b0a8-53d0-40ab-baf2-68738e2966ac";

/** Every method CloudFront accepts: the API takes POST, the bucket only GET/HEAD/OPTIONS. */
const ALL_METHODS = ["DELETE", "GET", "HEAD", "OPTIONS", "PATCH", "POST", "PUT"];

/** A dynamic origin (a load balancer) behind one path pattern, never cached. */
export interface CdnApiOrigin {
  /**
   * Host name CloudFront connects to. With `protocol: "https"` the origin's certificate must cover
   * it, so it is a DNS name of yours pointing at the load balancer, not the `*.elb.amazonaws.com` name.
   */
  readonly domainName: pulumi.Input<string>;
  /** `https` where the origin has a certificate; `http` only for a dev stack without one. */
  readonly protocol: "https" | "http";
  /** Paths routed to the origin. @default "/v1/*" */
  readonly pathPattern?: string;
  /**
   * Seconds CloudFront waits for the origin's first byte and between later bytes. Streamed answers
   * pause while the model thinks; 60 is the most AWS allows without a quota increase.
   * @default 60
   */
  readonly readTimeoutSeconds?: number;
  /** Seconds CloudFront keeps an idle origin connection open for reuse (1-60). @default 60 */
  readonly keepaliveTimeoutSeconds?: number;
}

export const PRICE_CLASSES = ["PriceClass_100", "PriceClass_200", "PriceClass_All"] as const;
export type PriceClass = (typeof PRICE_CLASSES)[number];

/** The bucket a Cdn serves from; a TieredStorage fits as is. */
export interface CdnOrigin {
  readonly bucketArn: pulumi.Input<string>;
  readonly bucketRegionalDomainName: pulumi.Input<string>;
}

export interface CdnArgs {
  /**
   * The private bucket to serve. Its policy must include `originReadStatement` (see TieredStorage
   * `extraPolicyStatements`); with SSE-KMS, its key policy must include `originKmsDecryptStatement`.
   */
  readonly origin: CdnOrigin;
  /**
   * Edge locations to use. `PriceClass_100` (North America, Europe, Israel) is the cheapest; the others
   * add Asia, Africa, South America and Oceania at higher per-GB prices.
   * @default "PriceClass_100"
   */
  readonly priceClass?: PriceClass;
  /** Custom domain names; they need `acmCertificateArn`. @default [] */
  readonly aliases?: readonly string[];
  /**
   * ACM certificate (in us-east-1) for `aliases`. With one, viewers must use TLS 1.2+ (`TLSv1.2_2021`).
   * Without one the distribution uses the `*.cloudfront.net` certificate, whose TLS floor AWS fixes and
   * does not let us raise.
   * @default undefined
   */
  readonly acmCertificateArn?: pulumi.Input<string>;
  /** Object returned for `/`. @default "index.html" */
  readonly defaultRootObject?: string;
  /** Cache policy for the default behaviour. @default CACHING_OPTIMIZED_POLICY_ID */
  readonly cachePolicyId?: pulumi.Input<string>;
  /** `Content-Security-Policy` header value; off by default because only the site knows its sources. @default undefined */
  readonly contentSecurityPolicy?: string;
  /** `Strict-Transport-Security` max-age in seconds. @default 63072000 (two years, the preload list's minimum is one) */
  readonly hstsMaxAgeSeconds?: number;
  /**
   * Write standard access logs to a private log bucket created here. Turning it off loses the audit
   * trail of who fetched what; the policy pack flags it.
   * @default true
   */
  readonly accessLogging?: boolean;
  /** Days to keep access logs before the log bucket's lifecycle deletes them. @default 90 */
  readonly logRetentionDays?: number;
  /** AWS WAF web ACL ARN. @default undefined (no WAF) */
  readonly webAclId?: pulumi.Input<string>;
  /**
   * A load balancer (or any HTTP origin) serving an API under one path, uncached, all methods,
   * viewer headers forwarded except Host.
   * @default undefined (the CDN serves only the bucket)
   */
  readonly apiOrigin?: CdnApiOrigin;
}

/**
 * CloudFront in front of a private S3 bucket through Origin Access Control: HTTPS only, security
 * headers on every response, compression, HTTP/2 and HTTP/3, and access logs to a private bucket.
 * With `apiOrigin`, one path (`/v1/*`) goes uncached to a load balancer instead.
 */
export class Cdn extends pulumi.ComponentResource {
  readonly distributionId: pulumi.Output<string>;
  readonly distributionArn: pulumi.Output<string>;
  readonly domainName: pulumi.Output<string>;
  /** The statement the origin bucket's policy needs so this distribution (and only it) can read objects. */
  readonly originReadStatement: pulumi.Output<PolicyStatement>;
  /** The statement an SSE-KMS origin's key policy needs so this distribution (and only it) can decrypt. */
  readonly originKmsDecryptStatement: pulumi.Output<PolicyStatement>;
  /** Bucket receiving access logs; undefined when access logging is off. */
  readonly logBucketName: pulumi.Output<string> | undefined;

  constructor(name: string, args: CdnArgs, opts?: pulumi.ComponentResourceOptions) {
    super("openclaw:infra:Cdn", name, {}, opts);
    throwIfArgIssues(`Cdn "${name}"`, validateCdnArgs(args));

    const oac = new aws.cloudfront.OriginAccessControl(
      `${name}-oac`,
      {
        description: `CloudFront ${name} reads its S3 origin`,
        originAccessControlOriginType: "s3",
        signingBehavior: "always",
        signingProtocol: "sigv4",
      },
      { parent: this },
    );
    const headers = new aws.cloudfront.ResponseHeadersPolicy(
      `${name}-security-headers`,
      {
        comment: `Security headers for ${name}`,
        securityHeadersConfig: {
          strictTransportSecurity: {
            accessControlMaxAgeSec: args.hstsMaxAgeSeconds ?? 63_072_000,
            includeSubdomains: true,
            preload: true,
            override: true,
          },
          contentTypeOptions: { override: true },
          frameOptions: { frameOption: "DENY", override: true },
          referrerPolicy: { referrerPolicy: "strict-origin-when-cross-origin", override: true },
          xssProtection: { protection: true, modeBlock: true, override: true },
          contentSecurityPolicy: args.contentSecurityPolicy
            ? { contentSecurityPolicy: args.contentSecurityPolicy, override: true }
            : undefined,
        },
      },
      { parent: this },
    );

    const logs =
      (args.accessLogging ?? true)
        ? new TieredStorage(
            `${name}-logs`,
            {
              // CloudFront standard logging grants itself write access through a bucket ACL, so ACLs must
              // stay enabled (BucketOwnerPreferred); everything else about the bucket stays locked down.
              objectOwnership: "BucketOwnerPreferred",
              // CloudFront standard logging cannot write to SSE-KMS buckets without extra key grants.
              encryption: "AES256",
              lifecycle: {
                standardIaAfterDays: null,
                glacierInstantRetrievalAfterDays: null,
                deepArchiveAfterDays: null,
                expireAfterDays: args.logRetentionDays ?? 90,
                noncurrentVersionExpireAfterDays: 7,
              },
            },
            { parent: this },
          )
        : undefined;

    const originId = `${name}-s3`;
    const certificate = args.acmCertificateArn;
    const api = args.apiOrigin ? apiRoute(name, args.apiOrigin, headers.id) : undefined;
    const distribution = new aws.cloudfront.Distribution(
      `${name}-distribution`,
      {
        comment: `${name}`,
        enabled: true,
        isIpv6Enabled: true,
        httpVersion: "http2and3",
        priceClass: args.priceClass ?? "PriceClass_100",
        aliases: [...(args.aliases ?? [])],
        defaultRootObject: args.defaultRootObject ?? "index.html",
        origins: [
          {
            originId,
            domainName: args.origin.bucketRegionalDomainName,
            originAccessControlId: oac.id,
          },
          ...(api ? [api.origin] : []),
        ],
        defaultCacheBehavior: {
          targetOriginId: originId,
          viewerProtocolPolicy: "redirect-to-https",
          allowedMethods: ["GET", "HEAD", "OPTIONS"],
          cachedMethods: ["GET", "HEAD"],
          compress: true,
          cachePolicyId: args.cachePolicyId ?? CACHING_OPTIMIZED_POLICY_ID,
          responseHeadersPolicyId: headers.id,
        },
        orderedCacheBehaviors: api ? [api.behavior] : undefined,
        viewerCertificate: certificate
          ? {
              acmCertificateArn: certificate,
              sslSupportMethod: "sni-only",
              minimumProtocolVersion: "TLSv1.2_2021",
            }
          : { cloudfrontDefaultCertificate: true },
        restrictions: { geoRestriction: { restrictionType: "none" } },
        loggingConfig: logs
          ? { bucket: logs.bucketDomainName, prefix: `${name}/`, includeCookies: false }
          : undefined,
        webAclId: args.webAclId,
        tags: { Name: `${name}-distribution` },
      },
      { parent: this },
    );

    this.distributionId = distribution.id;
    this.distributionArn = distribution.arn;
    this.domainName = distribution.domainName;
    this.originReadStatement = pulumi
      .all([args.origin.bucketArn, distribution.arn])
      .apply(([bucketArn, distributionArn]) => cloudFrontReadStatement(bucketArn, distributionArn));
    this.originKmsDecryptStatement = distribution.arn.apply(cloudFrontKmsDecryptStatement);
    this.logBucketName = logs?.bucketName;
    this.registerOutputs({
      distributionId: this.distributionId,
      distributionArn: this.distributionArn,
      domainName: this.domainName,
      originReadStatement: this.originReadStatement,
      originKmsDecryptStatement: this.originKmsDecryptStatement,
      logBucketName: this.logBucketName,
    });
  }
}

/** The API's custom origin and the ordered behaviour routing its path there. */
export function apiRoute(
  name: string,
  api: CdnApiOrigin,
  responseHeadersPolicyId: pulumi.Input<string>,
): {
  origin: aws.types.input.cloudfront.DistributionOrigin;
  behavior: aws.types.input.cloudfront.DistributionOrderedCacheBehavior;
} {
  const originId = `${name}-api`;
  return {
    origin: {
      originId,
      domainName: api.domainName,
      customOriginConfig: {
        httpPort: 80,
        httpsPort: 443,
        originProtocolPolicy: api.protocol === "https" ? "https-only" : "http-only",
        originSslProtocols: ["TLSv1.2"],
        originReadTimeout: api.readTimeoutSeconds ?? 60,
        originKeepaliveTimeout: api.keepaliveTimeoutSeconds ?? 60,
      },
    },
    behavior: {
      pathPattern: api.pathPattern ?? "/v1/*",
      targetOriginId: originId,
      // An API client is never redirected: a POST that follows a 301 loses its body.
      viewerProtocolPolicy: "https-only",
      allowedMethods: ALL_METHODS,
      cachedMethods: ["GET", "HEAD"],
      // Compressing at the edge would buffer server-sent events.
      compress: false,
      cachePolicyId: CACHING_DISABLED_POLICY_ID,
      originRequestPolicyId: ALL_VIEWER_EXCEPT_HOST_HEADER_POLICY_ID,
      responseHeadersPolicyId,
    },
  };
}

/** Lets exactly one distribution read objects through OAC (`AWS:SourceArn`), nothing else. */
export function cloudFrontReadStatement(bucketArn: string, distributionArn: string): PolicyStatement {
  return {
    Sid: "AllowCloudFrontOacRead",
    Effect: "Allow",
    Principal: { Service: "cloudfront.amazonaws.com" },
    Action: "s3:GetObject",
    Resource: `${bucketArn}/*`,
    Condition: { StringEquals: { "AWS:SourceArn": distributionArn } },
  };
}

/** Lets exactly one distribution decrypt SSE-KMS objects it reads through OAC. */
export function cloudFrontKmsDecryptStatement(distributionArn: string): PolicyStatement {
  return {
    Sid: "AllowCloudFrontOacDecrypt",
    Effect: "Allow",
    Principal: { Service: "cloudfront.amazonaws.com" },
    Action: "kms:Decrypt",
    Resource: "*",
    Condition: { StringEquals: { "AWS:SourceArn": distributionArn } },
  };
}

/** Checks every plain argument; returns all problems at once. */
export function validateCdnArgs(args: CdnArgs): ArgIssue[] {
  const issues: ArgIssue[] = [];
  const priceClass = args.priceClass ?? "PriceClass_100";
  if (!(PRICE_CLASSES as readonly string[]).includes(priceClass)) {
    issues.push(argIssue("priceClass", `must be one of ${PRICE_CLASSES.join(", ")}`, priceClass));
  }
  const aliases = args.aliases ?? [];
  if (aliases.length > 0 && args.acmCertificateArn === undefined) {
    issues.push(
      argIssue("aliases", "need acmCertificateArn (an ACM certificate in us-east-1 covering them)", aliases),
    );
  }
  const retention = args.logRetentionDays;
  if (retention !== undefined && (!Number.isInteger(retention) || retention < 1)) {
    issues.push(argIssue("logRetentionDays", "must be a whole number of days >= 1", retention));
  }
  const hsts = args.hstsMaxAgeSeconds;
  if (hsts !== undefined && (!Number.isInteger(hsts) || hsts < 31_536_000)) {
    issues.push(
      argIssue("hstsMaxAgeSeconds", "must be a whole number of seconds >= 31536000 (one year)", hsts),
    );
  }
  const api = args.apiOrigin;
  if (api) {
    if (api.protocol !== "https" && api.protocol !== "http") {
      issues.push(argIssue("apiOrigin.protocol", 'must be "https" or "http"', api.protocol));
    }
    const read = api.readTimeoutSeconds;
    if (read !== undefined && (!Number.isInteger(read) || read < 60 || read > 180)) {
      issues.push(
        argIssue(
          "apiOrigin.readTimeoutSeconds",
          "must be a whole number of seconds from 60 (streamed answers) to 180 (CloudFront's maximum)",
          read,
        ),
      );
    }
    const keepalive = api.keepaliveTimeoutSeconds;
    if (keepalive !== undefined && (!Number.isInteger(keepalive) || keepalive < 1 || keepalive > 60)) {
      issues.push(
        argIssue("apiOrigin.keepaliveTimeoutSeconds", "must be a whole number from 1 to 60", keepalive),
      );
    }
    const pattern = api.pathPattern;
    if (pattern !== undefined && (pattern === "" || pattern === "*" || pattern === "/*")) {
      issues.push(
        argIssue(
          "apiOrigin.pathPattern",
          "must be a narrower path than the default behaviour, e.g. /v1/*",
          pattern,
        ),
      );
    }
  }
  return issues;
}
