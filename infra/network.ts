import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { type ArgIssue, argIssue, throwIfArgIssues } from "./arg-errors";
import { type NatStrategy, natGatewayAzs, natRouting, parseCidr, planSubnets } from "./cidr";

/** CloudWatch Logs accepts only these retention periods (days). */
export const LOG_RETENTION_DAYS = [
  1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653,
] as const;

export interface NetworkArgs {
  /**
   * Availability zones to spread over, e.g. `["us-east-1a", "us-east-1b"]`. A plain list (not an Input):
   * it decides how many subnets, route tables and NAT gateways exist. At least 2 for an ASG-ready network.
   */
  readonly availabilityZones: readonly string[];
  /**
   * The VPC's IPv4 block, /16 to /28. Private subnets take its lower half, public subnets a quarter of
   * that size each from its upper half (see `planSubnets`).
   * @default "10.0.0.0/16"
   */
  readonly cidrBlock?: string;
  /**
   * `single`: one NAT gateway in the first AZ (about $33/month each, the cheap choice outside prod).
   * `one-per-az`: one per AZ, so an AZ outage never cuts another AZ's egress.
   * @default "one-per-az"
   */
  readonly natGateways?: NatStrategy;
  /**
   * Days to keep VPC flow logs in CloudWatch Logs; must be a value CloudWatch accepts (1, 3, 5, 7, 14, 30, ...).
   * @default 30
   */
  readonly flowLogRetentionDays?: number;
  /**
   * Customer-managed KMS key for the flow-log group; its key policy must allow the
   * `logs.<region>.amazonaws.com` service principal.
   * @default undefined (CloudWatch Logs' own encryption)
   */
  readonly flowLogKmsKeyArn?: pulumi.Input<string>;
  /**
   * Which traffic the flow log records.
   * @default "ALL"
   */
  readonly flowLogTrafficType?: "ACCEPT" | "REJECT" | "ALL";
}

/** A VPC with public and private subnets in every AZ, NAT egress and flow logs to CloudWatch. */
export class Network extends pulumi.ComponentResource {
  readonly vpcId: pulumi.Output<string>;
  readonly cidrBlock: string;
  readonly availabilityZones: readonly string[];
  /** Private subnet ids in AZ order: where compute pools go. */
  readonly privateSubnetIds: pulumi.Output<string>[];
  /** Public subnet ids in AZ order: NAT gateways and internet-facing load balancers only. */
  readonly publicSubnetIds: pulumi.Output<string>[];
  readonly natGatewayIds: pulumi.Output<string>[];
  readonly flowLogGroupName: pulumi.Output<string>;

