// Prices of what fronts and backs the gateway: the ALB, ElastiCache nodes, alarms and the dashboard.
import { describe, expect, it } from "vitest";
import { estimateCost } from "../../../src/cost/estimate";
import type { PricedResourceInput } from "../../../src/cost/types";
import { pricedResource } from "../helpers";

const H = 730;
const res = pricedResource;

function line(resource: PricedResourceInput) {
  const [priced] = estimateCost([resource]).byResource;
  if (!priced) throw new Error(`${resource.type} was not priced`);
  return priced;
}

describe("load balancer", () => {
  it("prices an internet-facing ALB's hours, LCUs from the usage default (1 / 2 / 10) and one public IPv4 per subnet", () => {
    const alb = line(
      res("aws:lb/loadBalancer:LoadBalancer", "api-alb", {
        loadBalancerType: "application",
        subnets: ["a", "b"],
      }),
    );
    const at = (lcu: number) => Math.round((0.0225 + 0.008 * lcu + 2 * 0.005) * H * 100) / 100;
    expect(alb.monthly).toEqual({ low: at(1), expected: at(2), high: at(10) });
    expect(alb.basis).toBe("application LB, 730 h + 2 capacity units + 2 public IPv4");
  });

  it("charges an internal ALB no public addresses", () => {
    const alb = line(
      res("aws:lb/loadBalancer:LoadBalancer", "inner", { internal: true, subnets: ["a", "b"] }),
    );
    expect(alb.monthly.expected).toBe(Math.round((0.0225 + 0.016) * H * 100) / 100);
    expect(alb.basis).toBe("application LB, 730 h + 2 capacity units");
  });
});

describe("ElastiCache", () => {
  it("prices every node of a replication group all month", () => {
    const group = line(
      res("aws:elasticache/replicationGroup:ReplicationGroup", "cache", {
        nodeType: "cache.t4g.medium",
        numCacheClusters: 2,
      }),
    );
    expect(group.monthly.expected).toBe(Math.round(2 * 0.065 * H * 100) / 100);
    expect(group.basis).toBe("2 x cache.t4g.medium node, 730 h");
  });

  it("counts shards x (1 + replicas) in cluster mode, and numCacheNodes on a plain cluster", () => {
    const sharded = line(
      res("aws:elasticache/replicationGroup:ReplicationGroup", "sharded", {
        nodeType: "cache.t4g.micro",
        numNodeGroups: 3,
        replicasPerNodeGroup: 1,
      }),
    );
    expect(sharded.basis).toBe("6 x cache.t4g.micro node, 730 h");
    const cluster = line(
      res("aws:elasticache/cluster:Cluster", "memcached", { nodeType: "cache.t4g.micro", numCacheNodes: 2 }),
    );
    expect(cluster.monthly.expected).toBe(Math.round(2 * 0.016 * H * 100) / 100);
  });

  it("says so when the node type has no price", () => {
    const group = line(
      res("aws:elasticache/replicationGroup:ReplicationGroup", "odd", { nodeType: "cache.x9.huge" }),
    );
    expect(group.monthly).toEqual({ low: 0, expected: 0, high: 0 });
    expect(group.basis).toBe("unpriced: node type cache.x9.huge not in the price table");
  });
});

describe("CloudWatch", () => {
  it("prices an alarm per metric it watches: one for a plain alarm, each metric of a metric-math alarm", () => {
    const plain = line(
      res("aws:cloudwatch/metricAlarm:MetricAlarm", "cpu", { metricName: "CPUUtilization", period: 300 }),
    );
    expect(plain).toMatchObject({ monthly: { expected: 0.1 }, basis: "1 alarm metric" });
    const math = line(
      res("aws:cloudwatch/metricAlarm:MetricAlarm", "rate", {
        metricQueries: [
          { id: "rate", expression: "100 * a / b" },
          { id: "a", metric: { metricName: "HTTPCode_ELB_5XX_Count", period: 60 } },
          { id: "b", metric: { metricName: "RequestCount", period: 60 } },
        ],
      }),
    );
    expect(math).toMatchObject({ monthly: { expected: 0.2 }, basis: "2 alarm metrics" });
  });

  it("prices high-resolution alarms (period under a minute) at three times the rate", () => {
    const fast = line(res("aws:cloudwatch/metricAlarm:MetricAlarm", "fast", { metricName: "X", period: 10 }));
    expect(fast).toMatchObject({ monthly: { expected: 0.3 }, basis: "1 alarm metric, high resolution" });
  });

  it("prices a dashboard at $3/month", () => {
    expect(line(res("aws:cloudwatch/dashboard:Dashboard", "board", {})).monthly.expected).toBe(3);
  });
});
