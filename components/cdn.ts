import * as pulumi from "@pulumi/pulumi";
import * as infra from "../infra/cdn";
import type { CdnPriceClass } from "./enums";

/** The bucket a Cdn serves from (a TieredStorage's outputs fit). */
export interface CdnOrigin {
  readonly bucketArn: pulumi.Input<string>;
  readonly bucketRegionalDomainName: pulumi.Input<string>;
}

/** infra's CdnArgs restated in forms every Pulumi language can take. */
export interface CdnArgs {
  /** The private bucket to serve; its policy must include this Cdn's `originReadStatement`. */
  readonly origin: CdnOrigin;
  /** Edge locations: `PriceClass_100` is the cheapest. @default "PriceClass_100" */
  readonly priceClass?: CdnPriceClass;
  /** Custom domain names; they need `acmCertificateArn`. @default [] */
  readonly aliases?: string[];
  /** ACM certificate (in us-east-1) for `aliases`; viewers then need TLS 1.2+. @default undefined */
  readonly acmCertificateArn?: pulumi.Input<string>;
  /** Object returned for `/`. @default "index.html" */
  readonly defaultRootObject?: string;
  /** Cache policy for the default behaviour. @default the AWS managed CachingOptimized policy */
  readonly cachePolicyId?: pulumi.Input<string>;
  /** `Content-Security-Policy` header value. @default undefined */
  readonly contentSecurityPolicy?: string;
  /** `Strict-Transport-Security` max-age in seconds. @default 63072000 */
  readonly hstsMaxAgeSeconds?: number;
  /** Write access logs to a private log bucket created here. @default true */
  readonly accessLogging?: boolean;
  /** Days to keep access logs. @default 90 */
  readonly logRetentionDays?: number;
  /** AWS WAF web ACL ARN. @default undefined (no WAF) */
  readonly webAclId?: pulumi.Input<string>;
}

/** CloudFront in front of a private S3 bucket through Origin Access Control (infra/cdn.ts). */
export class Cdn extends pulumi.ComponentResource {
  readonly distributionId: pulumi.Output<string>;
  readonly distributionArn: pulumi.Output<string>;
  readonly domainName: pulumi.Output<string>;
  /** The statement the origin bucket's policy needs so this distribution can read objects. */
  // biome-ignore lint/suspicious/noExplicitAny: IAM statements are free-form JSON; the schema analyzer maps `any` to pulumi.json#/Any.
  readonly originReadStatement: pulumi.Output<Record<string, any>>;
  /** The statement an SSE-KMS origin's key policy needs so this distribution can decrypt. */
  // biome-ignore lint/suspicious/noExplicitAny: as above.
  readonly originKmsDecryptStatement: pulumi.Output<Record<string, any>>;

  constructor(name: string, args: CdnArgs, opts?: pulumi.ComponentResourceOptions) {
    super("openclaw:index:Cdn", name, {}, opts);
    const cdn = new infra.Cdn(name, args, { parent: this });
    this.distributionId = cdn.distributionId;
    this.distributionArn = cdn.distributionArn;
    this.domainName = cdn.domainName;
    this.originReadStatement = cdn.originReadStatement;
    this.originKmsDecryptStatement = cdn.originKmsDecryptStatement;
    this.registerOutputs({
      distributionId: this.distributionId,
      distributionArn: this.distributionArn,
      domainName: this.domainName,
      originReadStatement: this.originReadStatement,
      originKmsDecryptStatement: this.originKmsDecryptStatement,
    });
  }
}
