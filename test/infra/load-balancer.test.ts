import { describe, expect, it } from "vitest";
import {
  CLOUDFRONT_ORIGIN_FACING_PREFIX_LIST,
  LoadBalancer,
  type LoadBalancerArgs,
  listenerPorts,
  MODERN_TLS_POLICY,
  validateLoadBalancerArgs,
} from "../../infra/load-balancer";
import { evaluate, input, named, ofType, onlyOfType, policyDocument } from "./helpers";

const CERT = "arn:aws:acm:us-east-1:123456789012:certificate/abc";
const base: LoadBalancerArgs = {
  vpcId: "vpc-1",
  subnetIds: ["subnet-a", "subnet-b"],
  vpcCidrBlock: "10.0.0.0/16",
  targetPort: 30080,
  certificateArn: CERT,
};
const LISTENER = "aws:lb/listener:Listener";

describe("LoadBalancer under mocks", () => {
  it("is an internet-facing ALB that drops invalid headers, logs, and resists deletion by default", async () => {
    const result = await evaluate(() => new LoadBalancer("api", base));
    const alb = onlyOfType(result, "aws:lb/loadBalancer:LoadBalancer");
    expect(alb.inputs).toMatchObject({
      loadBalancerType: "application",
      internal: false,
      subnets: ["subnet-a", "subnet-b"],
      dropInvalidHeaderFields: true,
      enableDeletionProtection: true,
      idleTimeout: 120,
      accessLogs: { enabled: true, prefix: "api" },
    });
    const logBucket = named(result, "api-logs-bucket");
    expect(input(alb, "accessLogs.bucket")).toMatch(/^api-logs-bucket-[0-9a-f]+$/);
    expect(alb.propertyDependencies?.accessLogs).toContain(logBucket.urn);
    expect(
      input(named(result, "api-logs-sse"), "rules.0.applyServerSideEncryptionByDefault.sseAlgorithm"),
    ).toBe("AES256");
  });

  it("lets only the region's ELB account write logs, under its own prefix", async () => {
    const result = await evaluate(() => new LoadBalancer("api", base));
    const statements = policyDocument(named(result, "api-logs-policy")).Statement;
    expect(statements.map((s) => s.Sid)).toEqual([
      "DenyInsecureTransport",
      "RequireLatestTls",
      "AllowElbLogDelivery",
    ]);
    expect(statements[2]).toEqual({
      Sid: "AllowElbLogDelivery",
      Effect: "Allow",
      // us-east-1's Elastic Load Balancing account.
      Principal: { AWS: "arn:aws:iam::127311923021:root" },
      Action: "s3:PutObject",
      Resource: expect.stringMatching(
        /^arn:aws:s3:::api-logs-bucket-[0-9a-f]+\/api\/AWSLogs\/123456789012\/\*$/,
      ),
    });
  });

  it("with a certificate: HTTPS on 443 with the TLS 1.3 policy, forwarding to the node port, /readyz health checks", async () => {
    const result = await evaluate(() => new LoadBalancer("api", base));
    const listeners = ofType(result, LISTENER);
    expect(listeners.map((l) => l.name)).toEqual(["api-https"]);
    const tg = onlyOfType(result, "aws:lb/targetGroup:TargetGroup");
    expect(listeners[0]?.inputs).toMatchObject({
      port: 443,
      protocol: "HTTPS",
      sslPolicy: MODERN_TLS_POLICY,
      certificateArn: CERT,
      defaultActions: [{ type: "forward", targetGroupArn: expect.stringContaining(":targetgroup/") }],
    });
    expect(listeners[0]?.propertyDependencies?.defaultActions).toEqual([tg.urn]);
    expect(tg.inputs).toMatchObject({
      targetType: "instance",
      protocol: "HTTP",
      port: 30080,
      deregistrationDelay: 120,
      healthCheck: { path: "/readyz", port: "traffic-port", matcher: "200" },
    });
  });

  it("admits only CloudFront's origin-facing prefix list, on 443 only, and reaches the VPC only on the node port", async () => {
    const result = await evaluate(() => new LoadBalancer("api", base));
    const sg = onlyOfType(result, "aws:ec2/securityGroup:SecurityGroup");
    expect(sg.inputs.ingress).toEqual([
      {
        description: "CloudFront origin-facing to 443",
        protocol: "tcp",
        fromPort: 443,
        toPort: 443,
        prefixListIds: [expect.stringMatching(/^pl-[0-9a-f]{8}$/)],
      },
    ]);
    expect(sg.inputs.egress).toEqual([
      {
        description: "To the targets' port only",
        protocol: "tcp",
        fromPort: 30080,
        toPort: 30080,
        cidrBlocks: ["10.0.0.0/16"],
      },
    ]);
    expect(CLOUDFRONT_ORIGIN_FACING_PREFIX_LIST).toBe("com.amazonaws.global.cloudfront.origin-facing");
  });

  it("open to the internet: 443 plus an HTTP -> HTTPS redirect on 80", async () => {
    const result = await evaluate(() => new LoadBalancer("api", { ...base, ingress: "internet" }));
    const http = named(result, "api-http");
    expect(http.inputs.defaultActions).toEqual([
      { type: "redirect", redirect: { port: "443", protocol: "HTTPS", statusCode: "HTTP_301" } },
    ]);
    const sg = onlyOfType(result, "aws:ec2/securityGroup:SecurityGroup");
    expect(
      (sg.inputs.ingress as { fromPort: number; cidrBlocks: string[] }[]).map((r) => [
        r.fromPort,
        r.cidrBlocks,
      ]),
    ).toEqual([
      [443, ["0.0.0.0/0"]],
      [80, ["0.0.0.0/0"]],
    ]);
  });

  it("without a certificate (explicit opt-out): one plain-HTTP listener forwarding, port 80 open to CloudFront", async () => {
    const { certificateArn: _none, ...noCert } = base;
    const result = await evaluate(
      () => new LoadBalancer("api", { ...noCert, allowPlainHttp: true, deletionProtection: false }),
    );
    const listener = onlyOfType(result, LISTENER);
    expect(listener.inputs).toMatchObject({
      port: 80,
      protocol: "HTTP",
      defaultActions: [{ type: "forward" }],
    });
    expect(input(onlyOfType(result, "aws:lb/loadBalancer:LoadBalancer"), "enableDeletionProtection")).toBe(
      false,
    );
    expect(listenerPorts(false, "cloudfront")).toEqual({ open: [80], http: "forward" });
  });
});

describe("LoadBalancer arguments", () => {
  it("refuses plain HTTP unless asked for explicitly, and names every bad argument", () => {
    const { certificateArn: _none, ...noCert } = base;
    expect(
      validateLoadBalancerArgs({
        ...noCert,
        subnetIds: ["subnet-a"],
        targetPort: 70000,
        sslPolicy: "TLS-whatever",
        healthCheckPath: "readyz",
        idleTimeoutSeconds: 0,
      }).map((i) => i.reason),
    ).toEqual([
      "subnetIds must list at least 2 public subnets in different AZs; got 1",
      "targetPort must be a port number from 1 to 65535; got 70000",
      "certificateArn is required for HTTPS; set allowPlainHttp: true to accept a plain-HTTP listener explicitly; got undefined",
      'sslPolicy must name an ELB security policy (ELBSecurityPolicy-...); got "TLS-whatever"',
      'healthCheckPath must start with "/"; got "readyz"',
      "idleTimeoutSeconds must be a whole number from 1 to 4000; got 0",
    ]);
    expect(validateLoadBalancerArgs(base)).toEqual([]);
  });
});
