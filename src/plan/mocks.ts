import { createHash } from "node:crypto";
import type * as pulumi from "@pulumi/pulumi";
import { renderPolicyDocument } from "./policy-document";

/** The account every mocked ARN belongs to (AWS's documentation account). */
export const MOCK_ACCOUNT_ID = "123456789012";

export interface MockContext {
  /** Region used in ARNs, domains and availability zones. */
  readonly region: string;
}

type State = Record<string, unknown>;

/** Stable hex derived from a resource name, so two runs of one program produce the same ids. */
function hexOf(seed: string, length: number): string {
  return createHash("sha1").update(seed).digest("hex").slice(0, length);
}

function stringInput(inputs: State, key: string): string | undefined {
  const value = inputs[key];
  return typeof value === "string" && value !== "" ? value : undefined;
}

/** Physical name as AWS would auto-name it: `<logical name>-<7 hex>`. */
function autoName(name: string): string {
  return `${name}-${hexOf(`auto:${name}`, 7)}`;
}

function arn(ctx: MockContext, service: string, resource: string, global = false): string {
  return `arn:aws:${service}:${global ? "" : ctx.region}:${MOCK_ACCOUNT_ID}:${resource}`;
}

interface MockOutcome {
  id: string;
  extra: State;
}

type TypeMock = (name: string, inputs: State, ctx: MockContext) => MockOutcome;

function prefixedId(prefix: string, name: string): string {
  return `${prefix}-${hexOf(`${prefix}:${name}`, 17)}`;
}

function ec2Resource(prefix: string, kind: string): TypeMock {
  return (name, _inputs, ctx) => {
    const id = prefixedId(prefix, name);
    return { id, extra: { arn: arn(ctx, "ec2", `${kind}/${id}`), ownerId: MOCK_ACCOUNT_ID } };
  };
}

function bucketMock(name: string, inputs: State, ctx: MockContext): MockOutcome {
  const bucket = stringInput(inputs, "bucket") ?? autoName(name);
  return {
    id: bucket,
    extra: {
      bucket,
      arn: `arn:aws:s3:::${bucket}`,
      bucketDomainName: `${bucket}.s3.amazonaws.com`,
      bucketRegionalDomainName: `${bucket}.s3.${ctx.region}.amazonaws.com`,
      hostedZoneId: "Z3AQBSTGFYJSTF",
      region: ctx.region,
    },
  };
}

function distributionMock(name: string, _inputs: State, ctx: MockContext): MockOutcome {
  const id = `E${hexOf(`cf:${name}`, 13).toUpperCase()}`;
  return {
    id,
    extra: {
      arn: arn(ctx, "cloudfront", `distribution/${id}`, true),
      domainName: `d${hexOf(`cfd:${name}`, 13)}.cloudfront.net`,
      hostedZoneId: "Z2FDTNDATAQYW2",
      status: "Deployed",
      etag: hexOf(`etag:${name}`, 14).toUpperCase(),
    },
  };
}

function subnetMock(name: string, inputs: State, ctx: MockContext): MockOutcome {
  const id = prefixedId("subnet", name);
  return {
    id,
    extra: {
      arn: arn(ctx, "ec2", `subnet/${id}`),
      availabilityZone: stringInput(inputs, "availabilityZone") ?? `${ctx.region}a`,
      ownerId: MOCK_ACCOUNT_ID,
    },
  };
}

function instanceMock(name: string, inputs: State, ctx: MockContext): MockOutcome {
  const id = prefixedId("i", name);
  const octet = Number.parseInt(hexOf(`ip:${name}`, 2), 16);
  return {
    id,
    extra: {
      arn: arn(ctx, "ec2", `instance/${id}`),
      privateIp: `10.0.${octet}.10`,
      privateDns: `ip-10-0-${octet}-10.${ctx.region}.compute.internal`,
      availabilityZone: stringInput(inputs, "availabilityZone") ?? `${ctx.region}a`,
      instanceState: "running",
    },
  };
}

function namedArnMock(service: string, kind: string, global = false): TypeMock {
  return (name, inputs, ctx) => {
    const physical = stringInput(inputs, "name") ?? autoName(name);
    return { id: physical, extra: { name: physical, arn: arn(ctx, service, `${kind}${physical}`, global) } };
  };
}

