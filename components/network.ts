import * as pulumi from "@pulumi/pulumi";
import * as infra from "../infra/network";
import type { FlowLogTrafficType, NatGatewayStrategy } from "./enums";

/**
 * infra's NetworkArgs restated in forms every Pulumi language can take (the schema analyzer sees only
 * properties declared here; the constructor's call to infra.Network keeps the two in step).
 */
export interface NetworkArgs {
  /** Availability zones to spread over, e.g. `["us-east-1a", "us-east-1b"]`; at least 2. */
  readonly availabilityZones: string[];
  /** One NAT gateway (`single`, cheap) or one per AZ (`one-per-az`, survives an AZ outage). @default "one-per-az" */
  readonly natGateways?: NatGatewayStrategy;
  /** Which traffic the flow log records. @default "ALL" */
  readonly flowLogTrafficType?: FlowLogTrafficType;
  /** The VPC's IPv4 block, /16 to /28. @default "10.0.0.0/16" */
  readonly cidrBlock?: string;
  /** Days to keep VPC flow logs (a CloudWatch Logs retention value: 1, 3, 5, 7, 14, 30, ...). @default 30 */
  readonly flowLogRetentionDays?: number;
  /** Customer-managed KMS key for the flow-log group. @default undefined (CloudWatch Logs' own encryption) */
  readonly flowLogKmsKeyArn?: pulumi.Input<string>;
}

/** A VPC with public and private subnets in every AZ, NAT egress and flow logs (infra/network.ts). */
export class Network extends pulumi.ComponentResource {
  readonly vpcId: pulumi.Output<string>;
  /** Private subnet ids in AZ order: where compute pools go. */
  readonly privateSubnetIds: pulumi.Output<string[]>;
  /** Public subnet ids in AZ order: NAT gateways and internet-facing load balancers only. */
  readonly publicSubnetIds: pulumi.Output<string[]>;
  readonly natGatewayIds: pulumi.Output<string[]>;
  readonly flowLogGroupName: pulumi.Output<string>;

  constructor(name: string, args: NetworkArgs, opts?: pulumi.ComponentResourceOptions) {
    super("openclaw:index:Network", name, {}, opts);
    const network = new infra.Network(name, args, { parent: this });
    this.vpcId = network.vpcId;
    this.privateSubnetIds = pulumi.all(network.privateSubnetIds);
    this.publicSubnetIds = pulumi.all(network.publicSubnetIds);
    this.natGatewayIds = pulumi.all(network.natGatewayIds);
    this.flowLogGroupName = network.flowLogGroupName;
    this.registerOutputs({
      vpcId: this.vpcId,
      privateSubnetIds: this.privateSubnetIds,
      publicSubnetIds: this.publicSubnetIds,
      natGatewayIds: this.natGatewayIds,
      flowLogGroupName: this.flowLogGroupName,
    });
  }
}
