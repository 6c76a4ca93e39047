import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { type ArgIssue, argIssue, throwIfArgIssues } from "./arg-errors";

export interface SpotInterruptionExperimentArgs {
  /** The Spot pool whose instances get interruption notices (selected by its `aws:autoscaling:groupName` tag). */
  readonly targetAutoScalingGroupName: pulumi.Input<string>;
  /** Share (1-100) of the pool's running Spot instances to interrupt. @default 30 */
  readonly percent?: number;
  /** The pool that must stay healthy meanwhile; its in-service count is the stop condition. */
  readonly guardAutoScalingGroupName: pulumi.Input<string>;
  /** The experiment stops when the guard pool has fewer in-service instances than this. @default 1 */
  readonly guardMinInService?: number;
  /** Warning time between the notice and the interruption (ISO 8601, PT2M is what Spot gives). @default "PT2M" */
  readonly durationBeforeInterruption?: string;
}

export const SPOT_INTERRUPTION_ACTION = "aws:ec2:send-spot-instance-interruptions";
const GROUP_TAG = "aws:autoscaling:groupName";

export function validateSpotInterruptionArgs(args: SpotInterruptionExperimentArgs): ArgIssue[] {
  const issues: ArgIssue[] = [];
  const percent = args.percent ?? 30;
  if (!Number.isInteger(percent) || percent < 1 || percent > 100) {
    issues.push(argIssue("percent", "must be a whole number from 1 to 100", percent));
  }
  const floor = args.guardMinInService ?? 1;
  if (!Number.isInteger(floor) || floor < 1) {
    issues.push(argIssue("guardMinInService", "must be a whole number >= 1", floor));
  }
  const duration = args.durationBeforeInterruption ?? "PT2M";
  if (!/^PT([2-9]|1[0-5])M$/.test(duration)) {
    issues.push(argIssue("durationBeforeInterruption", "must be PT2M to PT15M", duration));
  }
  return issues;
}

/**
 * An AWS FIS experiment template that rehearses Spot reclaims: interruption notices to a share of the Spot
 * pool's instances, stopped by a CloudWatch alarm when the guard pool loses capacity, run by a role that may
 * do nothing but send those notices to that pool. Nothing happens until someone starts an experiment.
 */
export class SpotInterruptionExperiment extends pulumi.ComponentResource {
  readonly experimentTemplateId: pulumi.Output<string>;
  readonly stopAlarmArn: pulumi.Output<string>;
  readonly roleArn: pulumi.Output<string>;

  constructor(name: string, args: SpotInterruptionExperimentArgs, opts?: pulumi.ComponentResourceOptions) {
    super("openclaw:infra:SpotInterruptionExperiment", name, {}, opts);
    throwIfArgIssues(`SpotInterruptionExperiment "${name}"`, validateSpotInterruptionArgs(args));
    const percent = args.percent ?? 30;

    const stopAlarm = new aws.cloudwatch.MetricAlarm(
      `${name}-stop`,
      {
        alarmDescription: pulumi.interpolate`Stops the Spot interruption experiment when ${args.guardAutoScalingGroupName} has fewer than ${args.guardMinInService ?? 1} in-service instances`,
        namespace: "AWS/AutoScaling",
        metricName: "GroupInServiceInstances",
        dimensions: { AutoScalingGroupName: args.guardAutoScalingGroupName },
        statistic: "Minimum",
        period: 60,
        evaluationPeriods: 1,
        comparisonOperator: "LessThanThreshold",
        threshold: args.guardMinInService ?? 1,
        // No data from the guard pool is as bad as no capacity: stop.
        treatMissingData: "breaching",
      },
      { parent: this },
    );

    const partition = aws.getPartitionOutput({}, { parent: this });
    const role = new aws.iam.Role(
      `${name}-role`,
      {
        description: "AWS FIS: send Spot interruption notices to one pool",
        assumeRolePolicy: JSON.stringify({
          Version: "2012-10-17",
          Statement: [
            { Effect: "Allow", Principal: { Service: "fis.amazonaws.com" }, Action: "sts:AssumeRole" },
          ],
        }),
      },
      { parent: this },
    );
    new aws.iam.RolePolicy(
      `${name}-policy`,
      {
        role: role.name,
        policy: pulumi
          .all([args.targetAutoScalingGroupName, partition.partition])
          .apply(([group, awsPartition]) =>
            JSON.stringify({
              Version: "2012-10-17",
              Statement: [
                {
                  Sid: "InterruptThePoolOnly",
                  Effect: "Allow",
                  Action: "ec2:SendSpotInstanceInterruptions",
                  Resource: `arn:${awsPartition}:ec2:*:*:instance/*`,
                  Condition: { StringEquals: { [`aws:ResourceTag/${GROUP_TAG}`]: group } },
                },
              ],
            }),
          ),
      },
      { parent: this },
    );

    const template = new aws.fis.ExperimentTemplate(
      `${name}-template`,
      {
        description: `Interrupt ${percent}% of the Spot pool's instances with a 2-minute notice`,
        roleArn: role.arn,
        stopConditions: [{ source: "aws:cloudwatch:alarm", value: stopAlarm.arn }],
        targets: [
          {
            name: "spot-pool",
            resourceType: "aws:ec2:spot-instance",
            resourceTags: [{ key: GROUP_TAG, value: args.targetAutoScalingGroupName }],
            filters: [{ path: "State.Name", values: ["running"] }],
            selectionMode: `PERCENT(${percent})`,
          },
        ],
        actions: [
          {
            name: "interrupt",
            actionId: SPOT_INTERRUPTION_ACTION,
            parameters: [
              { key: "durationBeforeInterruption", value: args.durationBeforeInterruption ?? "PT2M" },
            ],
            target: { key: "SpotInstances", value: "spot-pool" },
          },
        ],
        tags: { Name: `${name}-template` },
      },
      { parent: this },
    );

    this.experimentTemplateId = template.id;
    this.stopAlarmArn = stopAlarm.arn;
    this.roleArn = role.arn;
    this.registerOutputs({
      experimentTemplateId: this.experimentTemplateId,
      stopAlarmArn: this.stopAlarmArn,
      roleArn: this.roleArn,
    });
  }
}
