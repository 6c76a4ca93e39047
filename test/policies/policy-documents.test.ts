import { beforeAll, describe, expect, it } from "vitest";
import { policyDocumentBuckets } from "../fixtures/policy-programs/policy-documents";
import { findings, type Judgement, judge } from "./harness";

const POLICY_CHECKS = ["s3-no-public-policy", "s3-tls-only"];

describe("bucket policies built with aws.iam.getPolicyDocument, through the analyzer", () => {
  let judgement: Judgement;
  beforeAll(async () => {
    judgement = await judge(policyDocumentBuckets);
  });

  it("judges the rendered IAM JSON: the public grant fails, the private and TLS-only policies pass", () => {
    expect(findings(judgement.violations, POLICY_CHECKS)).toEqual([
      's3-no-public-policy → public-policy: Statement "PublicRead" allows Principal "*" (s3:GetObject) without an ' +
        'aws:SourceArn or aws:SourceAccount condition; name the principal (e.g. { Service: "cloudfront.amazonaws.com" }) ' +
        "and add Condition StringEquals aws:SourceArn.",
      "s3-tls-only → public-policy: The bucket policy has no statement denying insecure transport; add " +
        '{ Effect: "Deny", Principal: "*", Action: "s3:*", Condition: { Bool: { "aws:SecureTransport": "false" } } } ' +
        "for the bucket and its objects.",
    ]);
  });

  it("hands the pack the document as AWS writes it", () => {
    const policy = judgement.resources.find((r) => r.name === "tls-only-policy");
    const arn = `arn:aws:s3:::${String(policy?.inputs.bucket)}`;
    expect(arn).toMatch(/^arn:aws:s3:::tls-only-[0-9a-f]{7}$/);
    const document = JSON.parse(String(policy?.inputs.policy));
    expect(document.Statement).toEqual([
      {
        Sid: "DenyInsecureTransport",
        Effect: "Deny",
        Principal: "*",
        Action: "s3:*",
        Resource: [
          expect.stringMatching(/^arn:aws:s3:::tls-only-[0-9a-f]{7}$/),
          expect.stringMatching(/\/\*$/),
        ],
        Condition: { Bool: { "aws:SecureTransport": "false" } },
      },
    ]);
  });
});
