import { beforeAll, describe, expect, it } from "vitest";
import { badCdn, goodCdn } from "../fixtures/policy-programs/cdn";
import { familyPolicies, findings, flagged, type Judgement, judge } from "./harness";

const CDN = familyPolicies("cdn");

describe("cdn policies through the analyzer", () => {
  let good: Judgement;
  let bad: Judgement;
  beforeAll(async () => {
    good = await judge(goodCdn);
    bad = await judge(badCdn);
  });

  it("passes an OAC distribution whose bucket policy admits it (joined through Output-valued inputs)", () => {
    expect(findings(good.violations, CDN)).toEqual([]);
  });

  it("fails at least one resource for every policy of the family, and passes the good program", () => {
    expect(new Set(bad.violations.map((v) => v.policy).filter((p) => CDN.includes(p)))).toEqual(new Set(CDN));
    expect(CDN.length).toBeGreaterThan(3);
  });

  it("flags each cdn policy on the offending resource", () => {
    expect(flagged(bad.violations, CDN)).toEqual([
      "cloudfront-logging → leaky-cdn",
      "cloudfront-oac-bucket-policy → locked-site",
      "cloudfront-origin-access-control → leaky-cdn",
      "cloudfront-tls-version → leaky-cdn",
      "cloudfront-viewer-https → leaky-cdn",
      "cloudfront-waf → leaky-cdn",
    ]);
  });

  it("says exactly what to change", () => {
    expect(findings(bad.violations, CDN)).toEqual(
      expect.arrayContaining([
        'cloudfront-viewer-https → leaky-cdn: defaultCacheBehavior.viewerProtocolPolicy is "allow-all"; set it to "redirect-to-https" or "https-only".',
        'cloudfront-tls-version → leaky-cdn: viewerCertificate.minimumProtocolVersion is "TLSv1" with a custom certificate; set it to "TLSv1.2_2021".',
        expect.stringMatching(
          /^cloudfront-origin-access-control → leaky-cdn: origins\[0\] \("open-site-[0-9a-f]+\.s3\.us-east-1\.amazonaws\.com"\) is an S3 origin without originAccessControlId/,
        ),
        'cloudfront-origin-access-control → leaky-cdn: origins[1].domainName "open-site.s3-website-us-east-1.amazonaws.com" is a public S3 website endpoint; use bucket.bucketRegionalDomainName with originAccessControlId and keep the bucket private.',
        'cloudfront-origin-access-control → leaky-cdn: origins[2] uses legacy origin access identity s3OriginConfig.originAccessIdentity; replace it with originAccessControlId (aws.cloudfront.OriginAccessControl, signingBehavior "always").',
        'cloudfront-logging → leaky-cdn: loggingConfig.bucket is unset; set loggingConfig to { bucket: logBucket.bucketDomainName, prefix: "cloudfront/" }.',
        "cloudfront-waf → leaky-cdn: webAclId is unset; set it to an aws.wafv2.WebAcl (scope CLOUDFRONT) arn.",
        'cloudfront-oac-bucket-policy → locked-site: Bucket behind OAC origin "locked" has no bucket policy statement allowing Principal { Service: "cloudfront.amazonaws.com" } s3:GetObject with Condition StringEquals aws:SourceArn set to this distribution\'s ARN; CloudFront will get 403s.',
      ]),
    );
    const waf = bad.violations.find((v) => v.policy === "cloudfront-waf");
    expect(waf?.enforcementLevel).toBe("advisory");
  });

  it("lets config raise an advisory policy to mandatory", async () => {
    const strict = await judge(badCdn, { policyConfig: { "cloudfront-waf": "mandatory" } });
    expect(
      strict.violations.filter((v) => v.policy === "cloudfront-waf").map((v) => v.enforcementLevel),
    ).toEqual(["mandatory"]);
  });
});
