import { describe, expect, it } from "vitest";
import { renderPolicyDocument } from "../../src/plan/policy-document";

function render(inputs: Record<string, unknown>): unknown {
  return JSON.parse(renderPolicyDocument(inputs));
}

describe("renderPolicyDocument (aws.iam.getPolicyDocument as AWS writes it)", () => {
  it("writes IAM JSON keys, a default Allow and single values as strings", () => {
    expect(
      render({
        statements: [
          {
            sid: "PublicRead",
            principals: [{ type: "*", identifiers: ["*"] }],
            actions: ["s3:GetObject"],
            resources: ["arn:aws:s3:::b/*"],
          },
        ],
      }),
    ).toEqual({
      Version: "2012-10-17",
      Statement: [
        {
          Sid: "PublicRead",
          Effect: "Allow",
          Principal: "*",
          Action: "s3:GetObject",
          Resource: "arn:aws:s3:::b/*",
        },
      ],
    });
  });

  it("groups principals by type and conditions by test, keeping lists of several values", () => {
    expect(
      render({
        policyId: "p1",
        statements: [
          {
            effect: "Deny",
            principals: [
              {
                type: "AWS",
                identifiers: ["arn:aws:iam::111122223333:root", "arn:aws:iam::444455556666:root"],
              },
              { type: "Service", identifiers: ["cloudfront.amazonaws.com"] },
              { type: "Federated", identifiers: ["cognito-identity.amazonaws.com"] },
            ],
            notActions: ["s3:GetObject", "s3:ListBucket"],
            notResources: ["arn:aws:s3:::b"],
            conditions: [
              { test: "Bool", variable: "aws:SecureTransport", values: ["false"] },
              { test: "StringEquals", variable: "aws:SourceArn", values: ["arn:a", "arn:b"] },
              { test: "StringEquals", variable: "aws:SourceAccount", values: ["123456789012"] },
            ],
          },
        ],
      }),
    ).toEqual({
      Version: "2012-10-17",
      Id: "p1",
      Statement: [
        {
          Effect: "Deny",
          Principal: {
            AWS: ["arn:aws:iam::111122223333:root", "arn:aws:iam::444455556666:root"],
            Service: "cloudfront.amazonaws.com",
            Federated: "cognito-identity.amazonaws.com",
          },
          NotAction: ["s3:GetObject", "s3:ListBucket"],
          NotResource: "arn:aws:s3:::b",
          Condition: {
            Bool: { "aws:SecureTransport": "false" },
            StringEquals: { "aws:SourceArn": ["arn:a", "arn:b"], "aws:SourceAccount": "123456789012" },
          },
        },
      ],
    });
  });

  it("writes NotPrincipal and merges source and override documents by Sid", () => {
    const source = JSON.stringify({
      Statement: [{ Sid: "A", Effect: "Allow", Action: "s3:*", Resource: "*" }],
    });
    const override = JSON.stringify({
      Statement: [{ Sid: "B", Effect: "Deny", Action: "s3:Put*", Resource: "*" }],
    });
    expect(
      render({
        sourcePolicyDocuments: [source],
        overridePolicyDocuments: [override],
        statements: [
          { sid: "B", notPrincipals: [{ type: "AWS", identifiers: ["arn:x"] }], actions: ["s3:Get*"] },
        ],
      }),
    ).toEqual({
      Version: "2012-10-17",
      Statement: [
        { Sid: "A", Effect: "Allow", Action: "s3:*", Resource: "*" },
        { Sid: "B", Effect: "Deny", Action: "s3:Put*", Resource: "*" },
      ],
    });
    expect(render({ statements: [{ notPrincipals: [{ type: "AWS", identifiers: ["arn:x"] }] }] })).toEqual({
      Version: "2012-10-17",
      Statement: [{ Effect: "Allow", NotPrincipal: { AWS: "arn:x" } }],
    });
  });
});
