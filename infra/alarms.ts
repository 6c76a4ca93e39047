import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { CLOUDFRONT_METRICS_REGION, dashboardBody } from "./alarm-dashboard";
import { type ArgIssue, argIssue, throwIfArgIssues } from "./arg-errors";
import { EncryptionKey } from "./encryption-key";
import type { PolicyStatement } from "./tiered-storage";

/** Alarm thresholds. Each has a default tuned for an LLM gateway (long, streamed answers). */
export interface AlarmThresholds {
  /** ALB 5xx responses (its own plus its targets') as a percentage of requests. @default 5 */
  readonly loadBalancer5xxPercent?: number;
  /**
   * p99 of the time until the target starts answering, in seconds. Non-streamed completions of
   * large models take tens of seconds, hence the generous default.
   * @default 30
   */
  readonly targetResponseP99Seconds?: number;
  /** Unhealthy targets tolerated before alarming. @default 0 */
  readonly unhealthyHosts?: number;
  /** Average CPU of a pool. @default 85 */
  readonly poolCpuPercent?: number;
  /** CloudFront 5xx error rate (percent of requests). @default 5 */
  readonly cdn5xxPercent?: number;
  /** Redis engine-thread CPU (Redis runs commands on one core). @default 80 */
  readonly cacheEngineCpuPercent?: number;
  /** Redis memory used, percent of maxmemory. @default 80 */
  readonly cacheMemoryPercent?: number;
  /** Keys evicted per 5 minutes: shared limits and budgets must never be evicted. @default 0 */
  readonly cacheEvictions?: number;
}

export interface AlarmsArgs {
  /** The stack's region: decides whether CloudFront's alarm needs its own topic in us-east-1. */
  readonly region: string;
  /**
   * Customer-managed key for the topic. Its policy must let `cloudwatch.amazonaws.com` use it
   * (`cloudWatchKeyStatement`): alarms cannot publish to a topic under the AWS-managed SNS key.
   */
  readonly kmsKeyArn: pulumi.Input<string>;
  /** Email address subscribed to the topic (AWS mails a confirmation link first). @default undefined (none) */
  readonly alertEmail?: string;
  /** The ALB and its target group, by CloudWatch dimension (`arnSuffix`). @default undefined (no ALB alarms) */
  readonly loadBalancer?: {
    readonly arnSuffix: pulumi.Input<string>;
    readonly targetGroupArnSuffix: pulumi.Input<string>;
  };
  /** Auto Scaling group names keyed by a stable pool name (it names the alarm). @default {} */
  readonly autoScalingGroups?: Readonly<Record<string, pulumi.Input<string>>>;
  /** CloudFront distribution id. @default undefined (no CDN alarm) */
  readonly cdnDistributionId?: pulumi.Input<string>;
  /** ElastiCache member cluster ids (`<group>-001`, ...). A plain list: one alarm set each. @default [] */
  readonly cacheClusterIds?: readonly pulumi.Input<string>[];
  /** @default see AlarmThresholds */
  readonly thresholds?: AlarmThresholds;
}

const DEFAULT_THRESHOLDS: Required<AlarmThresholds> = {
  loadBalancer5xxPercent: 5,
  targetResponseP99Seconds: 30,
  unhealthyHosts: 0,
  poolCpuPercent: 85,
  cdn5xxPercent: 5,
  cacheEngineCpuPercent: 80,
  cacheMemoryPercent: 80,
  cacheEvictions: 0,
};

type AlarmSpec = Omit<aws.cloudwatch.MetricAlarmArgs, "alarmActions" | "okActions">;

/**
 * CloudWatch alarms on the request path (ALB errors, latency and unhealthy targets; pool CPU; CDN
 * errors; Redis CPU, memory and evictions) to one KMS-encrypted SNS topic, plus one dashboard.
 */
export class Alarms extends pulumi.ComponentResource {
  readonly topicArn: pulumi.Output<string>;
  readonly dashboardName: pulumi.Output<string>;
  /** Names of the alarms' child resources, for tests and docs. */
  readonly alarmNames: readonly string[];

