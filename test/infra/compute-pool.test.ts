import * as pulumi from "@pulumi/pulumi";
import { describe, expect, it } from "vitest";
import {
  ComputePool,
  type ComputePoolArgs,
  DEFAULT_INSTANCE_TYPES,
  validateComputePoolArgs,
} from "../../infra/compute-pool";
import { evaluate, input, named, ofType, onlyOfType } from "./helpers";

const SUBNETS = ["subnet-a", "subnet-b", "subnet-c"];
const base: ComputePoolArgs = {
  vpcId: "vpc-1",
  subnetIds: SUBNETS,
  minSize: 2,
  maxSize: 10,
  onDemandBaseCapacity: 2,
};

/** Records each registration's ignoreChanges, which the planner's capture does not keep. */
function recordIgnoreChanges(into: Map<string, string[]>): void {
  type Req = { getName(): string; getIgnorechangesList(): string[] };
  const monitor = pulumi.runtime.getMonitor() as unknown as {
    registerResource: (req: Req, cb: unknown) => unknown;
  };
  const original = monitor.registerResource.bind(monitor);
  monitor.registerResource = (req, cb) => {
    into.set(req.getName(), req.getIgnorechangesList());
    return original(req, cb);
  };
}

describe("ComputePool launch template", () => {
  it("requires IMDSv2 with hop limit 2, an encrypted gp3 root volume and no public IP", async () => {
    const result = await evaluate(() => new ComputePool("pool", base));
    const lt = onlyOfType(result, "aws:ec2/launchTemplate:LaunchTemplate");
    expect(lt.inputs.metadataOptions).toMatchObject({
      httpTokens: "required",
      httpPutResponseHopLimit: 2,
      httpEndpoint: "enabled",
    });
    expect(lt.inputs.blockDeviceMappings).toEqual([
      {
        deviceName: "/dev/xvda",
        ebs: { volumeType: "gp3", volumeSize: 20, encrypted: "true", deleteOnTermination: "true" },
      },
    ]);
    const [eni] = lt.inputs.networkInterfaces as Record<string, unknown>[];
    expect(eni?.associatePublicIpAddress).toBe("false");
    expect(eni?.securityGroups).toEqual([expect.stringMatching(/^sg-/)]);
    expect(lt.propertyDependencies?.networkInterfaces).toContain(named(result, "pool-sg").urn);
    expect(lt.inputs.vpcSecurityGroupIds).toBeUndefined();
    // SSM-managed instance profile instead of SSH keys.
    expect(lt.inputs.keyName).toBeUndefined();
    expect(lt.propertyDependencies?.iamInstanceProfile).toEqual([named(result, "pool-profile").urn]);
    const ssm = onlyOfType(result, "aws:iam/rolePolicyAttachment:RolePolicyAttachment");
    expect(ssm.inputs.policyArn).toBe("arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore");
  });

  it("uses a given instance profile (a cluster's node profile) and extra security groups instead of its own role", async () => {
    const result = await evaluate(
      () =>
        new ComputePool("pool", {
          ...base,
          instanceProfile: {
            arn: "arn:aws:iam::123456789012:instance-profile/nodes",
            roleName: "nodes",
          },
          securityGroupIds: ["sg-0nodes"],
        }),
    );
    const lt = onlyOfType(result, "aws:ec2/launchTemplate:LaunchTemplate");
    expect(lt.inputs.iamInstanceProfile).toEqual({ arn: "arn:aws:iam::123456789012:instance-profile/nodes" });
    const [eni] = lt.inputs.networkInterfaces as Record<string, unknown>[];
    expect(eni?.securityGroups).toEqual([expect.stringMatching(/^sg-[0-9a-f]{17}$/), "sg-0nodes"]);
    expect(ofType(result, "aws:iam/role:Role")).toEqual([]);
    expect(ofType(result, "aws:iam/instanceProfile:InstanceProfile")).toEqual([]);
    expect(
      validateComputePoolArgs({
        ...base,
        instanceProfile: { arn: "a", roleName: "r" },
        extraPolicyArns: ["p"],
      }),
    ).toEqual([
      {
        propertyPath: "extraPolicyArns",
        reason:
          'extraPolicyArns cannot be combined with instanceProfile (attach them to that profile\'s role instead); got ["p"]',
      },
    ]);
  });

  it("tags instances, volumes and network interfaces at launch", async () => {
    const tags = { owner: "a", environment: "dev" };
    const result = await evaluate(() => new ComputePool("pool", { ...base, tags }));
    const lt = onlyOfType(result, "aws:ec2/launchTemplate:LaunchTemplate");
    expect(lt.inputs.tagSpecifications).toEqual(
      ["instance", "volume", "network-interface"].map((resourceType) => ({
        resourceType,
        tags: { ...tags, Name: "pool" },
      })),
    );
    const asg = onlyOfType(result, "aws:autoscaling/group:Group");
    expect(asg.inputs.tags).toEqual([
      { key: "Name", value: "pool", propagateAtLaunch: true },
      { key: "environment", value: "dev", propagateAtLaunch: true },
      { key: "owner", value: "a", propagateAtLaunch: true },
    ]);
  });
});

