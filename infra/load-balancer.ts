import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { type ArgIssue, argIssue, throwIfArgIssues } from "./arg-errors";
import { type PolicyStatement, TieredStorage } from "./tiered-storage";

/** TLS 1.3 plus TLS 1.2 with forward-secret ciphers only: AWS's recommended policy for new listeners. */
export const MODERN_TLS_POLICY = "ELBSecurityPolicy-TLS13-1-2-2021-06";

/** AWS-managed prefix list of CloudFront's origin-facing addresses (one id per region, looked up by name). */
export const CLOUDFRONT_ORIGIN_FACING_PREFIX_LIST = "com.amazonaws.global.cloudfront.origin-facing";

export type LoadBalancerIngress = "cloudfront" | "internet";

export interface LoadBalancerArgs {
  /** VPC of the load balancer and its targets. */
  readonly vpcId: pulumi.Input<string>;
  /** Public subnets, one per AZ (at least 2: AWS rejects an ALB in fewer). A plain list: its length is validated. */
  readonly subnetIds: readonly pulumi.Input<string>[];
  /** The VPC's CIDR block: the load balancer may send traffic only there, and only to `targetPort`. */
  readonly vpcCidrBlock: string;
  /** The instance port traffic goes to (e.g. GatewayService's NodePort, GATEWAY_NODE_PORT). */
  readonly targetPort: number;
  /** Path of the target group's health check. @default "/readyz" */
  readonly healthCheckPath?: string;
  /**
   * ACM certificate (in the load balancer's region) for the HTTPS listener on 443. Without one the
   * listener is plain HTTP on 80, which the component accepts only with `allowPlainHttp`.
   * @default undefined
   */
  readonly certificateArn?: pulumi.Input<string>;
  /**
   * Accept a plain-HTTP listener when there is no certificate: an explicit opt-out for a dev stack
   * that sits behind CloudFront. The policy pack rejects it outside dev.
   * @default false
   */
  readonly allowPlainHttp?: boolean;
  /** TLS policy of the HTTPS listener. @default MODERN_TLS_POLICY ("ELBSecurityPolicy-TLS13-1-2-2021-06") */
  readonly sslPolicy?: string;
  /**
   * Who may connect. `cloudfront`: only CloudFront's origin-facing addresses (the AWS-managed prefix
   * list), so the CDN is the front door and its WAF cannot be bypassed; only the port CloudFront uses
   * is open, because that prefix list weighs ~55 rules against the security group's 60-rule quota.
   * `internet`: anyone, with an HTTP → HTTPS redirect on 80 when there is a certificate.
   * @default "cloudfront"
   */
  readonly ingress?: LoadBalancerIngress;
  /** Refuse `pulumi destroy` until turned off (and keep the DNS name stable). @default true */
  readonly deletionProtection?: boolean;
  /**
   * Seconds a connection may sit idle. Streamed answers pause between tokens; keep it above the
   * CDN's origin keepalive so the load balancer never closes a connection CloudFront is reusing.
   * @default 120
   */
  readonly idleTimeoutSeconds?: number;
  /** Seconds a deregistering target keeps serving in-flight requests (streams finish). @default 120 */
  readonly deregistrationDelaySeconds?: number;
  /**
   * Write access logs to a private bucket created here (SSE-S3: ALB log delivery supports no other
   * encryption). Turning it off loses the request audit trail; the policy pack flags it.
   * @default true
   */
  readonly accessLogging?: boolean;
  /** Days to keep access logs. @default 90 */
  readonly logRetentionDays?: number;
}

/**
 * An internet-facing Application Load Balancer in the public subnets, forwarding to instances on
 * one port: HTTPS with a modern TLS policy (or an explicit plain-HTTP opt-out), invalid headers
 * dropped, access logs to a private bucket, and a security group that reaches the VPC only on the
 * target port. Attach instances by passing `targetGroupArn` to ComputePool `targetGroupArns` and let
 * them in with `securityGroupId` as the source of an ingress rule on `targetPort`.
 */
export class LoadBalancer extends pulumi.ComponentResource {
  readonly loadBalancerArn: pulumi.Output<string>;
  /** `app/<name>/<id>`: the `LoadBalancer` dimension of its CloudWatch metrics. */
  readonly arnSuffix: pulumi.Output<string>;
  readonly dnsName: pulumi.Output<string>;
  readonly zoneId: pulumi.Output<string>;
  readonly targetGroupArn: pulumi.Output<string>;
  /** `targetgroup/<name>/<id>`: the `TargetGroup` dimension of its CloudWatch metrics. */
  readonly targetGroupArnSuffix: pulumi.Output<string>;
  readonly securityGroupId: pulumi.Output<string>;
  /** How clients (the CDN) must talk to it: "https" with a certificate, else "http". */
  readonly protocol: "https" | "http";
  readonly logBucketName: pulumi.Output<string> | undefined;

