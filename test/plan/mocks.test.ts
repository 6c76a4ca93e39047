import { describe, expect, it } from "vitest";
import { MOCK_ACCOUNT_ID, mockCall, mockResource } from "../../src/plan/mocks";

const ctx = { region: "eu-west-1" };
function mock(type: string, name: string, inputs: Record<string, unknown> = {}) {
  return mockResource({ type, name, inputs, custom: true }, ctx);
}

describe("mockResource", () => {
  it("auto-names buckets like AWS and builds their ARN and regional domain", () => {
    const { id, state } = mock("aws:s3/bucket:Bucket", "assets", { tags: { a: "b" } });
    expect(id).toMatch(/^assets-[0-9a-f]{7}$/);
    expect(state).toMatchObject({
      bucket: id,
      arn: `arn:aws:s3:::${id}`,
      bucketRegionalDomainName: `${id}.s3.eu-west-1.amazonaws.com`,
      tags: { a: "b" },
    });
    expect(mock("aws:s3/bucket:Bucket", "named", { bucket: "my-bucket" }).id).toBe("my-bucket");
  });

  it("gives CloudFront a cloudfront.net domain and a global ARN", () => {
    const { id, state } = mock("aws:cloudfront/distribution:Distribution", "cdn");
    expect(id).toMatch(/^E[0-9A-F]{13}$/);
    expect(state.domainName).toMatch(/^d[0-9a-f]{13}\.cloudfront\.net$/);
    expect(state.arn).toBe(`arn:aws:cloudfront::${MOCK_ACCOUNT_ID}:distribution/${id}`);
  });

  it("gives network resources AWS-shaped ids in the configured region and account", () => {
    const vpc = mock("aws:ec2/vpc:Vpc", "main");
    expect(vpc.id).toMatch(/^vpc-[0-9a-f]{17}$/);
    expect(vpc.state.arn).toBe(`arn:aws:ec2:eu-west-1:${MOCK_ACCOUNT_ID}:vpc/${vpc.id}`);
    const subnet = mock("aws:ec2/subnet:Subnet", "a", { availabilityZone: "eu-west-1b" });
    expect(subnet.id).toMatch(/^subnet-[0-9a-f]{17}$/);
    expect(subnet.state.availabilityZone).toBe("eu-west-1b");
  });

  it("gives load balancers, target groups and Redis the outputs alarms and URLs are built from", () => {
    const alb = mock("aws:lb/loadBalancer:LoadBalancer", "api-alb");
    expect(alb.state.arnSuffix).toMatch(/^app\/api-alb-[0-9a-f]{7}\/[0-9a-f]{16}$/);
    expect(String(alb.state.arn).endsWith(String(alb.state.arnSuffix))).toBe(true);
    const tg = mock("aws:lb/targetGroup:TargetGroup", "api-tg");
    expect(tg.state.arnSuffix).toMatch(/^targetgroup\/api-tg-[0-9a-f]{7}\/[0-9a-f]{16}$/);
    const redis = mock("aws:elasticache/replicationGroup:ReplicationGroup", "cache");
    expect(redis.id).toMatch(/^cache-[0-9a-f]{7}$/);
    expect(redis.state.primaryEndpointAddress).toMatch(
      new RegExp(`^master\\.${redis.id}\\.[0-9a-f]{6}\\.euwest1\\.cache\\.amazonaws\\.com$`),
    );
  });

  it("is stable: the same name gives the same id", () => {
    expect(mock("aws:ec2/instance:Instance", "web").id).toBe(mock("aws:ec2/instance:Instance", "web").id);
    expect(mock("aws:ec2/instance:Instance", "web").id).not.toBe(mock("aws:ec2/instance:Instance", "api").id);
  });

  it("keeps provider inputs as sent and gives unknown types a generic id and ARN", () => {
    const provider = mock("pulumi:providers:aws", "tagged", { region: "eu-west-1" });
    expect(provider.state).toEqual({ region: "eu-west-1" });
    const other = mock("aws:sns/topic:Topic", "alerts");
    expect(other).toEqual({
      id: "alerts-id",
      state: { arn: `arn:aws:sns:eu-west-1:${MOCK_ACCOUNT_ID}:topic/alerts-id` },
    });
  });
});