describe("ComputePool auto scaling group", () => {
  it("mixes an On-Demand base with price-capacity-optimized Spot over diverse types", async () => {
    const result = await evaluate(
      () => new ComputePool("pool", { ...base, onDemandPercentageAboveBaseCapacity: 20 }),
    );
    const asg = onlyOfType(result, "aws:autoscaling/group:Group");
    expect(input(asg, "mixedInstancesPolicy.instancesDistribution")).toEqual({
      onDemandBaseCapacity: 2,
      onDemandPercentageAboveBaseCapacity: 20,
      onDemandAllocationStrategy: "prioritized",
      spotAllocationStrategy: "price-capacity-optimized",
    });
    const overrides = input(asg, "mixedInstancesPolicy.launchTemplate.overrides") as {
      instanceType: string;
    }[];
    expect(overrides.map((o) => o.instanceType)).toEqual([...DEFAULT_INSTANCE_TYPES]);
    expect(overrides.length).toBeGreaterThanOrEqual(3);
    expect(asg.inputs.capacityRebalance).toBe(true);
    expect(input(asg, "mixedInstancesPolicy.launchTemplate.launchTemplateSpecification")).toEqual({
      launchTemplateId: expect.stringMatching(/^lt-/),
      version: "1",
    });
  });

  it("defaults to all Spot above the base (AWS's own default would be no Spot at all)", async () => {
    const result = await evaluate(
      () => new ComputePool("pool", { ...base, onDemandBaseCapacity: undefined }),
    );
    const asg = onlyOfType(result, "aws:autoscaling/group:Group");
    expect(input(asg, "mixedInstancesPolicy.instancesDistribution.onDemandBaseCapacity")).toBe(0);
    expect(input(asg, "mixedInstancesPolicy.instancesDistribution.onDemandPercentageAboveBaseCapacity")).toBe(
      0,
    );
  });

  it("can select instances by attributes instead of a type list", async () => {
    const result = await evaluate(
      () =>
        new ComputePool("pool", {
          ...base,
          instanceRequirements: { vcpu: { min: 2, max: 4 }, memoryMib: { min: 4096 } },
        }),
    );
    const asg = onlyOfType(result, "aws:autoscaling/group:Group");
    expect(input(asg, "mixedInstancesPolicy.launchTemplate.overrides")).toEqual([
      {
        instanceRequirements: {
          vcpuCount: { min: 2, max: 4 },
          memoryMib: { min: 4096 },
          burstablePerformance: "excluded",
          cpuManufacturers: ["intel", "amd"],
          instanceGenerations: ["current"],
        },
      },
    ]);
    expect(input(asg, "mixedInstancesPolicy.instancesDistribution.onDemandAllocationStrategy")).toBe(
      "lowest-price",
    );
  });

  it("spans every given subnet, refreshes instances on template changes and leaves desiredCapacity to the scaler", async () => {
    const ignored = new Map<string, string[]>();
    const result = await evaluate(() => {
      recordIgnoreChanges(ignored);
      return new ComputePool("pool", base);
    });
    const asg = onlyOfType(result, "aws:autoscaling/group:Group");
    expect(asg.inputs.vpcZoneIdentifiers).toEqual(SUBNETS);
    expect(asg.inputs).toMatchObject({ minSize: 2, maxSize: 10, desiredCapacity: 2, healthCheckType: "EC2" });
    expect(input(asg, "instanceRefresh")).toMatchObject({
      strategy: "Rolling",
      preferences: { minHealthyPercentage: 90, skipMatching: true },
    });
    expect(ignored.get("pool-asg")).toEqual(["desiredCapacity"]);
    expect(asg.inputs.warmPool).toBeUndefined();
  });

  it("switches to ELB health checks when attached to target groups", async () => {
    const tg = "arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/web/abc";
    const result = await evaluate(() => new ComputePool("pool", { ...base, targetGroupArns: [tg] }));
    const asg = onlyOfType(result, "aws:autoscaling/group:Group");
    expect(asg.inputs).toMatchObject({ healthCheckType: "ELB", targetGroupArns: [tg] });
  });

  it("scales on CPU, and optionally by forecast and on a schedule", async () => {
    const result = await evaluate(
      () =>
        new ComputePool("pool", {
          ...base,
          targetCpuUtilization: 60,
          predictiveScaling: { mode: "ForecastOnly" },
          scheduledActions: [
            { name: "night", recurrence: "0 20 * * *", minSize: 0, maxSize: 0, desiredCapacity: 0 },
          ],
        }),
    );
    const cpu = named(result, "pool-cpu-target");
    expect(cpu.inputs).toMatchObject({
      policyType: "TargetTrackingScaling",
      targetTrackingConfiguration: {
        predefinedMetricSpecification: { predefinedMetricType: "ASGAverageCPUUtilization" },
        targetValue: 60,
      },
    });
    expect(named(result, "pool-predictive").inputs).toMatchObject({
      policyType: "PredictiveScaling",
      predictiveScalingConfiguration: {
        mode: "ForecastOnly",
        metricSpecification: {
          targetValue: 60,
          predefinedMetricPairSpecification: { predefinedMetricType: "ASGCPUUtilization" },
        },
      },
    });
    const schedule = onlyOfType(result, "aws:autoscaling/schedule:Schedule");
    expect(schedule.name).toBe("pool-schedule-night");
    expect(schedule.inputs).toMatchObject({
      scheduledActionName: "night",
      recurrence: "0 20 * * *",
      timeZone: "Etc/UTC",
      maxSize: 0,
    });
  });

  it("adds no predictive policy or schedules unless asked", async () => {
    const result = await evaluate(() => new ComputePool("pool", base));
    expect(ofType(result, "aws:autoscaling/policy:Policy").map((p) => p.name)).toEqual(["pool-cpu-target"]);
    expect(ofType(result, "aws:autoscaling/schedule:Schedule")).toEqual([]);
  });

  it("uses a plain launch template and a warm pool for a single-type On-Demand pool", async () => {
    const result = await evaluate(
      () =>
        new ComputePool("pool", {
          ...base,
          instanceTypes: ["m6i.large"],
          onDemandPercentageAboveBaseCapacity: 100,
          warmPool: { minSize: 1 },
        }),
    );
    const asg = onlyOfType(result, "aws:autoscaling/group:Group");
    expect(asg.inputs.mixedInstancesPolicy).toBeUndefined();
    expect(input(asg, "launchTemplate")).toEqual({ id: expect.stringMatching(/^lt-/), version: "1" });
    expect(asg.inputs.warmPool).toEqual({
      minSize: 1,
      poolState: "Stopped",
      instanceReusePolicy: { reuseOnScaleIn: true },
    });
    expect(onlyOfType(result, "aws:ec2/launchTemplate:LaunchTemplate").inputs.instanceType).toBe("m6i.large");
  });
});

