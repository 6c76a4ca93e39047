import { beforeAll, describe, expect, it } from "vitest";
import { badStorage, goodStorage, ownershipCases } from "../fixtures/policy-programs/storage";
import { familyPolicies, findings, flagged, type Judgement, judge } from "./harness";

const STORAGE = familyPolicies("storage");

describe("storage policies through the analyzer", () => {
  let good: Judgement;
  let bad: Judgement;
  beforeAll(async () => {
    good = await judge(goodStorage);
    bad = await judge(badStorage);
  });

  it("passes compliant buckets built inside components, with apply-derived policies and an exempt log bucket", () => {
    expect(findings(good.violations, STORAGE)).toEqual([]);
  });

  it("fails at least one resource for every policy of the family, and passes the good program", () => {
    expect(new Set(bad.violations.map((v) => v.policy).filter((p) => STORAGE.includes(p)))).toEqual(
      new Set(STORAGE),
    );
    expect(STORAGE.length).toBeGreaterThan(3);
  });

  it("flags each storage policy on the resource that must change", () => {
    expect(flagged(bad.violations, STORAGE)).toEqual([
      "s3-encryption → bare",
      "s3-encryption → public-acl",
      "s3-lifecycle-abort-multipart → bare",
      "s3-lifecycle-abort-multipart → public-acl",
      "s3-lifecycle-abort-multipart → weak-lifecycle",
      "s3-no-public-acl → public-acl",
      "s3-no-public-policy → weak-policy",
      "s3-ownership-enforced → public-acl",
      "s3-ownership-enforced → weak-ownership",
      "s3-public-access-block → bare",
      "s3-public-access-block → public-acl",
      "s3-public-access-block → weak-pab",
      "s3-tls-only → bare",
      "s3-tls-only → public-acl",
      "s3-tls-only → weak-policy",
      "s3-versioning → bare",
      "s3-versioning → public-acl",
      "s3-versioning → weak-versioning",
    ]);
  });

  it("says exactly what to change", () => {
    const lines = findings(bad.violations, STORAGE);
    expect(lines).toContain(
      "s3-public-access-block → weak-pab: blockPublicPolicy is false, restrictPublicBuckets is unset; " +
        "set blockPublicAcls, blockPublicPolicy, ignorePublicAcls, restrictPublicBuckets all to true.",
    );
    expect(lines).toContain(
      's3-versioning → weak-versioning: versioningConfiguration.status is "Suspended"; set it to "Enabled".',
    );
    expect(lines).toContain(
      "s3-lifecycle-abort-multipart → weak-lifecycle: The lifecycle configuration has no enabled rule with " +
        'abortIncompleteMultipartUpload.daysAfterInitiation <= 7; add rule { status: "Enabled", filter: {}, ' +
        "abortIncompleteMultipartUpload: { daysAfterInitiation: 7 } }.",
    );
    expect(lines).toContain(
      's3-ownership-enforced → weak-ownership: rule.objectOwnership is "ObjectWriter"; set it to "BucketOwnerEnforced" ' +
        "(or tag the bucket openclaw:acl-exception=cloudfront-logs if it must accept ACLs).",
    );
    expect(lines).toContain(
      's3-no-public-policy → weak-policy: Statement "PublicRead" allows Principal "*" (s3:GetObject) without an ' +
        'aws:SourceArn or aws:SourceAccount condition; name the principal (e.g. { Service: "cloudfront.amazonaws.com" }) ' +
        "and add Condition StringEquals aws:SourceArn.",
    );
    expect(lines).toContain(
      's3-no-public-acl → public-acl: acl is "public-read"; set it to "private" (or remove it) and serve public content through CloudFront.',
    );
    expect(lines).toContain(
      "s3-versioning → bare: No aws.s3.BucketVersioning refers to this bucket; add one with bucket: <bucket>.id and " +
        'versioningConfiguration.status "Enabled".',
    );
  });

  it("reports every storage policy as mandatory", () => {
    const levels = new Set(
      bad.violations.filter((v) => STORAGE.includes(v.policy)).map((v) => v.enforcementLevel),
    );
    expect(levels).toEqual(new Set(["mandatory"]));
  });

  it("requires KMS when configured (CKV_AWS_145)", async () => {
    const strict = await judge(badStorage, { policyConfig: { "s3-encryption": { requireKms: true } } });
    expect(findings(strict.violations, ["s3-encryption"])).toContain(
      's3-encryption → weak-sse: rules[].applyServerSideEncryptionByDefault.sseAlgorithm is "AES256"; set it to one of: aws:kms, aws:kms:dsse.',
    );
  });
});

describe("s3-ownership-enforced judges what the program says, as AWS defaults the rest", () => {
  const OWNERSHIP = ["s3-ownership-enforced"];
  const HINT = "tag the bucket openclaw:acl-exception=cloudfront-logs if it must accept ACLs";

  it("passes a bucket that says nothing (ACLs are disabled by default) and a CloudFront log bucket; fails explicit ACLs", async () => {
    const { violations } = await judge(ownershipCases);
    expect(findings(violations, OWNERSHIP)).toEqual([
      `s3-ownership-enforced → granted-acl: This bucket ACL turns ACLs back on for its bucket; remove it and grant access with a bucket policy (${HINT}).`,
      `s3-ownership-enforced → inline-acl: acl is "private"; remove it so the bucket keeps ACLs disabled (BucketOwnerEnforced), or ${HINT}.`,
      `s3-ownership-enforced → writer-ownership: rule.objectOwnership is "ObjectWriter"; set it to "BucketOwnerEnforced" (or ${HINT}).`,
    ]);
  });

  it("with requireExplicit, also fails buckets that rely on the default", async () => {
    const { violations } = await judge(ownershipCases, {
      policyConfig: { "s3-ownership-enforced": { requireExplicit: true } },
    });
    expect(flagged(violations, OWNERSHIP)).toEqual([
      "s3-ownership-enforced → granted",
      "s3-ownership-enforced → granted-acl",
      "s3-ownership-enforced → inline-acl",
      "s3-ownership-enforced → silent",
      "s3-ownership-enforced → writer-ownership",
    ]);
    expect(findings(violations, OWNERSHIP)).toContain(
      "s3-ownership-enforced → silent: No aws.s3.BucketOwnershipControls refers to this bucket; add one with " +
        'bucket: <bucket>.id and rule.objectOwnership "BucketOwnerEnforced" (requireExplicit is on; or ' +
        `${HINT}).`,
    );
  });
});