  constructor(name: string, args: AlarmsArgs, opts?: pulumi.ComponentResourceOptions) {
    super("openclaw:infra:Alarms", name, {}, opts);
    throwIfArgIssues(`Alarms "${name}"`, validateAlarmsArgs(args));
    const t = { ...DEFAULT_THRESHOLDS, ...args.thresholds };

    const topic = createTopic(`${name}-topic`, args.kmsKeyArn, args.alertEmail, undefined, this);
    const names: string[] = [];
    const alarm = (suffix: string, spec: AlarmSpec, topicArn: pulumi.Input<string> = topic.arn) => {
      names.push(`${name}-${suffix}`);
      new aws.cloudwatch.MetricAlarm(
        `${name}-${suffix}`,
        { treatMissingData: "notBreaching", ...spec, alarmActions: [topicArn], okActions: [topicArn] },
        { parent: this },
      );
    };

    const lb = args.loadBalancer;
    if (lb) {
      const albDims = { LoadBalancer: lb.arnSuffix };
      alarm("alb-5xx-rate", {
        alarmDescription: `ALB 5xx responses above ${t.loadBalancer5xxPercent}% of requests`,
        comparisonOperator: "GreaterThanThreshold",
        threshold: t.loadBalancer5xxPercent,
        evaluationPeriods: 3,
        datapointsToAlarm: 2,
        metricQueries: [
          {
            id: "rate",
            label: "5xx %",
            returnData: true,
            // FILL: a minute without errors reports no datapoint at all.
            expression: "100 * (FILL(elb, 0) + FILL(target, 0)) / FILL(requests, 1)",
          },
          metricQuery("elb", "AWS/ApplicationELB", "HTTPCode_ELB_5XX_Count", "Sum", albDims),
          metricQuery("target", "AWS/ApplicationELB", "HTTPCode_Target_5XX_Count", "Sum", albDims),
          metricQuery("requests", "AWS/ApplicationELB", "RequestCount", "Sum", albDims),
        ],
      });
      alarm("alb-p99-latency", {
        alarmDescription: `p99 target response time above ${t.targetResponseP99Seconds} s`,
        namespace: "AWS/ApplicationELB",
        metricName: "TargetResponseTime",
        dimensions: albDims,
        extendedStatistic: "p99",
        period: 300,
        evaluationPeriods: 2,
        comparisonOperator: "GreaterThanThreshold",
        threshold: t.targetResponseP99Seconds,
      });
      alarm("alb-unhealthy-hosts", {
        alarmDescription: `More than ${t.unhealthyHosts} unhealthy targets`,
        namespace: "AWS/ApplicationELB",
        metricName: "UnHealthyHostCount",
        dimensions: { LoadBalancer: lb.arnSuffix, TargetGroup: lb.targetGroupArnSuffix },
        statistic: "Maximum",
        period: 60,
        evaluationPeriods: 5,
        comparisonOperator: "GreaterThanThreshold",
        threshold: t.unhealthyHosts,
      });
    }

    for (const [pool, groupName] of Object.entries(args.autoScalingGroups ?? {})) {
      alarm(`${pool}-cpu`, {
        alarmDescription: `Pool ${pool}: average CPU above ${t.poolCpuPercent}% (scaling is not keeping up)`,
        namespace: "AWS/EC2",
        metricName: "CPUUtilization",
        dimensions: { AutoScalingGroupName: groupName },
        statistic: "Average",
        period: 300,
        evaluationPeriods: 3,
        comparisonOperator: "GreaterThanThreshold",
        threshold: t.poolCpuPercent,
      });
    }

    if (args.cdnDistributionId !== undefined) {
      // An alarm's topic must be in the alarm's region; outside us-east-1 the CDN gets its own.
      const edgeTopic =
        args.region === CLOUDFRONT_METRICS_REGION
          ? topic
          : createTopic(
              `${name}-edge-topic`,
              new EncryptionKey(
                `${name}-edge-key`,
                {
                  description: `${name}: CloudFront alarm topic (us-east-1)`,
                  region: CLOUDFRONT_METRICS_REGION,
                  extraPolicyStatements: [cloudWatchKeyStatement()],
                },
                { parent: this },
              ).keyArn,
              args.alertEmail,
              CLOUDFRONT_METRICS_REGION,
              this,
            );
      alarm(
        "cdn-5xx-rate",
        {
          alarmDescription: `CloudFront 5xx error rate above ${t.cdn5xxPercent}%`,
          region: CLOUDFRONT_METRICS_REGION,
          namespace: "AWS/CloudFront",
          metricName: "5xxErrorRate",
          dimensions: { DistributionId: args.cdnDistributionId, Region: "Global" },
          statistic: "Average",
          period: 300,
          evaluationPeriods: 2,
          comparisonOperator: "GreaterThanThreshold",
          threshold: t.cdn5xxPercent,
        },
        edgeTopic.arn,
      );
    }

    for (const [i, clusterId] of (args.cacheClusterIds ?? []).entries()) {
      // Member ids are `<group>-001`, `-002`...: the position is the member's stable identity.
      const member = `cache-${String(i + 1).padStart(3, "0")}`;
      const dims = { CacheClusterId: clusterId };
      const cacheAlarm = (
        suffix: string,
        metricName: string,
        statistic: string,
        threshold: number,
        what: string,
      ) =>
        alarm(`${member}-${suffix}`, {
          alarmDescription: `Redis ${member}: ${what}`,
          namespace: "AWS/ElastiCache",
          metricName,
          dimensions: dims,
          statistic,
          period: 300,
          evaluationPeriods: 2,
          comparisonOperator: "GreaterThanThreshold",
          threshold,
        });
      cacheAlarm(
        "engine-cpu",
        "EngineCPUUtilization",
        "Average",
        t.cacheEngineCpuPercent,
        `engine CPU above ${t.cacheEngineCpuPercent}%`,
      );
      cacheAlarm(
        "memory",
        "DatabaseMemoryUsagePercentage",
        "Maximum",
        t.cacheMemoryPercent,
        `memory above ${t.cacheMemoryPercent}%`,
      );
      cacheAlarm(
        "evictions",
        "Evictions",
        "Sum",
        t.cacheEvictions,
        `more than ${t.cacheEvictions} keys evicted in 5 minutes`,
      );
    }

    const dashboard = new aws.cloudwatch.Dashboard(
      `${name}-dashboard`,
      {
        dashboardName: `${name}-request-path`,
        dashboardBody: pulumi
          .all([
            args.region,
            lb?.arnSuffix,
            lb?.targetGroupArnSuffix,
            pulumi.all(Object.values(args.autoScalingGroups ?? {})),
            args.cdnDistributionId,
            pulumi.all([...(args.cacheClusterIds ?? [])]),
          ])
          .apply(([region, albSuffix, targetGroupSuffix, groups, distributionId, clusters]) =>
            JSON.stringify(
              dashboardBody({ region, albSuffix, targetGroupSuffix, groups, distributionId, clusters }),
            ),
          ),
      },
      { parent: this },
    );

    this.topicArn = topic.arn;
    this.dashboardName = dashboard.dashboardName;
    this.alarmNames = names;
    this.registerOutputs({ topicArn: this.topicArn, dashboardName: this.dashboardName });
  }
}

