// The reference stacks' request path, end to end as the plan sees it:
// CloudFront /v1/* -> ALB -> both pools' nodes on the gateway's NodePort; Redis beside; alarms on each hop.
import { beforeAll, describe, expect, it } from "vitest";
import { GATEWAY_NODE_PORT } from "../../infra/gateway-node-port";
import { estimateCost } from "../../src/cost/estimate";
import type { CapturedResource, EvaluationResult } from "../../src/plan/types";
import { evaluatePlatform, input, named, ofType, onlyOfType } from "./helpers";

const ASG = "aws:autoscaling/group:Group";

describe.each(["dev", "prod"] as const)("the %s stack's request path", (stack) => {
  let result: EvaluationResult;
  beforeAll(async () => {
    result = await evaluatePlatform(stack);
  });

  it("attaches both pools to the ALB's target group on the gateway's node port, with ELB health checks", () => {
    const tg = onlyOfType(result, "aws:lb/targetGroup:TargetGroup");
    expect(tg.inputs).toMatchObject({ port: GATEWAY_NODE_PORT, targetType: "instance" });
    expect(input(tg, "healthCheck.path")).toBe("/readyz");
    const asgs = ofType(result, ASG);
    expect(asgs.map((a) => a.name).sort()).toEqual(["baseline-asg", "burst-asg"]);
    for (const asg of asgs) {
      expect(asg.propertyDependencies?.targetGroupArns, asg.name).toEqual([tg.urn]);
      expect(asg.inputs.healthCheckType, asg.name).toBe("ELB");
    }
  });

  it("lets the ALB reach the nodes on the node port only, and Redis only from the nodes", () => {
    const albSg = named(result, "api-sg");
    for (const pool of ["baseline", "burst"]) {
      const sg = named(result, `${pool}-sg`);
      expect(sg.inputs.ingress, pool).toEqual([
        {
          description: "Load balancer to the gateway's node port",
          protocol: "tcp",
          fromPort: GATEWAY_NODE_PORT,
          toPort: GATEWAY_NODE_PORT,
          securityGroups: [expect.stringMatching(/^sg-/)],
        },
      ]);
      expect(sg.propertyDependencies?.ingress, pool).toEqual([albSg.urn]);
    }
    const cacheSg = named(result, "gateway-cache-sg");
    expect(cacheSg.propertyDependencies?.ingress?.sort()).toEqual(
      [named(result, "baseline-sg").urn, named(result, "burst-sg").urn].sort(),
    );
  });

  it("routes the CDN's /v1/* to the ALB, uncached, with a read timeout for streams", () => {
    const dist = onlyOfType(result, "aws:cloudfront/distribution:Distribution");
    const behaviors = dist.inputs.orderedCacheBehaviors as Record<string, unknown>[];
    expect(behaviors.map((b) => [b.pathPattern, b.targetOriginId, b.cachePolicyId])).toEqual([
      ["/v1/*", "cdn-api", "4135ea2d-6df8-44a3-9df3-4b5a84be39ad"],
    ]);
    const origin = (
      dist.inputs.origins as { originId: string; domainName: string; customOriginConfig?: object }[]
    ).find((o) => o.originId === "cdn-api");
    expect(origin?.customOriginConfig).toMatchObject({ originReadTimeout: 60 });
    const alb = onlyOfType(result, "aws:lb/loadBalancer:LoadBalancer");
    if (stack === "dev") {
      // No certificate in dev: CloudFront reaches the ALB by its own name over HTTP.
      expect(origin?.domainName).toMatch(/\.us-east-1\.elb\.amazonaws\.com$/);
      expect(origin?.customOriginConfig).toMatchObject({ originProtocolPolicy: "http-only" });
      expect(dist.propertyDependencies?.origins).toContain(alb.urn);
    } else {
      expect(origin?.domainName).toBe("api-origin.example.com");
      expect(origin?.customOriginConfig).toMatchObject({ originProtocolPolicy: "https-only" });
    }
  });

  it(
    stack === "dev"
      ? "dev: one plain-HTTP listener, no deletion protection"
      : "prod: HTTPS only, TLS 1.3 policy, deletion protection",
    () => {
      const listeners = ofType(result, "aws:lb/listener:Listener");
      const alb = onlyOfType(result, "aws:lb/loadBalancer:LoadBalancer");
      if (stack === "dev") {
        expect(listeners.map((l) => [l.name, l.inputs.protocol, l.inputs.port])).toEqual([
          ["api-http", "HTTP", 80],
        ]);
        expect(alb.inputs.enableDeletionProtection).toBe(false);
      } else {
        expect(listeners.map((l) => [l.name, l.inputs.protocol, l.inputs.sslPolicy])).toEqual([
          ["api-https", "HTTPS", "ELBSecurityPolicy-TLS13-1-2-2021-06"],
        ]);
        expect(alb.inputs.enableDeletionProtection).toBe(true);
      }
      expect(alb.inputs).toMatchObject({ dropInvalidHeaderFields: true, accessLogs: { enabled: true } });
    },
  );

  it(
    stack === "dev" ? "dev: one cache.t4g.micro Redis node" : "prod: Redis with a replica, multi-AZ failover",
    () => {
      const group = onlyOfType(result, "aws:elasticache/replicationGroup:ReplicationGroup");
      expect(group.inputs).toMatchObject({ transitEncryptionEnabled: true, atRestEncryptionEnabled: true });
      expect(group.propertyDependencies?.kmsKeyId).toEqual([named(result, "platform-key-key").urn]);
      expect(group.inputs).toMatchObject(
        stack === "dev"
          ? { nodeType: "cache.t4g.micro", numCacheClusters: 1, multiAzEnabled: false }
          : {
              nodeType: "cache.t4g.medium",
              numCacheClusters: 2,
              multiAzEnabled: true,
              automaticFailoverEnabled: true,
            },
      );
    },
  );

  it("exports the gateway's Redis URL as a secret rediss:// URL", () => {
    expect(result.outputs.gatewayRedisUrl).toMatch(
      /^rediss:\/\/:[0-9a-f]{64}@master\..+\.cache\.amazonaws\.com:6379$/,
    );
  });

  it("gives the gateway the stack's Redis: its Secret is built from the replication group, its config reads it", () => {
    const group = onlyOfType(result, "aws:elasticache/replicationGroup:ReplicationGroup");
    const secret = onlyOfType(result, "kubernetes:core/v1:Secret");
    expect(Object.values(secret.propertyDependencies ?? {}).flat()).toContain(group.urn);
    const configMap = onlyOfType(result, "kubernetes:core/v1:ConfigMap");
    // biome-ignore lint/suspicious/noTemplateCurlyInString: the gateway config's ${ENV} syntax, not a JS template
    expect(JSON.stringify(configMap.inputs.data)).toContain("redisUrl: ${OPENCLAW_REDIS_URL}");
  });

  it("alarms on the ALB, both pools, the CDN and every Redis node, and has one dashboard", () => {
    const alarms = ofType(result, "aws:cloudwatch/metricAlarm:MetricAlarm").map((a) => a.name);
    const members = stack === "dev" ? ["001"] : ["001", "002"];
    expect(alarms.sort()).toEqual(
      [
        "alarms-alb-5xx-rate",
        "alarms-alb-p99-latency",
        "alarms-alb-unhealthy-hosts",
        "alarms-baseline-cpu",
        "alarms-burst-cpu",
        "alarms-cdn-5xx-rate",
        // dev rehearses Spot reclaims (chaosSpotInterruptionPercent): the FIS template's stop condition
        ...(stack === "dev" ? ["spot-chaos-stop"] : []),
        ...members.flatMap((m) => [
          `alarms-cache-${m}-engine-cpu`,
          `alarms-cache-${m}-memory`,
          `alarms-cache-${m}-evictions`,
        ]),
      ].sort(),
    );
    expect(ofType(result, "aws:cloudwatch/dashboard:Dashboard")).toHaveLength(1);
    expect(named(result, "alarms-topic").propertyDependencies?.kmsMasterKeyId).toEqual([
      named(result, "platform-key-key").urn,
    ]);
  });

  it("prices the ALB, the Redis nodes, the alarms and the dashboard", () => {
    const lines = new Map(estimateCost(result.resources).byResource.map((l) => [l.name, l]));
    const nodes = stack === "dev" ? "1 x cache.t4g.micro" : "2 x cache.t4g.medium";
    expect(lines.get("gateway-cache-redis")?.basis).toBe(`${nodes} node, 730 h`);
    expect(lines.get("api-alb")?.basis).toBe(
      `application LB, 730 h + 2 capacity units + ${stack === "dev" ? 2 : 3} public IPv4`,
    );
    expect(lines.get("alarms-dashboard")?.monthly.expected).toBe(3);
    expect(lines.get("alarms-alb-5xx-rate")?.monthly.expected).toBe(0.3);
  });
});

