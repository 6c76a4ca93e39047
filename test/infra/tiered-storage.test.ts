import { describe, expect, it } from "vitest";
import { TieredStorage, validateTieredStorageArgs } from "../../infra/tiered-storage";
import { evaluate, input, ofType, onlyOfType, policyDocument } from "./helpers";

describe("TieredStorage under mocks", () => {
  it("locks the bucket down: owner-enforced, all four public access blocks, SSE-S3, versioning", async () => {
    const result = await evaluate(() => new TieredStorage("data"));
    expect(onlyOfType(result, "aws:s3/bucketOwnershipControls:BucketOwnershipControls").inputs.rule).toEqual({
      objectOwnership: "BucketOwnerEnforced",
    });
    expect(onlyOfType(result, "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock").inputs).toMatchObject(
      {
        blockPublicAcls: true,
        blockPublicPolicy: true,
        ignorePublicAcls: true,
        restrictPublicBuckets: true,
      },
    );
    const sse = onlyOfType(
      result,
      "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration",
    );
    expect(sse.inputs.rules).toEqual([{ applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } }]);
    expect(
      input(onlyOfType(result, "aws:s3/bucketVersioning:BucketVersioning"), "versioningConfiguration.status"),
    ).toBe("Enabled");
    // Every bucket-level child points at the one bucket.
    const bucket = onlyOfType(result, "aws:s3/bucket:Bucket");
    for (const child of result.resources.filter((r) => r.type.startsWith("aws:s3/bucket") && r !== bucket)) {
      expect(child.propertyDependencies?.bucket).toEqual([bucket.urn]);
    }
  });

  it("uses SSE-KMS with a bucket key when asked", async () => {
    const key = "arn:aws:kms:us-east-1:123456789012:key/abc";
    const result = await evaluate(() => new TieredStorage("data", { encryption: "aws:kms", kmsKeyArn: key }));
    const sse = onlyOfType(
      result,
      "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration",
    );
    expect(sse.inputs.rules).toEqual([
      {
        applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms", kmsMasterKeyId: key },
        bucketKeyEnabled: true,
      },
    ]);
  });

  it("tiers objects Standard → IA → Glacier IR → Deep Archive, expires old versions and aborts stale uploads", async () => {
    const result = await evaluate(
      () =>
        new TieredStorage("data", {
          lifecycle: { standardIaAfterDays: 45, noncurrentVersionExpireAfterDays: 60 },
        }),
    );
    const lifecycle = onlyOfType(result, "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration");
    expect(lifecycle.inputs.rules).toEqual([
      {
        id: "tiered",
        status: "Enabled",
        filter: {},
        transitions: [
          { storageClass: "STANDARD_IA", days: 45 },
          { storageClass: "GLACIER_IR", days: 90 },
          { storageClass: "DEEP_ARCHIVE", days: 180 },
        ],
        noncurrentVersionExpiration: { noncurrentDays: 60 },
        abortIncompleteMultipartUpload: { daysAfterInitiation: 7 },
      },
    ]);
    expect(lifecycle.dependencies).toContain(
      onlyOfType(result, "aws:s3/bucketVersioning:BucketVersioning").urn,
    );
  });

  it("intelligent-tiering mode moves objects on day 0 and can enable the archive tiers", async () => {
    const result = await evaluate(
      () =>
        new TieredStorage("data", {
          lifecycle: {
            mode: "intelligent-tiering",
            intelligentTieringArchiveAfterDays: 90,
            intelligentTieringDeepArchiveAfterDays: 180,
          },
        }),
    );
    const lifecycle = onlyOfType(result, "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration");
    expect(input(lifecycle, "rules.0.transitions")).toEqual([
      { storageClass: "INTELLIGENT_TIERING", days: 0 },
    ]);
    const tiering = onlyOfType(
      result,
      "aws:s3/bucketIntelligentTieringConfiguration:BucketIntelligentTieringConfiguration",
    );
    expect(tiering.inputs.tierings).toEqual([
      { accessTier: "ARCHIVE_ACCESS", days: 90 },
      { accessTier: "DEEP_ARCHIVE_ACCESS", days: 180 },
    ]);
  });

  it("has one bucket policy: deny plain HTTP and TLS < 1.2, then the caller's extra statements", async () => {
    const extra = {
      Sid: "Extra",
      Effect: "Allow",
      Principal: { Service: "x.amazonaws.com" },
      Action: "s3:GetObject",
      Resource: "*",
    };
    const result = await evaluate(() => new TieredStorage("data", { extraPolicyStatements: [extra] }));
    const policies = ofType(result, "aws:s3/bucketPolicy:BucketPolicy");
    expect(policies).toHaveLength(1);
    const doc = policyDocument(policies[0] as (typeof policies)[number]);
    expect(doc.Statement.map((s) => s.Sid)).toEqual(["DenyInsecureTransport", "RequireLatestTls", "Extra"]);
    const bucketArn = doc.Statement[0]?.Resource as string[];
    expect(bucketArn).toEqual([
      expect.stringMatching(/^arn:aws:s3:::data-bucket/),
      expect.stringMatching(/\/\*$/),
    ]);
    expect(doc.Statement[0]).toMatchObject({
      Effect: "Deny",
      Condition: { Bool: { "aws:SecureTransport": "false" } },
    });
    expect(doc.Statement[1]).toMatchObject({
      Effect: "Deny",
      Condition: { NumericLessThan: { "s3:TlsVersion": "1.2" } },
    });
    // The policy waits for the public access block so the two never race.
    expect(policies[0]?.dependencies).toContain(
      onlyOfType(result, "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock").urn,
    );
  });
});

describe("TieredStorage arguments", () => {
  it("names the setting and value for lifecycle days out of order or below S3's minimums", () => {
    expect(() => new TieredStorage("d", { lifecycle: { standardIaAfterDays: 20 } })).toThrow(
      'TieredStorage "d": lifecycle.standardIaAfterDays must be a whole number of days >= 30; got 20',
    );
    expect(
      validateTieredStorageArgs({ lifecycle: { glacierInstantRetrievalAfterDays: 40 } }).map((i) => i.reason),
    ).toEqual([
      "lifecycle.glacierInstantRetrievalAfterDays must be at least 30 days after standardIaAfterDays (30); got 40",
    ]);
    expect(validateTieredStorageArgs({ lifecycle: { expireAfterDays: 100 } })[0]?.reason).toBe(
      "lifecycle.expireAfterDays must be a whole number of days after the last tier (day 180); got 100",
    );
  });

  it("rejects bad intelligent-tiering days, encryption and ownership", () => {
    const issues = validateTieredStorageArgs({
      lifecycle: { mode: "intelligent-tiering", intelligentTieringArchiveAfterDays: 30 },
      encryption: "DES" as "AES256",
      objectOwnership: "ObjectWriter" as "BucketOwnerEnforced",
    });
    expect(issues.map((i) => i.propertyPath)).toEqual([
      "lifecycle.intelligentTieringArchiveAfterDays",
      "encryption",
      "objectOwnership",
    ]);
    expect(validateTieredStorageArgs({ kmsKeyArn: "arn:aws:kms:us-east-1:1:key/x" })[0]?.reason).toBe(
      'encryption must be "aws:kms" when kmsKeyArn is set; got "AES256"',
    );
  });
});