describe("ComputePool arguments", () => {
  it("names the argument and value: empty type list, too few types for Spot, bad sizes", () => {
    expect(() => new ComputePool("p", { ...base, instanceTypes: [] })).toThrow(
      'ComputePool "p": instanceTypes must list at least one instance type; got []',
    );
    expect(
      validateComputePoolArgs({ ...base, instanceTypes: ["m6i.large", "m5.large"] }).map((i) => i.reason),
    ).toEqual([
      'instanceTypes must list at least 3 types when the pool uses Spot (diversification survives reclaims), or use instanceRequirements; got ["m6i.large","m5.large"]',
    ]);
    // Two types are fine when the pool never uses Spot.
    expect(
      validateComputePoolArgs({
        ...base,
        instanceTypes: ["m6i.large", "m5.large"],
        onDemandPercentageAboveBaseCapacity: 100,
      }),
    ).toEqual([]);
    expect(validateComputePoolArgs({ ...base, minSize: -1 }).map((i) => i.propertyPath)).toEqual(["minSize"]);
    expect(validateComputePoolArgs({ ...base, minSize: 11 })[0]?.reason).toBe(
      "minSize must not exceed maxSize (10); got 11",
    );
    expect(
      validateComputePoolArgs({ ...base, onDemandPercentageAboveBaseCapacity: 101 })[0]?.propertyPath,
    ).toBe("onDemandPercentageAboveBaseCapacity");
  });

  it("rejects one subnet, bad instance names, a warm pool on a mixed group and a bad hop limit", () => {
    const issues = validateComputePoolArgs({
      ...base,
      subnetIds: ["subnet-a"],
      instanceTypes: ["m6i.large", "M5 large", "c6i.large"],
      warmPool: {},
      metadataHopLimit: 3 as 2,
    });
    expect(issues.map((i) => i.propertyPath)).toEqual([
      "subnetIds",
      "instanceTypes",
      "warmPool",
      "metadataHopLimit",
    ]);
    expect(issues[1]?.reason).toBe('instanceTypes must hold names like m6i.large; got ["M5 large"]');
  });

  it("throws one InputPropertiesError listing every problem", () => {
    try {
      new ComputePool("p", { ...base, minSize: 20, rootVolumeSizeGiB: 4 });
      expect.unreachable();
    } catch (e) {
      expect(pulumi.InputPropertiesError.isInstance(e)).toBe(true);
      expect((e as pulumi.InputPropertiesError).errors.map((x) => x.propertyPath)).toEqual([
        "minSize",
        "rootVolumeSizeGiB",
      ]);
    }
  });
});
