import { describe, expect, it } from "vitest";
import { Alarms, type AlarmsArgs, validateAlarmsArgs } from "../../infra/alarms";
import { evaluate, input, named, ofType } from "./helpers";

const ALARM = "aws:cloudwatch/metricAlarm:MetricAlarm";
const KEY = "arn:aws:kms:us-east-1:123456789012:key/k";
const full: AlarmsArgs = {
  region: "us-east-1",
  kmsKeyArn: KEY,
  alertEmail: "ops@example.com",
  loadBalancer: { arnSuffix: "app/api/abc", targetGroupArnSuffix: "targetgroup/api-tg/def" },
  autoScalingGroups: { baseline: "baseline-asg-1", burst: "burst-asg-1" },
  cdnDistributionId: "E123",
  cacheClusterIds: ["cache-001", "cache-002"],
};

describe("Alarms under mocks", () => {
  it("alarms on every hop of the request path, to one encrypted topic with an email subscription", async () => {
    const result = await evaluate(() => new Alarms("alarms", full));
    expect(
      ofType(result, ALARM)
        .map((a) => a.name)
        .sort(),
    ).toEqual(
      [
        "alarms-alb-5xx-rate",
        "alarms-alb-p99-latency",
        "alarms-alb-unhealthy-hosts",
        "alarms-baseline-cpu",
        "alarms-burst-cpu",
        "alarms-cdn-5xx-rate",
        ...["001", "002"].flatMap((m) => [
          `alarms-cache-${m}-engine-cpu`,
          `alarms-cache-${m}-memory`,
          `alarms-cache-${m}-evictions`,
        ]),
      ].sort(),
    );
    expect(named(result, "alarms-topic").inputs.kmsMasterKeyId).toBe(KEY);
    expect(named(result, "alarms-topic-email").inputs).toMatchObject({
      protocol: "email",
      endpoint: "ops@example.com",
    });
    for (const alarm of ofType(result, ALARM)) {
      expect(alarm.inputs.alarmActions, alarm.name).toHaveLength(1);
      expect(alarm.inputs.okActions, alarm.name).toEqual(alarm.inputs.alarmActions);
    }
  });

  it("computes the ALB 5xx rate from the ALB's and the targets' 5xx over requests", async () => {
    const result = await evaluate(() => new Alarms("alarms", full));
    const rate = named(result, "alarms-alb-5xx-rate");
    expect(input(rate, "metricQueries.0.expression")).toBe(
      "100 * (FILL(elb, 0) + FILL(target, 0)) / FILL(requests, 1)",
    );
    expect(
      (rate.inputs.metricQueries as { metric?: { metricName: string } }[]).flatMap(
        (q) => q.metric?.metricName ?? [],
      ),
    ).toEqual(["HTTPCode_ELB_5XX_Count", "HTTPCode_Target_5XX_Count", "RequestCount"]);
    expect(rate.inputs.threshold).toBe(5);
    expect(named(result, "alarms-alb-p99-latency").inputs).toMatchObject({
      extendedStatistic: "p99",
      threshold: 30,
    });
    expect(named(result, "alarms-cache-002-evictions").inputs).toMatchObject({
      metricName: "Evictions",
      dimensions: { CacheClusterId: "cache-002" },
      threshold: 0,
    });
  });

  it("puts the CDN alarm in us-east-1, with its own us-east-1 topic and key when the stack lives elsewhere", async () => {
    const home = await evaluate(() => new Alarms("alarms", full));
    expect(named(home, "alarms-cdn-5xx-rate").inputs.region).toBe("us-east-1");
    expect(ofType(home, "aws:sns/topic:Topic")).toHaveLength(1);

    const eu = await evaluate(() => new Alarms("alarms", { ...full, region: "eu-west-1" }));
    expect(ofType(eu, "aws:sns/topic:Topic").map((t) => [t.name, t.inputs.region])).toEqual([
      ["alarms-topic", undefined],
      ["alarms-edge-topic", "us-east-1"],
    ]);
    expect(named(eu, "alarms-edge-key-key").inputs.region).toBe("us-east-1");
    expect(named(eu, "alarms-cdn-5xx-rate").propertyDependencies?.alarmActions).toEqual([
      named(eu, "alarms-edge-topic").urn,
    ]);
  });

  it("takes thresholds from its args", async () => {
    const result = await evaluate(
      () =>
        new Alarms("alarms", { ...full, thresholds: { poolCpuPercent: 70, targetResponseP99Seconds: 10 } }),
    );
    expect(named(result, "alarms-burst-cpu").inputs.threshold).toBe(70);
    expect(named(result, "alarms-alb-p99-latency").inputs.threshold).toBe(10);
  });
});

describe("Alarms arguments", () => {
  it("names bad thresholds, emails and pool keys", () => {
    expect(
      validateAlarmsArgs({
        region: "us-east-1",
        kmsKeyArn: KEY,
        alertEmail: "ops",
        thresholds: { poolCpuPercent: -1 },
        autoScalingGroups: { "Bad Pool": "x" },
      }).map((i) => i.reason),
    ).toEqual([
      'alertEmail must be an email address like ops@example.com; got "ops"',
      "thresholds.poolCpuPercent must be a number >= 0; got -1",
      'autoScalingGroups must be keyed by lower-case names like baseline; got "Bad Pool"',
    ]);
  });
});
