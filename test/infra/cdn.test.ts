import * as pulumi from "@pulumi/pulumi";
import { describe, expect, it } from "vitest";
import {
  ALL_VIEWER_EXCEPT_HOST_HEADER_POLICY_ID,
  CACHING_DISABLED_POLICY_ID,
  CACHING_OPTIMIZED_POLICY_ID,
  Cdn,
  cloudFrontReadStatement,
  validateCdnArgs,
} from "../../infra/cdn";
import { TieredStorage } from "../../infra/tiered-storage";
import { evaluate, input, named, ofType, onlyOfType, policyDocument } from "./helpers";

const origin = {
  bucketArn: "arn:aws:s3:::site-bucket",
  bucketRegionalDomainName: "site-bucket.s3.us-east-1.amazonaws.com",
};

describe("Cdn under mocks", () => {
  it("serves the bucket through OAC with HTTPS redirects, compression, HTTP/2+3 and the managed cache policy", async () => {
    const result = await evaluate(() => new Cdn("cdn", { origin }));
    const oac = onlyOfType(result, "aws:cloudfront/originAccessControl:OriginAccessControl");
    expect(oac.inputs).toMatchObject({
      originAccessControlOriginType: "s3",
      signingBehavior: "always",
      signingProtocol: "sigv4",
    });
    const dist = onlyOfType(result, "aws:cloudfront/distribution:Distribution");
    expect(input(dist, "origins.0.domainName")).toBe(origin.bucketRegionalDomainName);
    expect(dist.propertyDependencies?.origins).toContain(oac.urn);
    expect(dist.inputs.defaultCacheBehavior).toMatchObject({
      viewerProtocolPolicy: "redirect-to-https",
      compress: true,
      cachePolicyId: CACHING_OPTIMIZED_POLICY_ID,
    });
    expect(dist.inputs).toMatchObject({
      httpVersion: "http2and3",
      enabled: true,
      priceClass: "PriceClass_100",
    });
    expect(dist.inputs.viewerCertificate).toEqual({ cloudfrontDefaultCertificate: true });
  });

  it("requires TLSv1.2_2021 with SNI when given a certificate", async () => {
    const cert = "arn:aws:acm:us-east-1:123456789012:certificate/abc";
    const result = await evaluate(
      () =>
        new Cdn("cdn", {
          origin,
          aliases: ["cdn.example.com"],
          acmCertificateArn: cert,
          priceClass: "PriceClass_All",
        }),
    );
    const dist = onlyOfType(result, "aws:cloudfront/distribution:Distribution");
    expect(dist.inputs.viewerCertificate).toEqual({
      acmCertificateArn: cert,
      sslSupportMethod: "sni-only",
      minimumProtocolVersion: "TLSv1.2_2021",
    });
    expect(dist.inputs).toMatchObject({ aliases: ["cdn.example.com"], priceClass: "PriceClass_All" });
  });

  it("adds HSTS and the other security headers to every response", async () => {
    const result = await evaluate(() => new Cdn("cdn", { origin }));
    const headers = onlyOfType(result, "aws:cloudfront/responseHeadersPolicy:ResponseHeadersPolicy");
    expect(headers.inputs.securityHeadersConfig).toMatchObject({
      strictTransportSecurity: {
        accessControlMaxAgeSec: 63_072_000,
        includeSubdomains: true,
        preload: true,
        override: true,
      },
      contentTypeOptions: { override: true },
      frameOptions: { frameOption: "DENY" },
      referrerPolicy: { referrerPolicy: "strict-origin-when-cross-origin" },
    });
    const dist = onlyOfType(result, "aws:cloudfront/distribution:Distribution");
    expect(dist.propertyDependencies?.defaultCacheBehavior).toContain(headers.urn);
  });

  it("logs to a private, encrypted, expiring log bucket that still accepts CloudFront's log ACL", async () => {
    const result = await evaluate(() => new Cdn("cdn", { origin, logRetentionDays: 30 }));
    const logBucket = named(result, "cdn-logs-bucket");
    const dist = onlyOfType(result, "aws:cloudfront/distribution:Distribution");
    expect(input(dist, "loggingConfig.bucket")).toMatch(/^cdn-logs-bucket-[0-9a-f]+\.s3\.amazonaws\.com$/);
    expect(dist.propertyDependencies?.loggingConfig).toEqual([logBucket.urn]);
    expect(named(result, "cdn-logs-ownership").inputs.rule).toEqual({
      objectOwnership: "BucketOwnerPreferred",
    });
    expect(named(result, "cdn-logs-public-access-block").inputs).toMatchObject({
      blockPublicAcls: true,
      restrictPublicBuckets: true,
    });
    expect(
      input(named(result, "cdn-logs-sse"), "rules.0.applyServerSideEncryptionByDefault.sseAlgorithm"),
    ).toBe("AES256");
    expect(input(named(result, "cdn-logs-lifecycle"), "rules.0")).toMatchObject({
      transitions: [],
      expiration: { days: 30 },
      abortIncompleteMultipartUpload: { daysAfterInitiation: 7 },
    });
  });

  it("grants only this distribution read access, in the origin bucket's single policy", async () => {
    const result = await evaluate(() => {
      // The same wiring as createPlatform: the bucket's one policy takes the CDN's statement later.
      const [statements, resolve] = pulumi.deferredOutput<Record<string, unknown>[]>();
      const site = new TieredStorage("site", { extraPolicyStatements: statements });
      const cdn = new Cdn("cdn", { origin: site });
      resolve(cdn.originReadStatement.apply((s) => [s]));
    });
    const sitePolicies = ofType(result, "aws:s3/bucketPolicy:BucketPolicy").filter(
      (p) => p.name === "site-policy",
    );
    expect(sitePolicies).toHaveLength(1);
    const statements = policyDocument(sitePolicies[0] as (typeof sitePolicies)[number]).Statement;
    const grant = statements.find((s) => s.Sid === "AllowCloudFrontOacRead");
    const dist = onlyOfType(result, "aws:cloudfront/distribution:Distribution");
    expect(grant).toEqual({
      Sid: "AllowCloudFrontOacRead",
      Effect: "Allow",
      Principal: { Service: "cloudfront.amazonaws.com" },
      Action: "s3:GetObject",
      Resource: expect.stringMatching(/^arn:aws:s3:::site-bucket-[0-9a-f]+\/\*$/),
      Condition: {
        StringEquals: {
          "AWS:SourceArn": expect.stringMatching(/^arn:aws:cloudfront::\d{12}:distribution\/E[0-9A-F]+$/),
        },
      },
    });
    expect(sitePolicies[0]?.dependencies).toContain(dist.urn);
  });

  it("builds the read statement from the two ARNs", () => {
    expect(
      cloudFrontReadStatement("arn:aws:s3:::b", "arn:aws:cloudfront::1:distribution/E1").Condition,
    ).toEqual({
      StringEquals: { "AWS:SourceArn": "arn:aws:cloudfront::1:distribution/E1" },
    });
  });
});

