import { describe, expect, it } from "vitest";
import { SpotInterruptionExperiment, validateSpotInterruptionArgs } from "../../infra/chaos";
import { evaluate, evaluatePlatform } from "./helpers";

const TEMPLATE = "aws:fis/experimentTemplate:ExperimentTemplate";
const ALARM = "aws:cloudwatch/metricAlarm:MetricAlarm";
const ROLE = "aws:iam/role:Role";
const ROLE_POLICY = "aws:iam/rolePolicy:RolePolicy";

describe("SpotInterruptionExperiment", () => {
  it("interrupts a share of the tagged Spot pool, stops on the guard alarm, with a role scoped to that", async () => {
    const result = await evaluate(
      () =>
        new SpotInterruptionExperiment("chaos", {
          targetAutoScalingGroupName: "burst-asg-1",
          percent: 25,
          guardAutoScalingGroupName: "baseline-asg-1",
          guardMinInService: 2,
        }),
    );
    const alarm = result.resources.find((r) => r.type === ALARM);
    expect(alarm?.inputs).toMatchObject({
      namespace: "AWS/AutoScaling",
      metricName: "GroupInServiceInstances",
      dimensions: { AutoScalingGroupName: "baseline-asg-1" },
      comparisonOperator: "LessThanThreshold",
      threshold: 2,
      treatMissingData: "breaching",
    });
    const template = result.resources.find((r) => r.type === TEMPLATE);
    expect(template?.inputs).toMatchObject({
      stopConditions: [{ source: "aws:cloudwatch:alarm" }],
      targets: [
        {
          name: "spot-pool",
          resourceType: "aws:ec2:spot-instance",
          resourceTags: [{ key: "aws:autoscaling:groupName", value: "burst-asg-1" }],
          filters: [{ path: "State.Name", values: ["running"] }],
          selectionMode: "PERCENT(25)",
        },
      ],
      actions: [
        {
          name: "interrupt",
          actionId: "aws:ec2:send-spot-instance-interruptions",
          parameters: [{ key: "durationBeforeInterruption", value: "PT2M" }],
          target: { key: "SpotInstances", value: "spot-pool" },
        },
      ],
    });
    // The stop condition is the alarm above; the template runs as the role below.
    expect(template?.dependencies).toEqual(expect.arrayContaining([alarm?.urn]));
    const role = result.resources.find((r) => r.type === ROLE);
    expect(JSON.parse(String(role?.inputs.assumeRolePolicy))).toEqual({
      Version: "2012-10-17",
      Statement: [{ Effect: "Allow", Principal: { Service: "fis.amazonaws.com" }, Action: "sts:AssumeRole" }],
    });
    const policy = JSON.parse(String(result.resources.find((r) => r.type === ROLE_POLICY)?.inputs.policy));
    expect(policy.Statement).toEqual([
      {
        Sid: "InterruptThePoolOnly",
        Effect: "Allow",
        Action: "ec2:SendSpotInstanceInterruptions",
        Resource: "arn:aws:ec2:*:*:instance/*",
        Condition: { StringEquals: { "aws:ResourceTag/aws:autoscaling:groupName": "burst-asg-1" } },
      },
    ]);
  });

  it("names the argument and the value it refuses", () => {
    expect(
      validateSpotInterruptionArgs({
        targetAutoScalingGroupName: "a",
        guardAutoScalingGroupName: "b",
        percent: 0,
        guardMinInService: 0,
        durationBeforeInterruption: "PT1M",
      }).map((i) => i.reason),
    ).toEqual([
      "percent must be a whole number from 1 to 100; got 0",
      "guardMinInService must be a whole number >= 1; got 0",
      'durationBeforeInterruption must be PT2M to PT15M; got "PT1M"',
    ]);
  });

  it("targets the dev stack's burst pool and guards its baseline pool", async () => {
    const dev = await evaluatePlatform("dev");
    const template = dev.resources.find((r) => r.type === TEMPLATE);
    const targets = template?.inputs.targets as Array<{
      resourceTags: Array<{ value: string }>;
      selectionMode: string;
    }>;
    expect(targets[0]?.selectionMode).toBe("PERCENT(30)");
    const alarm = dev.resources.find((r) => r.type === ALARM && r.name === "spot-chaos-stop");
    expect(alarm?.inputs.threshold).toBe(1);
    // The groups are auto-named: the mocks name them after the resource ("burst-asg-<hex>").
    expect(targets[0]?.resourceTags[0]?.value).toMatch(/^burst-asg-[0-9a-f]+$/);
    const guard = (alarm?.inputs.dimensions as Record<string, string> | undefined)?.AutoScalingGroupName;
    expect(guard).toMatch(/^baseline-asg-[0-9a-f]+$/);
  });
});
