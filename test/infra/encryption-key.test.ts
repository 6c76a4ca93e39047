import { describe, expect, it } from "vitest";
import { cloudFrontKmsDecryptStatement } from "../../infra/cdn";
import { accountRootStatement, EncryptionKey } from "../../infra/encryption-key";
import { evaluate, onlyOfType, policyDocument } from "./helpers";

describe("EncryptionKey under mocks", () => {
  it("creates a rotating key whose one policy keeps the account in control, then adds the caller's statements", async () => {
    const extra = cloudFrontKmsDecryptStatement("arn:aws:cloudfront::123456789012:distribution/E1");
    const result = await evaluate(
      () => new EncryptionKey("data", { description: "data", extraPolicyStatements: [extra] }),
    );
    const key = onlyOfType(result, "aws:kms/key:Key");
    expect(key.name).toBe("data-key");
    expect(key.inputs).toMatchObject({
      description: "data",
      enableKeyRotation: true,
      deletionWindowInDays: 30,
    });
    expect(policyDocument(key).Statement).toEqual([accountRootStatement("aws", "123456789012"), extra]);
    expect(key.parent).toBe(onlyOfType(result, "openclaw:infra:EncryptionKey").urn);
  });

  it("rejects a deletion window outside 7-30 days, naming the argument and value", () => {
    expect(() => new EncryptionKey("k", { description: "x", deletionWindowInDays: 3 })).toThrow(
      'EncryptionKey "k": deletionWindowInDays must be a whole number of days from 7 to 30; got 3',
    );
  });
});

describe("key policy statements", () => {
  it("lets exactly one distribution decrypt, and the account root govern the key", () => {
    expect(cloudFrontKmsDecryptStatement("arn:aws:cloudfront::1:distribution/E1")).toEqual({
      Sid: "AllowCloudFrontOacDecrypt",
      Effect: "Allow",
      Principal: { Service: "cloudfront.amazonaws.com" },
      Action: "kms:Decrypt",
      Resource: "*",
      Condition: { StringEquals: { "AWS:SourceArn": "arn:aws:cloudfront::1:distribution/E1" } },
    });
    expect(accountRootStatement("aws-cn", "111122223333").Principal).toEqual({
      AWS: "arn:aws-cn:iam::111122223333:root",
    });
  });
});