describe("Cdn API origin", () => {
  it("routes /v1/* to the origin uncached, all methods, viewer headers except Host, 60 s read timeout", async () => {
    const result = await evaluate(
      () =>
        new Cdn("cdn", { origin, apiOrigin: { domainName: "api-origin.example.com", protocol: "https" } }),
    );
    const dist = onlyOfType(result, "aws:cloudfront/distribution:Distribution");
    expect(input(dist, "origins.1")).toEqual({
      originId: "cdn-api",
      domainName: "api-origin.example.com",
      customOriginConfig: {
        httpPort: 80,
        httpsPort: 443,
        originProtocolPolicy: "https-only",
        originSslProtocols: ["TLSv1.2"],
        originReadTimeout: 60,
        originKeepaliveTimeout: 60,
      },
    });
    expect(input(dist, "orderedCacheBehaviors")).toEqual([
      {
        pathPattern: "/v1/*",
        targetOriginId: "cdn-api",
        viewerProtocolPolicy: "https-only",
        allowedMethods: ["DELETE", "GET", "HEAD", "OPTIONS", "PATCH", "POST", "PUT"],
        cachedMethods: ["GET", "HEAD"],
        compress: false,
        cachePolicyId: CACHING_DISABLED_POLICY_ID,
        originRequestPolicyId: ALL_VIEWER_EXCEPT_HOST_HEADER_POLICY_ID,
        responseHeadersPolicyId: expect.any(String),
      },
    ]);
  });

  it("talks plain HTTP to an origin without a certificate, and has no API route without an origin", async () => {
    const http = await evaluate(
      () => new Cdn("cdn", { origin, apiOrigin: { domainName: "alb.example.com", protocol: "http" } }),
    );
    const dist = onlyOfType(http, "aws:cloudfront/distribution:Distribution");
    expect(input(dist, "origins.1.customOriginConfig.originProtocolPolicy")).toBe("http-only");
    const bucketOnly = await evaluate(() => new Cdn("cdn", { origin }));
    expect(
      input(onlyOfType(bucketOnly, "aws:cloudfront/distribution:Distribution"), "orderedCacheBehaviors"),
    ).toBe(undefined);
  });

  it("rejects a read timeout too short for streamed answers and a catch-all path", () => {
    expect(
      validateCdnArgs({
        origin,
        apiOrigin: {
          domainName: "a.example.com",
          protocol: "https",
          readTimeoutSeconds: 30,
          pathPattern: "/*",
        },
      }).map((i) => i.reason),
    ).toEqual([
      "apiOrigin.readTimeoutSeconds must be a whole number of seconds from 60 (streamed answers) to 180 (CloudFront's maximum); got 30",
      'apiOrigin.pathPattern must be a narrower path than the default behaviour, e.g. /v1/*; got "/*"',
    ]);
  });
});

// Last: constructing a component outside an evaluation leaves the mock runtime unusable for later ones.
describe("Cdn arguments", () => {
  it("names the argument and value", () => {
    expect(() => new Cdn("c", { origin, aliases: ["a.example.com"] })).toThrow(
      'Cdn "c": aliases need acmCertificateArn (an ACM certificate in us-east-1 covering them); got ["a.example.com"]',
    );
    expect(validateCdnArgs({ origin, priceClass: "PriceClass_50" as "PriceClass_100" })[0]?.reason).toBe(
      'priceClass must be one of PriceClass_100, PriceClass_200, PriceClass_All; got "PriceClass_50"',
    );
    expect(
      validateCdnArgs({ origin, logRetentionDays: 0, hstsMaxAgeSeconds: 60 }).map((i) => i.propertyPath),
    ).toEqual(["logRetentionDays", "hstsMaxAgeSeconds"]);
  });
});