function clusterMock(name: string, inputs: State, ctx: MockContext): MockOutcome {
  const physical = stringInput(inputs, "name") ?? autoName(name);
  const host = hexOf(`eks:${name}`, 32).toUpperCase();
  return {
    id: physical,
    extra: {
      name: physical,
      arn: arn(ctx, "eks", `cluster/${physical}`),
      endpoint: `https://${host}.gr7.${ctx.region}.eks.amazonaws.com`,
      certificateAuthority: { data: Buffer.from(`mock-ca-${name}`).toString("base64") },
      status: "ACTIVE",
      version: stringInput(inputs, "version") ?? "1.31",
      identities: [{ oidcs: [{ issuer: `https://oidc.eks.${ctx.region}.amazonaws.com/id/${host}` }] }],
      vpcConfig: {
        ...(typeof inputs.vpcConfig === "object" && inputs.vpcConfig !== null ? inputs.vpcConfig : {}),
        clusterSecurityGroupId: prefixedId("sg", `eks-cluster:${name}`),
        vpcId: prefixedId("vpc", `eks:${name}`),
      },
    },
  };
}

/**
 * An application or network load balancer as AWS names it: `loadbalancer/app/...` with a
 * `<name>-<n>.<region>.elb.amazonaws.com` DNS name, or `loadbalancer/net/...` with
 * `<name>-<hex>.elb.<region>.amazonaws.com`.
 */
const ALB_ZONE_IDS: Record<string, string> = { "us-east-1": "Z35SXDOTRQ7X7K", "eu-west-1": "Z32O12XQLNTSW2" };
const NLB_ZONE_IDS: Record<string, string> = { "us-east-1": "Z26RNL4JYFTOTI", "eu-west-1": "Z2IFOLAFXWLO4F" };

function loadBalancerMock(name: string, inputs: State, ctx: MockContext): MockOutcome {
  const physical = stringInput(inputs, "name") ?? autoName(name).slice(0, 32);
  const type = stringInput(inputs, "loadBalancerType") ?? "application";
  const network = type === "network";
  const arnSuffix = `${network ? "net" : "app"}/${physical}/${hexOf(`lb:${name}`, 16)}`;
  const lbArn = arn(ctx, "elasticloadbalancing", `loadbalancer/${arnSuffix}`);
  const dnsName = network
    ? `${physical}-${hexOf(`nlb:${name}`, 16)}.elb.${ctx.region}.amazonaws.com`
    : `${physical}-${Number.parseInt(hexOf(name, 8), 16)}.${ctx.region}.elb.amazonaws.com`;
  return {
    id: lbArn,
    extra: {
      arn: lbArn,
      arnSuffix,
      dnsName,
      loadBalancerType: type,
      // Route 53 alias zone of the region's load balancers (AWS's Elastic Load Balancing endpoints page).
      zoneId: (network ? NLB_ZONE_IDS : ALB_ZONE_IDS)[ctx.region] ?? ALB_ZONE_IDS["us-east-1"],
    },
  };
}