  constructor(name: string, args: LoadBalancerArgs, opts?: pulumi.ComponentResourceOptions) {
    super("openclaw:infra:LoadBalancer", name, {}, opts);
    throwIfArgIssues(`LoadBalancer "${name}"`, validateLoadBalancerArgs(args));

    const https = args.certificateArn !== undefined;
    const ingress = args.ingress ?? "cloudfront";
    const ports = listenerPorts(https, ingress);
    const securityGroup = new aws.ec2.SecurityGroup(
      `${name}-sg`,
      {
        vpcId: args.vpcId,
        description: `Load balancer ${name}`,
        ingress: ingressRules(ports.open, ingress, this),
        egress: [
          {
            description: "To the targets' port only",
            protocol: "tcp",
            fromPort: args.targetPort,
            toPort: args.targetPort,
            cidrBlocks: [args.vpcCidrBlock],
          },
        ],
        tags: { Name: `${name}-sg` },
      },
      { parent: this },
    );

    const logs =
      (args.accessLogging ?? true) ? createLogBucket(name, args.logRetentionDays ?? 90, this) : undefined;
    const balancer = new aws.lb.LoadBalancer(
      `${name}-alb`,
      {
        loadBalancerType: "application",
        internal: false,
        subnets: [...args.subnetIds],
        securityGroups: [securityGroup.id],
        dropInvalidHeaderFields: true,
        enableDeletionProtection: args.deletionProtection ?? true,
        idleTimeout: args.idleTimeoutSeconds ?? 120,
        enableHttp2: true,
        accessLogs: logs ? { bucket: logs.bucketName, prefix: name, enabled: true } : undefined,
        tags: { Name: `${name}-alb` },
      },
      // Log delivery checks the bucket policy when logging is switched on: wait for the whole bucket.
      { parent: this, dependsOn: logs ? [logs] : [] },
    );

    const targetGroup = new aws.lb.TargetGroup(
      `${name}-tg`,
      {
        vpcId: args.vpcId,
        targetType: "instance",
        protocol: "HTTP",
        port: args.targetPort,
        deregistrationDelay: args.deregistrationDelaySeconds ?? 120,
        healthCheck: {
          enabled: true,
          path: args.healthCheckPath ?? "/readyz",
          port: "traffic-port",
          protocol: "HTTP",
          matcher: "200",
          interval: 15,
          timeout: 5,
          healthyThreshold: 2,
          unhealthyThreshold: 3,
        },
        tags: { Name: `${name}-tg` },
      },
      { parent: this },
    );
    const forward = [{ type: "forward", targetGroupArn: targetGroup.arn }];
    if (https) {
      new aws.lb.Listener(
        `${name}-https`,
        {
          loadBalancerArn: balancer.arn,
          port: 443,
          protocol: "HTTPS",
          sslPolicy: args.sslPolicy ?? MODERN_TLS_POLICY,
          certificateArn: args.certificateArn,
          defaultActions: forward,
        },
        { parent: this },
      );
    }
    if (ports.http === "forward" || ports.http === "redirect") {
      new aws.lb.Listener(
        `${name}-http`,
        {
          loadBalancerArn: balancer.arn,
          port: 80,
          protocol: "HTTP",
          defaultActions:
            ports.http === "forward"
              ? forward
              : [{ type: "redirect", redirect: { port: "443", protocol: "HTTPS", statusCode: "HTTP_301" } }],
        },
        { parent: this },
      );
    }

    this.loadBalancerArn = balancer.arn;
    this.arnSuffix = balancer.arnSuffix;
    this.dnsName = balancer.dnsName;
    this.zoneId = balancer.zoneId;
    this.targetGroupArn = targetGroup.arn;
    this.targetGroupArnSuffix = targetGroup.arnSuffix;
    this.securityGroupId = securityGroup.id;
    this.protocol = https ? "https" : "http";
    this.logBucketName = logs?.bucketName;
    this.registerOutputs({
      loadBalancerArn: this.loadBalancerArn,
      arnSuffix: this.arnSuffix,
      dnsName: this.dnsName,
      zoneId: this.zoneId,
      targetGroupArn: this.targetGroupArn,
      targetGroupArnSuffix: this.targetGroupArnSuffix,
      securityGroupId: this.securityGroupId,
      protocol: this.protocol,
      logBucketName: this.logBucketName,
    });
  }
}

/**
 * Which listeners exist and which ports the security group opens. Behind CloudFront only the port
 * it uses is opened (the prefix list's weight allows one rule); a redirect on 80 is for browsers
 * coming straight from the internet.
 */
export function listenerPorts(
  https: boolean,
  ingress: LoadBalancerIngress,
): { open: number[]; http: "forward" | "redirect" | "none" } {
  if (!https) return { open: [80], http: "forward" };
  return ingress === "internet" ? { open: [443, 80], http: "redirect" } : { open: [443], http: "none" };
}

