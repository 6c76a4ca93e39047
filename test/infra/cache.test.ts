import * as pulumi from "@pulumi/pulumi";
import { describe, expect, it } from "vitest";
import { AUTH_TOKEN_PATTERN, Cache, type CacheArgs, validateCacheArgs } from "../../infra/cache";
import { evaluate, input, ofType, onlyOfType } from "./helpers";

const base: CacheArgs = {
  vpcId: "vpc-1",
  subnetIds: ["subnet-a", "subnet-b"],
  clientSecurityGroupIds: ["sg-nodes"],
  kmsKeyArn: "arn:aws:kms:us-east-1:123456789012:key/k",
};
const GROUP = "aws:elasticache/replicationGroup:ReplicationGroup";

describe("Cache under mocks", () => {
  it("is one small node by default: TLS, encrypted at rest with the given key, AUTH required, private subnets", async () => {
    const result = await evaluate(
      () => new Cache("cache", { ...base, authToken: pulumi.secret("a".repeat(32)) }),
    );
    const group = onlyOfType(result, GROUP);
    expect(group.inputs).toMatchObject({
      engine: "redis",
      nodeType: "cache.t4g.micro",
      port: 6379,
      numCacheClusters: 1,
      automaticFailoverEnabled: false,
      multiAzEnabled: false,
      transitEncryptionEnabled: true,
      atRestEncryptionEnabled: true,
      kmsKeyId: base.kmsKeyArn,
      authToken: "a".repeat(32),
      authTokenUpdateStrategy: "ROTATE",
    });
    expect(input(onlyOfType(result, "aws:elasticache/subnetGroup:SubnetGroup"), "subnetIds")).toEqual(
      base.subnetIds,
    );
    // A token given by the caller is used as is: nothing is stored in SSM.
    expect(ofType(result, "aws:ssm/parameter:Parameter")).toEqual([]);
  });

  it("admits Redis only from the client security groups and opens nothing outbound", async () => {
    const result = await evaluate(() => new Cache("cache", base));
    const sg = onlyOfType(result, "aws:ec2/securityGroup:SecurityGroup");
    expect(sg.inputs.ingress).toEqual([
      {
        description: "Redis (TLS) from the clients",
        protocol: "tcp",
        fromPort: 6379,
        toPort: 6379,
        securityGroups: ["sg-nodes"],
      },
    ]);
    expect(sg.inputs.egress).toEqual([]);
  });

  it("with a replica: multi-AZ with automatic failover, one member id per node", async () => {
    let ids: string[] = [];
    const result = await evaluate(() => {
      const cache = new Cache("cache", { ...base, replicas: 1, nodeType: "cache.t4g.medium" });
      pulumi.all(cache.memberClusterIds).apply((v) => {
        ids = v;
      });
    });
    expect(onlyOfType(result, GROUP).inputs).toMatchObject({
      numCacheClusters: 2,
      automaticFailoverEnabled: true,
      multiAzEnabled: true,
      nodeType: "cache.t4g.medium",
    });
    expect(ids).toEqual([
      expect.stringMatching(/^cache-redis-[0-9a-f]+-001$/),
      expect.stringMatching(/-002$/),
    ]);
  });

  it("without a token: generates one, keeps it in an SSM SecureString that later runs never change, and builds a rediss:// URL", async () => {
    let url = "";
    const result = await evaluate(() => {
      const cache = new Cache("cache", base);
      cache.url.apply((u) => {
        url = u;
      });
    });
    const parameter = onlyOfType(result, "aws:ssm/parameter:Parameter");
    expect(parameter.inputs).toMatchObject({ type: "SecureString", keyId: base.kmsKeyArn });
    const token = parameter.inputs.value as string;
    expect(token).toMatch(/^[0-9a-f]{64}$/);
    expect(AUTH_TOKEN_PATTERN.test(token)).toBe(true);
    expect(onlyOfType(result, GROUP).inputs.authToken).toBe(token);
    expect(url).toMatch(
      new RegExp(
        `^rediss://:${token}@master\\.cache-redis-[0-9a-f]+\\.[0-9a-f]+\\.useast1\\.cache\\.amazonaws\\.com:6379$`,
      ),
    );
  });
});

describe("Cache arguments", () => {
  it("names every bad argument and never echoes a token", () => {
    const issues = validateCacheArgs({
      ...base,
      subnetIds: ["subnet-a"],
      clientSecurityGroupIds: [],
      nodeType: "t4g.micro",
      replicas: 9,
      authToken: "short secret",
      snapshotRetentionDays: 40,
    });
    expect(issues.map((i) => i.reason)).toEqual([
      "subnetIds must list at least 2 private subnets in different AZs; got 1",
      "clientSecurityGroupIds must list at least one client security group; got []",
      'nodeType must be an ElastiCache node type like cache.t4g.micro; got "t4g.micro"',
      "replicas must be a whole number from 0 to 5; got 9",
      "authToken must be 16-128 printable characters without spaces, '\"', '/' or '@'; got 12 characters",
      "snapshotRetentionDays must be a whole number from 0 to 35; got 40",
    ]);
    expect(issues.map((i) => i.reason).join(" ")).not.toContain("short secret");
  });
});