  constructor(name: string, args: NetworkArgs, opts?: pulumi.ComponentResourceOptions) {
    super("openclaw:infra:Network", name, {}, opts);

    const cidrBlock = args.cidrBlock ?? "10.0.0.0/16";
    const natStrategy = args.natGateways ?? "one-per-az";
    const retentionInDays = args.flowLogRetentionDays ?? 30;
    throwIfArgIssues(
      `Network "${name}"`,
      validateNetworkArgs({ ...args, cidrBlock, flowLogRetentionDays: retentionInDays }),
    );

    const plan = planSubnets(cidrBlock, args.availabilityZones);
    const vpc = new aws.ec2.Vpc(
      `${name}-vpc`,
      { cidrBlock, enableDnsHostnames: true, enableDnsSupport: true, tags: { Name: `${name}-vpc` } },
      { parent: this },
    );
    // The default security group allows all traffic between its members; leave it with no rules so
    // nothing can use it by accident (CIS 5.4).
    new aws.ec2.DefaultSecurityGroup(
      `${name}-default-sg`,
      { vpcId: vpc.id, tags: { Name: `${name}-default-sg` } },
      { parent: this },
    );

    const igw = new aws.ec2.InternetGateway(
      `${name}-igw`,
      { vpcId: vpc.id, tags: { Name: `${name}-igw` } },
      { parent: this },
    );
    const publicRoutes = new aws.ec2.RouteTable(
      `${name}-public-rt`,
      { vpcId: vpc.id, tags: { Name: `${name}-public-rt` } },
      { parent: this },
    );
    new aws.ec2.Route(
      `${name}-public-default-route`,
      { routeTableId: publicRoutes.id, destinationCidrBlock: "0.0.0.0/0", gatewayId: igw.id },
      { parent: this },
    );

    const publicSubnets = new Map<string, aws.ec2.Subnet>();
    const privateSubnets = new Map<string, aws.ec2.Subnet>();
    for (const { availabilityZone: az, publicCidr, privateCidr } of plan) {
      const pub = new aws.ec2.Subnet(
        `${name}-public-${az}`,
        {
          vpcId: vpc.id,
          availabilityZone: az,
          cidrBlock: publicCidr,
          // Nothing we launch should get a public IP implicitly; NAT gateways use Elastic IPs.
          mapPublicIpOnLaunch: false,
          tags: { Name: `${name}-public-${az}`, tier: "public" },
        },
        { parent: this },
      );
      new aws.ec2.RouteTableAssociation(
        `${name}-public-rta-${az}`,
        { subnetId: pub.id, routeTableId: publicRoutes.id },
        { parent: this },
      );
      publicSubnets.set(az, pub);

      const priv = new aws.ec2.Subnet(
        `${name}-private-${az}`,
        {
          vpcId: vpc.id,
          availabilityZone: az,
          cidrBlock: privateCidr,
          mapPublicIpOnLaunch: false,
          tags: { Name: `${name}-private-${az}`, tier: "private" },
        },
        { parent: this },
      );
      privateSubnets.set(az, priv);
    }

    const natGateways = new Map<string, aws.ec2.NatGateway>();
    for (const az of natGatewayAzs(natStrategy, args.availabilityZones)) {
      const eip = new aws.ec2.Eip(
        `${name}-nat-eip-${az}`,
        { domain: "vpc", tags: { Name: `${name}-nat-${az}` } },
        { parent: this },
      );
      const nat = new aws.ec2.NatGateway(
        `${name}-nat-${az}`,
        {
          allocationId: eip.id,
          subnetId: mustGet(publicSubnets, az).id,
          tags: { Name: `${name}-nat-${az}` },
        },
        { parent: this, dependsOn: [igw] },
      );
      natGateways.set(az, nat);
    }

    for (const [az, natAz] of natRouting(natStrategy, args.availabilityZones)) {
      const routes = new aws.ec2.RouteTable(
        `${name}-private-rt-${az}`,
        { vpcId: vpc.id, tags: { Name: `${name}-private-rt-${az}` } },
        { parent: this },
      );
      new aws.ec2.Route(
        `${name}-private-default-route-${az}`,
        {
          routeTableId: routes.id,
          destinationCidrBlock: "0.0.0.0/0",
          natGatewayId: mustGet(natGateways, natAz).id,
        },
        { parent: this },
      );
      new aws.ec2.RouteTableAssociation(
        `${name}-private-rta-${az}`,
        { subnetId: mustGet(privateSubnets, az).id, routeTableId: routes.id },
        { parent: this },
      );
    }

    const flowLogGroup = createFlowLogs(
      name,
      vpc.id,
      { retentionInDays, kmsKeyId: args.flowLogKmsKeyArn, trafficType: args.flowLogTrafficType ?? "ALL" },
      this,
    );

    this.vpcId = vpc.id;
    this.cidrBlock = cidrBlock;
    this.availabilityZones = [...args.availabilityZones];
    this.privateSubnetIds = args.availabilityZones.map((az) => mustGet(privateSubnets, az).id);
    this.publicSubnetIds = args.availabilityZones.map((az) => mustGet(publicSubnets, az).id);
    this.natGatewayIds = [...natGateways.values()].map((nat) => nat.id);
    this.flowLogGroupName = flowLogGroup.name;
    this.registerOutputs({
      vpcId: this.vpcId,
      privateSubnetIds: this.privateSubnetIds,
      publicSubnetIds: this.publicSubnetIds,
      natGatewayIds: this.natGatewayIds,
      flowLogGroupName: this.flowLogGroupName,
    });
  }
}

const AZ_PATTERN = /^[a-z]{2}(-[a-z]+)+-\d+[a-z]$/;