function createTopic(
  name: string,
  kmsKeyArn: pulumi.Input<string>,
  alertEmail: string | undefined,
  region: string | undefined,
  parent: pulumi.Resource,
): aws.sns.Topic {
  const topic = new aws.sns.Topic(
    name,
    { kmsMasterKeyId: kmsKeyArn, region, tags: { Name: name } },
    { parent },
  );
  if (alertEmail) {
    new aws.sns.TopicSubscription(
      `${name}-email`,
      { topic: topic.arn, protocol: "email", endpoint: alertEmail, region },
      { parent },
    );
  }
  return topic;
}

function metricQuery(
  id: string,
  namespace: string,
  metricName: string,
  stat: string,
  dimensions: Record<string, pulumi.Input<string>>,
): aws.types.input.cloudwatch.MetricAlarmMetricQuery {
  return { id, returnData: false, metric: { namespace, metricName, dimensions, stat, period: 60 } };
}

/** The key-policy statement that lets CloudWatch alarms publish to a topic encrypted with the key. */
export function cloudWatchKeyStatement(): PolicyStatement {
  return {
    Sid: "AllowCloudWatchAlarmsToPublish",
    Effect: "Allow",
    Principal: { Service: "cloudwatch.amazonaws.com" },
    Action: ["kms:Decrypt", "kms:GenerateDataKey*"],
    Resource: "*",
  };
}

const EMAIL = /^[^@\s]+@[^@\s]+\.[^@\s]+$/;

/** Checks every plain argument; returns all problems at once. */
export function validateAlarmsArgs(args: AlarmsArgs): ArgIssue[] {
  const issues: ArgIssue[] = [];
  if (args.alertEmail !== undefined && !EMAIL.test(args.alertEmail)) {
    issues.push(argIssue("alertEmail", "must be an email address like ops@example.com", args.alertEmail));
  }
  for (const [key, value] of Object.entries(args.thresholds ?? {})) {
    if (value !== undefined && !(typeof value === "number" && Number.isFinite(value) && value >= 0)) {
      issues.push(argIssue(`thresholds.${key}`, "must be a number >= 0", value));
    }
  }
  for (const pool of Object.keys(args.autoScalingGroups ?? {})) {
    if (!/^[a-z][a-z0-9-]*$/.test(pool)) {
      issues.push(argIssue("autoScalingGroups", "must be keyed by lower-case names like baseline", pool));
    }
  }
  return issues;
}
