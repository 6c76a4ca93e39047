import { describe, expect, it } from "vitest";
import { Network, validateNetworkArgs } from "../../infra/network";
import { evaluate, input, named, ofType, onlyOfType } from "./helpers";

const AZS = ["us-east-1a", "us-east-1b", "us-east-1c"];

describe("Network under mocks", () => {
  it("spreads a public and a private subnet over every AZ, none mapping public IPs", async () => {
    const result = await evaluate(() => new Network("net", { availabilityZones: AZS }));
    const subnets = ofType(result, "aws:ec2/subnet:Subnet");
    expect(subnets.map((s) => s.name).sort()).toEqual([
      "net-private-us-east-1a",
      "net-private-us-east-1b",
      "net-private-us-east-1c",
      "net-public-us-east-1a",
      "net-public-us-east-1b",
      "net-public-us-east-1c",
    ]);
    expect(new Set(subnets.map((s) => s.inputs.availabilityZone))).toEqual(new Set(AZS));
    expect(subnets.every((s) => s.inputs.mapPublicIpOnLaunch === false)).toBe(true);
    expect(input(named(result, "net-private-us-east-1b"), "cidrBlock")).toBe("10.0.32.0/19");
    expect(onlyOfType(result, "aws:ec2/vpc:Vpc").inputs.cidrBlock).toBe("10.0.0.0/16");
  });

  it("one-per-az (the default): a NAT gateway per AZ, each private route table using its own AZ's NAT", async () => {
    const result = await evaluate(() => new Network("net", { availabilityZones: AZS }));
    const nats = ofType(result, "aws:ec2/natGateway:NatGateway");
    expect(nats).toHaveLength(3);
    expect(nats.map((n) => n.name.replace("net-nat-", "")).sort()).toEqual(AZS);
    // Every NAT sits in the public subnet of its AZ.
    const publicSubnetIds = new Map(
      ofType(result, "aws:ec2/subnet:Subnet").map((s) => [s.name, s.urn] as const),
    );
    for (const nat of nats) {
      const az = nat.name.replace("net-nat-", "");
      expect(nat.propertyDependencies?.subnetId).toEqual([publicSubnetIds.get(`net-public-${az}`)]);
    }
    const privateRoutes = ofType(result, "aws:ec2/route:Route").filter((r) =>
      r.name.startsWith("net-private-default-route"),
    );
    expect(privateRoutes).toHaveLength(3);
    for (const route of privateRoutes) {
      const az = route.name.replace("net-private-default-route-", "");
      expect(route.propertyDependencies?.natGatewayId).toEqual([named(result, `net-nat-${az}`).urn]);
    }
  });

  it("single: exactly one NAT gateway, in the first AZ, shared by every private subnet", async () => {
    const result = await evaluate(
      () => new Network("net", { availabilityZones: AZS, natGateways: "single" }),
    );
    const nats = ofType(result, "aws:ec2/natGateway:NatGateway");
    expect(nats.map((n) => n.name)).toEqual(["net-nat-us-east-1a"]);
    expect(ofType(result, "aws:ec2/eip:Eip")).toHaveLength(1);
    const privateRoutes = ofType(result, "aws:ec2/route:Route").filter((r) =>
      r.name.startsWith("net-private-default-route"),
    );
    expect(privateRoutes).toHaveLength(3);
    for (const route of privateRoutes)
      expect(route.propertyDependencies?.natGatewayId).toEqual([nats[0]?.urn]);
  });

  it("sends VPC flow logs to a CloudWatch log group with retention", async () => {
    const result = await evaluate(
      () => new Network("net", { availabilityZones: AZS, flowLogRetentionDays: 90 }),
    );
    const group = onlyOfType(result, "aws:cloudwatch/logGroup:LogGroup");
    expect(group.inputs.retentionInDays).toBe(90);
    const flowLog = onlyOfType(result, "aws:ec2/flowLog:FlowLog");
    expect(flowLog.inputs).toMatchObject({ trafficType: "ALL", logDestinationType: "cloud-watch-logs" });
    expect(flowLog.propertyDependencies?.logDestination).toEqual([group.urn]);
    expect(flowLog.propertyDependencies?.vpcId).toEqual([onlyOfType(result, "aws:ec2/vpc:Vpc").urn]);
  });

  it("parents every child to the component and names it after the component", async () => {
    const result = await evaluate(() => new Network("net", { availabilityZones: AZS.slice(0, 2) }));
    const component = onlyOfType(result, "openclaw:infra:Network");
    const children = result.resources.filter((r) => r.custom && !r.type.startsWith("pulumi:"));
    expect(children.length).toBeGreaterThan(10);
    for (const child of children) {
      expect(child.parent).toBe(component.urn);
      expect(child.name.startsWith("net-")).toBe(true);
    }
  });
});

describe("Network arguments", () => {
  it("rejects malformed, repeated or missing AZs, naming the argument and value", () => {
    expect(() => new Network("bad", { availabilityZones: [] })).toThrow(
      'Network "bad": availabilityZones must list at least one availability zone; got []',
    );
    expect(validateNetworkArgs({ availabilityZones: ["us-east-1a", "useast1b"] })[0]?.reason).toBe(
      'availabilityZones must hold AZ names like us-east-1a; got ["useast1b"]',
    );
    expect(validateNetworkArgs({ availabilityZones: ["us-east-1a", "us-east-1a"] })[0]?.reason).toBe(
      'availabilityZones must not repeat an AZ; got ["us-east-1a"]',
    );
  });

  it("rejects a bad CIDR, NAT strategy or retention", () => {
    const issues = validateNetworkArgs({
      availabilityZones: ["us-east-1a", "us-east-1b"],
      cidrBlock: "10.0.0.1/16",
      natGateways: "two" as "single",
      flowLogRetentionDays: 10,
    });
    expect(issues.map((i) => i.propertyPath)).toEqual(["cidrBlock", "natGateways", "flowLogRetentionDays"]);
    expect(issues[0]?.reason).toBe(
      'cidrBlock has host bits set (did you mean 10.0.0.0/16?); got "10.0.0.1/16"',
    );
    expect(issues[2]?.reason).toMatch(/^flowLogRetentionDays must be one of 1, 3, 5, 7, 14, 30.*; got 10$/);
  });

  it("throws InputPropertyError with the property path", () => {
    try {
      new Network("bad", { availabilityZones: ["us-east-1a"], cidrBlock: "10.0.0.0/27" });
      expect.unreachable();
    } catch (e) {
      expect((e as { propertyPath?: string }).propertyPath).toBe("cidrBlock");
      expect((e as Error).message).toMatch(
        /^Network "bad": cidrBlock cannot be split: VPC CIDR 10.0.0.0\/27 is too small/,
      );
    }
  });
});