function byName(resources: CapturedResource[], name: string): CapturedResource | undefined {
  return resources.find((r) => r.name === name);
}

describe("config that breaks the request path", () => {
  it("rejects a prod stack without a load balancer certificate, naming the key and the fix", async () => {
    await expect(
      evaluatePlatform("prod", { "openclaw:albCertificateArn": "", "openclaw:apiDomainName": "" }),
    ).rejects.toThrow(
      /openclaw:albCertificateArn must be set outside dev \(an ACM certificate in aws:region for openclaw:apiDomainName\): the load balancer serves HTTPS only there; got ""/,
    );
  });

  it("rejects a prod Redis without a replica and a certificate from another region", async () => {
    await expect(
      evaluatePlatform("prod", {
        "openclaw:redisReplicas": "0",
        "openclaw:albCertificateArn": "arn:aws:acm:eu-west-1:123456789012:certificate/x",
      }),
    ).rejects.toThrow(
      /albCertificateArn must be a certificate in aws:region us-east-1 .* \| openclaw:redisReplicas must be at least 1 in prod/,
    );
  });

  it("never echoes a bad Redis AUTH token", async () => {
    const error = await evaluatePlatform("dev", { "openclaw:redisAuthToken": "has space secret" }).catch(
      (e: Error) => e,
    );
    expect(String(error)).toMatch(
      /openclaw:redisAuthToken must be 16-128 printable characters.*; got "\[secret, 16 characters\]"/,
    );
    expect(String(error)).not.toContain("has space secret");
  });

  it("uses a configured AUTH token instead of generating one", async () => {
    const result = await evaluatePlatform("dev", { "openclaw:redisAuthToken": "z".repeat(40) });
    expect(byName(result.resources, "gateway-cache-auth-token")).toBeUndefined();
    expect(onlyOfType(result, "aws:elasticache/replicationGroup:ReplicationGroup").inputs.authToken).toBe(
      "z".repeat(40),
    );
  });
});