describe("EKS-related mocks", () => {
  it("gives an EKS cluster an endpoint, a CA, an OIDC issuer and a cluster security group", () => {
    const { id, state } = mock("aws:eks/cluster:Cluster", "eks", { name: "openclaw-dev", version: "1.35" });
    expect(id).toBe("openclaw-dev");
    expect(state.endpoint).toMatch(/^https:\/\/[0-9A-F]{32}\.gr7\.eu-west-1\.eks\.amazonaws\.com$/);
    const host = String(state.endpoint).slice(8, 40);
    expect(state.identities).toEqual([
      { oidcs: [{ issuer: `https://oidc.eks.eu-west-1.amazonaws.com/id/${host}` }] },
    ]);
    expect(state.vpcConfig).toMatchObject({
      clusterSecurityGroupId: expect.stringMatching(/^sg-[0-9a-f]{17}$/),
    });
  });

  it("names an OIDC provider's ARN after its issuer, and gives SQS queues a URL id and an ARN", () => {
    const oidc = mock("aws:iam/openIdConnectProvider:OpenIdConnectProvider", "oidc", {
      url: "https://oidc.eks.eu-west-1.amazonaws.com/id/ABC",
    });
    expect(oidc.state.arn).toBe(
      `arn:aws:iam::${MOCK_ACCOUNT_ID}:oidc-provider/oidc.eks.eu-west-1.amazonaws.com/id/ABC`,
    );
    const queue = mock("aws:sqs/queue:Queue", "drain");
    expect(queue.id).toMatch(
      new RegExp(`^https://sqs\\.eu-west-1\\.amazonaws\\.com/${MOCK_ACCOUNT_ID}/drain-[0-9a-f]{7}$`),
    );
    expect(queue.state.arn).toBe(`arn:aws:sqs:eu-west-1:${MOCK_ACCOUNT_ID}:${queue.state.name}`);
  });

  it("answers AMI parameters from SSM with a stable, AMI-shaped id per parameter", () => {
    const ami = (name: string) =>
      mockCall({ token: "aws:ssm/getParameter:getParameter", inputs: { name } }, ctx);
    const eks135 = ami(
      "/aws/service/eks/optimized-ami/1.35/amazon-linux-2023/x86_64/standard/recommended/image_id",
    );
    expect(eks135.value).toMatch(/^ami-[0-9a-f]{17}$/);
    expect(eks135.value).toBe(
      ami("/aws/service/eks/optimized-ami/1.35/amazon-linux-2023/x86_64/standard/recommended/image_id").value,
    );
    expect(
      ami("/aws/service/eks/optimized-ami/1.34/amazon-linux-2023/x86_64/standard/recommended/image_id").value,
    ).not.toBe(eks135.value);
    expect(ami("/openclaw/feature-flag").value).toBe("mock-value-of-/openclaw/feature-flag");
  });
});

describe("mockCall", () => {
  it("answers region, identity and availability zones from the context", () => {
    expect(mockCall({ token: "aws:index/getRegion:getRegion", inputs: {} }, ctx)).toMatchObject({
      name: "eu-west-1",
    });
    expect(
      mockCall({ token: "aws:index/getCallerIdentity:getCallerIdentity", inputs: {} }, ctx),
    ).toMatchObject({
      accountId: MOCK_ACCOUNT_ID,
    });
    expect(
      mockCall({ token: "aws:index/getAvailabilityZones:getAvailabilityZones", inputs: {} }, ctx).names,
    ).toEqual(["eu-west-1a", "eu-west-1b", "eu-west-1c"]);
  });

  it("answers the load balancer's lookups: CloudFront's prefix list and the region's ELB log account", () => {
    const list = mockCall(
      {
        token: "aws:ec2/getManagedPrefixList:getManagedPrefixList",
        inputs: { name: "com.amazonaws.global.cloudfront.origin-facing" },
      },
      ctx,
    );
    expect(list).toMatchObject({
      id: expect.stringMatching(/^pl-[0-9a-f]{8}$/),
      name: "com.amazonaws.global.cloudfront.origin-facing",
    });
    expect(mockCall({ token: "aws:elb/getServiceAccount:getServiceAccount", inputs: {} }, ctx)).toEqual({
      id: "156460612806",
      arn: "arn:aws:iam::156460612806:root",
    });
  });

  it("echoes the inputs of calls it doesn't know", () => {
    expect(mockCall({ token: "aws:foo/getBar:getBar", inputs: { x: 1 } }, ctx)).toEqual({ x: 1 });
  });
});

describe("AWS-shaped ids for zones, load balancers and policy documents", () => {
  it("derives zone IDs from the region as AWS writes them", () => {
    const zoneIds = (region: string) =>
      mockCall({ token: "aws:index/getAvailabilityZones:getAvailabilityZones", inputs: {} }, { region })
        .zoneIds;
    expect(zoneIds("us-east-1")).toEqual(["use1-az1", "use1-az2", "use1-az3"]);
    expect(zoneIds("eu-west-1")).toEqual(["euw1-az1", "euw1-az2", "euw1-az3"]);
    expect(zoneIds("ap-southeast-2")).toEqual(["apse2-az1", "apse2-az2", "apse2-az3"]);
    expect(zoneIds("us-gov-west-1")).toEqual(["usgw1-az1", "usgw1-az2", "usgw1-az3"]);
  });

  it("mocks a network load balancer as one, and an application one by default", () => {
    const nlb = mock("aws:lb/loadBalancer:LoadBalancer", "gw", { name: "gw", loadBalancerType: "network" });
    expect(nlb.id).toMatch(
      new RegExp(
        `^arn:aws:elasticloadbalancing:eu-west-1:${MOCK_ACCOUNT_ID}:loadbalancer/net/gw/[0-9a-f]{16}$`,
      ),
    );
    expect(nlb.state.loadBalancerType).toBe("network");
    expect(nlb.state.dnsName).toMatch(/^gw-[0-9a-f]{16}\.elb\.eu-west-1\.amazonaws\.com$/);
    const alb = mock("aws:lb/loadBalancer:LoadBalancer", "web", { name: "web" });
    expect(alb.id).toContain(":loadbalancer/app/web/");
    expect(alb.state).toMatchObject({ loadBalancerType: "application" });
    expect(alb.state.dnsName).toMatch(/^web-\d+\.eu-west-1\.elb\.amazonaws\.com$/);
  });

  it("answers getPolicyDocument with IAM JSON, not the input shape", () => {
    const result = mockCall(
      {
        token: "aws:iam/getPolicyDocument:getPolicyDocument",
        inputs: {
          statements: [
            { effect: "Deny", principals: [{ type: "*", identifiers: ["*"] }], actions: ["s3:*"] },
          ],
        },
      },
      ctx,
    );
    expect(JSON.parse(String(result.json))).toEqual({
      Version: "2012-10-17",
      Statement: [{ Effect: "Deny", Principal: "*", Action: "s3:*" }],
    });
  });
});