/** Checks the plain (count-deciding) args; returns every problem at once. */
export function validateNetworkArgs(args: NetworkArgs): ArgIssue[] {
  const issues: ArgIssue[] = [];
  const azs = args.availabilityZones;
  if (!Array.isArray(azs) || azs.length === 0) {
    issues.push(argIssue("availabilityZones", "must list at least one availability zone", azs));
  } else {
    const malformed = azs.filter((az) => typeof az !== "string" || !AZ_PATTERN.test(az));
    if (malformed.length > 0) {
      issues.push(argIssue("availabilityZones", "must hold AZ names like us-east-1a", malformed));
    }
    const duplicates = azs.filter((az, i) => azs.indexOf(az) !== i);
    if (duplicates.length > 0)
      issues.push(argIssue("availabilityZones", "must not repeat an AZ", duplicates));
  }
  if (args.cidrBlock !== undefined) {
    const parsed = parseCidr(args.cidrBlock);
    if (typeof parsed === "string") issues.push(argIssue("cidrBlock", parsed, args.cidrBlock));
    else if (issues.length === 0) {
      try {
        planSubnets(args.cidrBlock, azs);
      } catch (e) {
        issues.push(argIssue("cidrBlock", `cannot be split: ${(e as Error).message}`, args.cidrBlock));
      }
    }
  }
  if (args.natGateways !== undefined && !["single", "one-per-az"].includes(args.natGateways)) {
    issues.push(argIssue("natGateways", 'must be "single" or "one-per-az"', args.natGateways));
  }
  const retention = args.flowLogRetentionDays;
  if (retention !== undefined && !(LOG_RETENTION_DAYS as readonly number[]).includes(retention)) {
    issues.push(
      argIssue("flowLogRetentionDays", `must be one of ${LOG_RETENTION_DAYS.join(", ")}`, retention),
    );
  }
  return issues;
}

/** VPC flow logs into a CloudWatch log group with retention, delivered by a role that can write only there. */
function createFlowLogs(
  name: string,
  vpcId: pulumi.Input<string>,
  settings: {
    readonly retentionInDays: number;
    readonly kmsKeyId: pulumi.Input<string> | undefined;
    readonly trafficType: string;
  },
  parent: pulumi.Resource,
): aws.cloudwatch.LogGroup {
  const flowLogGroup = new aws.cloudwatch.LogGroup(
    `${name}-flow-logs`,
    {
      retentionInDays: settings.retentionInDays,
      kmsKeyId: settings.kmsKeyId,
      tags: { Name: `${name}-flow-logs` },
    },
    { parent },
  );
  const flowLogRole = new aws.iam.Role(
    `${name}-flow-logs-role`,
    {
      assumeRolePolicy: JSON.stringify({
        Version: "2012-10-17",
        Statement: [
          {
            Effect: "Allow",
            Principal: { Service: "vpc-flow-logs.amazonaws.com" },
            Action: "sts:AssumeRole",
          },
        ],
      }),
    },
    { parent },
  );
  new aws.iam.RolePolicy(
    `${name}-flow-logs-policy`,
    {
      role: flowLogRole.id,
      policy: pulumi.jsonStringify({
        Version: "2012-10-17",
        Statement: [
          {
            Effect: "Allow",
            Action: ["logs:CreateLogStream", "logs:PutLogEvents", "logs:DescribeLogStreams"],
            Resource: pulumi.interpolate`${flowLogGroup.arn}:*`,
          },
        ],
      }),
    },
    { parent },
  );
  new aws.ec2.FlowLog(
    `${name}-flow-log`,
    {
      vpcId,
      trafficType: settings.trafficType,
      logDestinationType: "cloud-watch-logs",
      logDestination: flowLogGroup.arn,
      iamRoleArn: flowLogRole.arn,
      tags: { Name: `${name}-flow-log` },
    },
    { parent },
  );
  return flowLogGroup;
}

function mustGet<K, V>(map: ReadonlyMap<K, V>, key: K): V {
  const value = map.get(key);
  if (value === undefined) throw new Error(`internal: no entry for ${String(key)}`);
  return value;
}