/** Per-type outputs. Types not listed get `<name>-id` and, for aws types, a generic ARN. */
const TYPE_MOCKS: Record<string, TypeMock> = {
  "aws:s3/bucket:Bucket": bucketMock,
  "aws:s3/bucketV2:BucketV2": bucketMock,
  "aws:cloudfront/distribution:Distribution": distributionMock,
  "aws:ec2/vpc:Vpc": ec2Resource("vpc", "vpc"),
  "aws:ec2/subnet:Subnet": subnetMock,
  "aws:ec2/securityGroup:SecurityGroup": ec2Resource("sg", "security-group"),
  "aws:ec2/internetGateway:InternetGateway": ec2Resource("igw", "internet-gateway"),
  "aws:ec2/natGateway:NatGateway": ec2Resource("nat", "natgateway"),
  "aws:ec2/eip:Eip": (name, inputs, ctx) => {
    const outcome = ec2Resource("eipalloc", "elastic-ip")(name, inputs, ctx);
    const octet = Number.parseInt(hexOf(`eip:${name}`, 2), 16);
    return {
      ...outcome,
      extra: { ...outcome.extra, publicIp: `203.0.113.${octet}`, allocationId: outcome.id },
    };
  },
  "aws:ec2/routeTable:RouteTable": ec2Resource("rtb", "route-table"),
  "aws:ec2/launchTemplate:LaunchTemplate": (name, inputs, ctx) => {
    const outcome = ec2Resource("lt", "launch-template")(name, inputs, ctx);
    return { ...outcome, extra: { ...outcome.extra, latestVersion: 1, defaultVersion: 1 } };
  },
  "aws:ec2/instance:Instance": instanceMock,
  "aws:autoscaling/group:Group": (name, inputs, ctx) => {
    const physical = stringInput(inputs, "name") ?? autoName(name);
    return {
      id: physical,
      extra: {
        name: physical,
        arn: arn(ctx, "autoscaling", `autoScalingGroup:${hexOf(name, 8)}:autoScalingGroupName/${physical}`),
      },
    };
  },
  "aws:iam/role:Role": namedArnMock("iam", "role/", true),
  "aws:iam/policy:Policy": namedArnMock("iam", "policy/", true),
  "aws:iam/instanceProfile:InstanceProfile": namedArnMock("iam", "instance-profile/", true),
  "aws:eks/cluster:Cluster": clusterMock,
  "aws:iam/openIdConnectProvider:OpenIdConnectProvider": (name, inputs, ctx) => {
    const host = (stringInput(inputs, "url") ?? `https://oidc.${name}`).replace(/^https:\/\//, "");
    const id = arn(ctx, "iam", `oidc-provider/${host}`, true);
    return { id, extra: { arn: id } };
  },
  "aws:sqs/queue:Queue": (name, inputs, ctx) => {
    const physical = stringInput(inputs, "name") ?? autoName(name);
    const url = `https://sqs.${ctx.region}.amazonaws.com/${MOCK_ACCOUNT_ID}/${physical}`;
    return {
      id: url,
      extra: { name: physical, url, arn: `arn:aws:sqs:${ctx.region}:${MOCK_ACCOUNT_ID}:${physical}` },
    };
  },
  "aws:kms/key:Key": (name, _inputs, ctx) => {
    const id = `${hexOf(`kms:${name}`, 8)}-${hexOf(`kms2:${name}`, 4)}-4${hexOf(`kms3:${name}`, 3)}-8${hexOf(`kms4:${name}`, 3)}-${hexOf(`kms5:${name}`, 12)}`;
    return { id, extra: { keyId: id, arn: arn(ctx, "kms", `key/${id}`) } };
  },
  "aws:lb/loadBalancer:LoadBalancer": loadBalancerMock,
  "aws:lb/targetGroup:TargetGroup": (name, inputs, ctx) => {
    const physical = stringInput(inputs, "name") ?? autoName(name).slice(0, 32);
    const suffix = hexOf(`tg:${name}`, 16);
    const tgArn = arn(ctx, "elasticloadbalancing", `targetgroup/${physical}/${suffix}`);
    return {
      id: tgArn,
      extra: { arn: tgArn, arnSuffix: `targetgroup/${physical}/${suffix}`, name: physical },
    };
  },
  "aws:elasticache/replicationGroup:ReplicationGroup": (name, inputs, ctx) => {
    const id = stringInput(inputs, "replicationGroupId") ?? autoName(name).slice(0, 40);
    const host = `master.${id}.${hexOf(`ec:${name}`, 6)}.${ctx.region.replace(/-/g, "")}.cache.amazonaws.com`;
    return {
      id,
      extra: { arn: arn(ctx, "elasticache", `replicationgroup:${id}`), primaryEndpointAddress: host },
    };
  },
  "aws:cloudwatch/dashboard:Dashboard": (name, inputs, ctx) => {
    const physical = stringInput(inputs, "dashboardName") ?? autoName(name);
    return { id: physical, extra: { dashboardArn: arn(ctx, "cloudwatch", `dashboard/${physical}`, true) } };
  },
};

/** Turns `aws:s3/bucketPolicy:BucketPolicy` into a plausible ARN for types without a specific mock. */
function genericArn(type: string, id: string, ctx: MockContext): string | undefined {
  const match = /^aws:([a-z0-9]+)\/([A-Za-z0-9]+):/.exec(type);
  if (!match) return undefined;
  return arn(ctx, match[1] ?? "aws", `${(match[2] ?? "resource").toLowerCase()}/${id}`);
}

/** Computes the mocked id and state for one registration: the program's inputs plus provider-set outputs. */
export function mockResource(
  args: pulumi.runtime.MockResourceArgs,
  ctx: MockContext,
): { id: string; state: State } {
  const inputs: State = { ...(args.inputs as State) };
  if (args.type.startsWith("pulumi:providers:")) {
    return { id: `${hexOf(`provider:${args.name}`, 8)}-provider`, state: inputs };
  }
  const typeMock = TYPE_MOCKS[args.type];
  if (typeMock) {
    const { id, extra } = typeMock(args.name, inputs, ctx);
    return { id, state: { ...inputs, ...extra } };
  }
  const id = args.id && args.id !== "" ? args.id : `${args.name}-id`;
  const fallbackArn = genericArn(args.type, id, ctx);
  return { id, state: fallbackArn && inputs.arn === undefined ? { ...inputs, arn: fallbackArn } : inputs };
}

/** Compass words as zone IDs abbreviate them (us-east-1 → use1, ap-southeast-2 → apse2, us-gov-west-1 → usgw1). */
const REGION_WORDS: Record<string, string> = {
  north: "n",
  south: "s",
  east: "e",
  west: "w",
  central: "c",
  northeast: "ne",
  northwest: "nw",
  southeast: "se",
  southwest: "sw",
  gov: "g",
};

/** The prefix of a region's zone IDs: `use1` for us-east-1, `euw1` for eu-west-1. */
export function zoneIdPrefix(region: string): string {
  const parts = region.split("-");
  const geography = parts[0] ?? region;
  const words = parts.slice(1, -1).map((word) => REGION_WORDS[word] ?? word.charAt(0));
  return `${geography}${words.join("")}${parts.length > 1 ? parts[parts.length - 1] : ""}`;
}

/** ELB log-delivery accounts of the regions the platform prices (AWS's access-log documentation). */
const ELB_ACCOUNTS: Record<string, string> = {
  "us-east-1": "127311923021",
  "us-east-2": "033677994240",
  "us-west-2": "797873946194",
  "eu-west-1": "156460612806",
  "eu-central-1": "054676820928",
};

function availabilityZones(region: string): State {
  const letters = ["a", "b", "c"];
  return {
    id: region,
    names: letters.map((l) => `${region}${l}`),
    zoneIds: letters.map((_, i) => `${zoneIdPrefix(region)}-az${i + 1}`),
    state: "available",
  };
}

/**
 * A public SSM parameter as SSM answers it. AMI parameters (`…/image_id`, as for EKS-optimized AMIs)
 * resolve to an AMI-shaped id derived from the name, so two runs agree and two AMIs differ.
 */
function ssmParameter(name: string, ctx: MockContext): State {
  const value = /(image_id|ami)/.test(name) ? `ami-${hexOf(`ssm:${name}`, 17)}` : `mock-value-of-${name}`;
  return {
    id: name,
    name,
    arn: arn(ctx, "ssm", `parameter${name.startsWith("/") ? "" : "/"}${name}`),
    type: "String",
    value,
    insecureValue: value,
    version: 1,
    withDecryption: true,
  };
}

/** Answers the data-source calls programs commonly make. Unknown calls echo their inputs. */
export function mockCall(args: pulumi.runtime.MockCallArgs, ctx: MockContext): State {
  const inputs = args.inputs as State;
  switch (args.token) {
    case "aws:index/getRegion:getRegion":
      return {
        id: ctx.region,
        name: ctx.region,
        region: ctx.region,
        endpoint: `ec2.${ctx.region}.amazonaws.com`,
      };
    case "aws:index/getCallerIdentity:getCallerIdentity":
      return {
        id: MOCK_ACCOUNT_ID,
        accountId: MOCK_ACCOUNT_ID,
        arn: `arn:aws:iam::${MOCK_ACCOUNT_ID}:user/openclaw-plan`,
        userId: "AIDAMOCKUSERID",
      };
    case "aws:index/getPartition:getPartition":
      return { id: "aws", partition: "aws", dnsSuffix: "amazonaws.com", reverseDnsPrefix: "com.amazonaws" };
    case "aws:index/getAvailabilityZones:getAvailabilityZones":
      return availabilityZones(ctx.region);
    case "aws:ec2/getAmi:getAmi":
      return {
        ...inputs,
        id: "ami-0abcdef1234567890",
        architecture: "x86_64",
        imageId: "ami-0abcdef1234567890",
      };
    case "aws:ec2/getManagedPrefixList:getManagedPrefixList": {
      const name = typeof inputs.name === "string" ? inputs.name : "prefix-list";
      const id = `pl-${hexOf(`pl:${ctx.region}:${name}`, 8)}`;
      return { id, name, arn: arn(ctx, "ec2", `prefix-list/${id}`), addressFamily: "IPv4", maxEntries: 55 };
    }
    case "aws:elb/getServiceAccount:getServiceAccount": {
      // The region's Elastic Load Balancing account, as AWS lists it for access-log delivery.
      const account = ELB_ACCOUNTS[ctx.region] ?? MOCK_ACCOUNT_ID;
      return { id: account, arn: `arn:aws:iam::${account}:root` };
    }
    case "aws:ssm/getParameter:getParameter":
      return ssmParameter(String(inputs.name ?? ""), ctx);
    case "aws:iam/getPolicyDocument:getPolicyDocument":
      return { id: "policy-document", json: renderPolicyDocument(inputs) };
    default:
      return inputs;
  }
}

/** The `pulumi.runtime.Mocks` object for one evaluation. */
export function createMocks(ctx: MockContext): pulumi.runtime.Mocks {
  return {
    newResource: (args) => mockResource(args, ctx),
    call: (args) => mockCall(args, ctx),
  };
}
