import * as aws from "@pulumi/aws";
import { beforeAll, describe, expect, it } from "vitest";
import { taggedProvider } from "../fixtures/policy-programs/common";
import { badCaches, goodCaches } from "../fixtures/policy-programs/elasticache";
import { familyPolicies, findings, flagged, type Judgement, judge } from "./harness";

const CACHE = [...familyPolicies("cache"), "cost-cache-node-types"];

describe("elasticache policies through the analyzer", () => {
  let good: Judgement;
  let bad: Judgement;
  beforeAll(async () => {
    good = await judge(goodCaches);
    bad = await judge(badCaches);
  });

  it("passes a TLS, encrypted, authenticated multi-AZ prod group and a one-node dev group", () => {
    expect(findings(good.violations, CACHE)).toEqual([]);
  });

  it("fails at least one resource for every policy", () => {
    expect(new Set(bad.violations.map((v) => v.policy).filter((p) => CACHE.includes(p)))).toEqual(
      new Set(CACHE),
    );
    expect(CACHE).toHaveLength(5);
  });

  it("says exactly what to change, on the offending group", () => {
    expect(findings(bad.violations, CACHE)).toEqual([
      'cost-cache-node-types → lavish-cache: nodeType is "cache.r7g.xlarge", not allowed in dev; use one of: cache.t4g.micro, cache.t4g.small, cache.t3.micro, cache.t3.small.',
      "elasticache-at-rest-encryption → open-cache: atRestEncryptionEnabled is unset; set it to true (snapshots and swap are then encrypted).",
      "elasticache-auth → open-cache: Neither authToken nor userGroupIds is set, so anyone who reaches port 6379 can read and write; set authToken to a Pulumi secret.",
      "elasticache-multi-az-prod → open-cache: numCacheClusters is 1 (no replica), automaticFailoverEnabled is unset, multiAzEnabled is unset in prod; set numCacheClusters to 2 or more, automaticFailoverEnabled: true and multiAzEnabled: true.",
      'elasticache-transit-encryption → lavish-cache: transitEncryptionMode is "preferred", which still accepts plaintext clients; set it to "required".',
      "elasticache-transit-encryption → open-cache: transitEncryptionEnabled is unset; set it to true so clients and replicas talk TLS.",
    ]);
  });

  it("requires a customer-managed key only when configured to", async () => {
    const awsManagedKey = () =>
      new aws.elasticache.ReplicationGroup(
        "aws-key-cache",
        {
          description: "encrypted with the AWS-managed key",
          nodeType: "cache.t4g.micro",
          transitEncryptionEnabled: true,
          atRestEncryptionEnabled: true,
          authToken: "0123456789abcdef0123456789abcdef",
        },
        { provider: taggedProvider("aws-dev", "dev") },
      );
    const lenient = await judge(awsManagedKey);
    expect(flagged(lenient.violations, ["elasticache-at-rest-encryption"])).toEqual([]);
    const strict = await judge(awsManagedKey, {
      policyConfig: { "elasticache-at-rest-encryption": { requireCustomerManagedKey: true } },
    });
    expect(findings(strict.violations, ["elasticache-at-rest-encryption"])).toEqual([
      "elasticache-at-rest-encryption → aws-key-cache: kmsKeyId is unset, so the AWS-managed key encrypts the data; set it to a customer-managed KMS key ARN.",
    ]);
  });
});
