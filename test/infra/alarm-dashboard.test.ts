import { describe, expect, it } from "vitest";
import { dashboardBody } from "../../infra/alarm-dashboard";

describe("the dashboard", () => {
  it("has a row per hop, the CDN's from us-east-1", () => {
    const body = dashboardBody({
      region: "eu-west-1",
      albSuffix: "app/api/abc",
      targetGroupSuffix: "targetgroup/api-tg/def",
      groups: ["baseline-asg-1"],
      distributionId: "E123",
      clusters: ["cache-001"],
    });
    const titles = body.widgets.map((w) => [
      (w.properties as { title: string }).title,
      (w.properties as { region: string }).region,
    ]);
    expect(titles).toEqual([
      ["CloudFront requests and error rates", "us-east-1"],
      ["ALB requests and 5xx", "eu-west-1"],
      ["ALB target response time (p50, p99)", "eu-west-1"],
      ["Targets healthy / unhealthy", "eu-west-1"],
      ["Pool CPU", "eu-west-1"],
      ["Redis engine CPU and memory", "eu-west-1"],
      ["Redis evictions", "eu-west-1"],
    ]);
  });
});
