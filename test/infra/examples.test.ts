import * as fs from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { REQUIRED_TAG_KEYS } from "../../infra/tags";
import { evaluateProgram } from "../../src/plan/evaluate";
import type { EvaluationResult } from "../../src/plan/types";
import { exampleConfig } from "./example-config";
import { effectiveTags, input, isTaggable, ofType, onlyOfType, REPO_ROOT } from "./helpers";

const EXAMPLES_DIR = path.join(REPO_ROOT, "examples");
const ASG = "aws:autoscaling/group:Group";

function run(example: string): Promise<EvaluationResult> {
  return evaluateProgram({
    program: path.join(EXAMPLES_DIR, example, "index.ts"),
    stack: example,
    config: exampleConfig(example),
  });
}

/** Per-variation assertions: what the example exists to show. */
const EXPECTATIONS: Record<string, (result: EvaluationResult) => void> = {
  "dev-spot": (result) => {
    expect(ofType(result, "aws:ec2/natGateway:NatGateway")).toHaveLength(1);
    const asg = onlyOfType(result, ASG);
    expect(input(asg, "mixedInstancesPolicy.instancesDistribution")).toMatchObject({
      onDemandBaseCapacity: 0,
      onDemandPercentageAboveBaseCapacity: 0,
    });
    expect(ofType(result, "aws:autoscaling/schedule:Schedule")).toHaveLength(2);
  },
  "prod-ha": (result) => {
    expect(ofType(result, "aws:ec2/natGateway:NatGateway")).toHaveLength(3);
    expect(ofType(result, ASG)).toHaveLength(2);
    const dist = onlyOfType(result, "aws:cloudfront/distribution:Distribution");
    expect(input(dist, "viewerCertificate.minimumProtocolVersion")).toBe("TLSv1.2_2021");
    expect(input(dist, "priceClass")).toBe("PriceClass_All");
  },
  "intelligent-tiering": (result) => {
    const lifecycle = result.resources.find((r) => r.name === "media-lifecycle");
    expect(lifecycle && input(lifecycle, "rules.0.transitions")).toEqual([
      { storageClass: "INTELLIGENT_TIERING", days: 0 },
    ]);
    expect(
      ofType(result, "aws:s3/bucketIntelligentTieringConfiguration:BucketIntelligentTieringConfiguration"),
    ).toHaveLength(1);
  },
  "single-pool-on-demand-base": (result) => {
    const asg = onlyOfType(result, ASG);
    expect(input(asg, "mixedInstancesPolicy.instancesDistribution")).toMatchObject({
      onDemandBaseCapacity: 2,
      onDemandPercentageAboveBaseCapacity: 30,
      spotAllocationStrategy: "price-capacity-optimized",
    });
    expect(
      input(asg, "mixedInstancesPolicy.launchTemplate.overrides.0.instanceRequirements.vcpuCount"),
    ).toEqual({ min: 2, max: 4 });
  },
  // Its mandatory-violation check is policy-compliance.test.ts's, as for every example.
  "gateway-on-existing-cluster": (result) => {
    const deployment = onlyOfType(result, "kubernetes:apps/v1:Deployment");
    expect(deployment.provider).toMatch(/::cluster::/);
    expect(ofType(result, "kubernetes:core/v1:Secret")).toHaveLength(1);
  },
  "eks-spot-nodes": (result) => {
    const eks = onlyOfType(result, "aws:eks/cluster:Cluster");
    expect(input(eks, "vpcConfig.publicAccessCidrs")).toEqual(["203.0.113.0/24"]);
    const template = onlyOfType(result, "aws:ec2/launchTemplate:LaunchTemplate");
    const userData = Buffer.from(String(template.inputs.userData), "base64").toString("utf8");
    expect(userData).toContain("name: eks-spot-nodes\n");
    expect(userData).toContain("--node-labels=openclaw.dev/pool=workers");
    expect(onlyOfType(result, "aws:eks/accessEntry:AccessEntry").inputs.type).toBe("EC2_LINUX");
    expect(ofType(result, "aws:cloudwatch/eventRule:EventRule")).toHaveLength(4);
    expect(ofType(result, "aws:autoscaling/lifecycleHook:LifecycleHook")).toHaveLength(1);
  },
  "warm-pool": (result) => {
    const asg = onlyOfType(result, ASG);
    expect(asg.inputs.mixedInstancesPolicy).toBeUndefined();
    expect(input(asg, "warmPool.minSize")).toBe(2);
  },
};

describe("examples", () => {
  const found = fs
    .readdirSync(EXAMPLES_DIR, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name);

  it("has a program and an expectation for every example directory, and vice versa", () => {
    expect(found.filter((d) => !fs.existsSync(path.join(EXAMPLES_DIR, d, "index.ts")))).toEqual([]);
    expect(found.sort()).toEqual(Object.keys(EXPECTATIONS).sort());
  });

  it.each(Object.keys(EXPECTATIONS))(
    "%s evaluates under mocks, shows its variation and tags everything",
    async (example) => {
      const result = await run(example);
      EXPECTATIONS[example]?.(result);
      const untagged = result.resources
        .filter((r) => r.custom && !r.type.startsWith("pulumi:") && r.type !== ASG && isTaggable(r.type))
        .filter((r) => REQUIRED_TAG_KEYS.some((key) => !effectiveTags(result, r)[key]))
        .map((r) => r.name);
      expect(untagged).toEqual([]);
    },
  );
});
