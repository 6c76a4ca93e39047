// The request-path dashboard's body: pure, so its layout is tested without a Pulumi program.

/** CloudFront publishes its metrics only in us-east-1, so alarms and graphs of them live there. */
export const CLOUDFRONT_METRICS_REGION = "us-east-1";

/** The resolved identifiers the graphs need; each hop's row is left out when its id is absent. */
export interface DashboardInputs {
  readonly region: string;
  readonly albSuffix: string | undefined;
  readonly targetGroupSuffix: string | undefined;
  readonly groups: readonly string[];
  readonly distributionId: string | undefined;
  readonly clusters: readonly string[];
}

/** One row per hop of the request path: edge, load balancer, nodes, cache. */
export function dashboardBody(d: DashboardInputs): { widgets: Record<string, unknown>[] } {
  const widgets: Record<string, unknown>[] = [];
  const graph = (title: string, metrics: unknown[][], region = d.region, stat = "Sum") => {
    const i = widgets.length;
    widgets.push({
      type: "metric",
      x: (i % 2) * 12,
      y: Math.floor(i / 2) * 6,
      width: 12,
      height: 6,
      properties: { title, region, stat, period: 300, view: "timeSeries", metrics },
    });
  };
  if (d.distributionId) {
    const dims = ["DistributionId", d.distributionId, "Region", "Global"];
    graph(
      "CloudFront requests and error rates",
      [
        ["AWS/CloudFront", "Requests", ...dims],
        ["AWS/CloudFront", "5xxErrorRate", ...dims, { stat: "Average", yAxis: "right" }],
      ],
      CLOUDFRONT_METRICS_REGION,
    );
  }
  if (d.albSuffix) {
    const lb = ["LoadBalancer", d.albSuffix];
    graph("ALB requests and 5xx", [
      ["AWS/ApplicationELB", "RequestCount", ...lb],
      ["AWS/ApplicationELB", "HTTPCode_ELB_5XX_Count", ...lb],
      ["AWS/ApplicationELB", "HTTPCode_Target_5XX_Count", ...lb],
    ]);
    graph(
      "ALB target response time (p50, p99)",
      [
        ["AWS/ApplicationELB", "TargetResponseTime", ...lb, { stat: "p50" }],
        ["AWS/ApplicationELB", "TargetResponseTime", ...lb, { stat: "p99" }],
      ],
      d.region,
      "p99",
    );
    if (d.targetGroupSuffix) {
      const tg = ["TargetGroup", d.targetGroupSuffix, ...lb];
      graph(
        "Targets healthy / unhealthy",
        [
          ["AWS/ApplicationELB", "HealthyHostCount", ...tg],
          ["AWS/ApplicationELB", "UnHealthyHostCount", ...tg],
        ],
        d.region,
        "Maximum",
      );
    }
  }
  if (d.groups.length > 0) {
    graph(
      "Pool CPU",
      d.groups.map((g) => ["AWS/EC2", "CPUUtilization", "AutoScalingGroupName", g]),
      d.region,
      "Average",
    );
  }
  if (d.clusters.length > 0) {
    graph(
      "Redis engine CPU and memory",
      d.clusters.flatMap((c) => [
        ["AWS/ElastiCache", "EngineCPUUtilization", "CacheClusterId", c],
        ["AWS/ElastiCache", "DatabaseMemoryUsagePercentage", "CacheClusterId", c],
      ]),
      d.region,
      "Average",
    );
    graph(
      "Redis evictions",
      d.clusters.map((c) => ["AWS/ElastiCache", "Evictions", "CacheClusterId", c]),
    );
  }
  return { widgets };
}