function ingressRules(
  ports: readonly number[],
  ingress: LoadBalancerIngress,
  parent: pulumi.Resource,
): aws.types.input.ec2.SecurityGroupIngress[] {
  const cloudfront =
    ingress === "cloudfront"
      ? aws.ec2.getManagedPrefixListOutput({ name: CLOUDFRONT_ORIGIN_FACING_PREFIX_LIST }, { parent })
      : undefined;
  return ports.map((port) => ({
    description: cloudfront ? `CloudFront origin-facing to ${port}` : `Internet to ${port}`,
    protocol: "tcp",
    fromPort: port,
    toPort: port,
    prefixListIds: cloudfront ? [cloudfront.id] : undefined,
    cidrBlocks: cloudfront ? undefined : ["0.0.0.0/0"],
  }));
}

/** A private log bucket whose policy lets the region's Elastic Load Balancing account write under `AWSLogs/<account>/`. */
function createLogBucket(name: string, retentionDays: number, parent: pulumi.Resource): TieredStorage {
  const [statements, resolveStatements] = pulumi.deferredOutput<PolicyStatement[]>();
  const bucket = new TieredStorage(
    `${name}-logs`,
    {
      // ALB access-log delivery writes with SSE-S3 only; SSE-KMS buckets reject its objects.
      encryption: "AES256",
      extraPolicyStatements: statements,
      lifecycle: {
        standardIaAfterDays: null,
        glacierInstantRetrievalAfterDays: null,
        deepArchiveAfterDays: null,
        expireAfterDays: retentionDays,
        noncurrentVersionExpireAfterDays: 7,
      },
    },
    { parent },
  );
  const elbAccount = aws.elb.getServiceAccountOutput({}, { parent });
  const identity = aws.getCallerIdentityOutput({}, { parent });
  resolveStatements(
    pulumi
      .all([bucket.bucketArn, elbAccount.arn, identity.accountId])
      .apply(([bucketArn, elbArn, accountId]) => [
        elbLogDeliveryStatement(bucketArn, name, elbArn, accountId),
      ]),
  );
  return bucket;
}

/** Lets the region's ELB account put access logs under `<prefix>/AWSLogs/<account>/` and nowhere else. */
export function elbLogDeliveryStatement(
  bucketArn: string,
  prefix: string,
  elbAccountArn: string,
  accountId: string,
): PolicyStatement {
  return {
    Sid: "AllowElbLogDelivery",
    Effect: "Allow",
    Principal: { AWS: elbAccountArn },
    Action: "s3:PutObject",
    Resource: `${bucketArn}/${prefix}/AWSLogs/${accountId}/*`,
  };
}

const TLS_POLICY = /^ELBSecurityPolicy-/;

/** Checks every plain argument; returns all problems at once. */
export function validateLoadBalancerArgs(args: LoadBalancerArgs): ArgIssue[] {
  const issues: ArgIssue[] = [];
  if (args.subnetIds.length < 2) {
    issues.push(
      argIssue("subnetIds", "must list at least 2 public subnets in different AZs", args.subnetIds.length),
    );
  }
  if (!Number.isInteger(args.targetPort) || args.targetPort < 1 || args.targetPort > 65535) {
    issues.push(argIssue("targetPort", "must be a port number from 1 to 65535", args.targetPort));
  }
  if (args.certificateArn === undefined && !(args.allowPlainHttp ?? false)) {
    issues.push(
      argIssue(
        "certificateArn",
        "is required for HTTPS; set allowPlainHttp: true to accept a plain-HTTP listener explicitly",
        args.certificateArn,
      ),
    );
  }
  const sslPolicy = args.sslPolicy;
  if (sslPolicy !== undefined && !TLS_POLICY.test(sslPolicy)) {
    issues.push(argIssue("sslPolicy", "must name an ELB security policy (ELBSecurityPolicy-...)", sslPolicy));
  }
  const ingress = args.ingress ?? "cloudfront";
  if (ingress !== "cloudfront" && ingress !== "internet") {
    issues.push(argIssue("ingress", 'must be "cloudfront" or "internet"', ingress));
  }
  const path = args.healthCheckPath;
  if (path !== undefined && !path.startsWith("/")) {
    issues.push(argIssue("healthCheckPath", 'must start with "/"', path));
  }
  for (const [key, value, min, max] of [
    ["idleTimeoutSeconds", args.idleTimeoutSeconds, 1, 4000],
    ["deregistrationDelaySeconds", args.deregistrationDelaySeconds, 0, 3600],
    ["logRetentionDays", args.logRetentionDays, 1, 3650],
  ] as const) {
    if (value !== undefined && (!Number.isInteger(value) || value < min || value > max)) {
      issues.push(argIssue(key, `must be a whole number from ${min} to ${max}`, value));
    }
  }
  return issues;
}
