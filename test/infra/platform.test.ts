import * as path from "node:path";
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { beforeAll, describe, expect, it } from "vitest";
import { readPlatformConfig, validatePlatformConfig } from "../../infra/config";
import { Network } from "../../infra/network";
import { createPlatform } from "../../infra/platform";
import { REQUIRED_TAG_KEYS } from "../../infra/tags";
import { evaluateProgram } from "../../src/plan/evaluate";
import type { CapturedResource, EvaluationResult } from "../../src/plan/types";
import {
  effectiveTags,
  evaluate,
  evaluatePlatform,
  input,
  isTaggable,
  loadStackConfig,
  named,
  ofType,
  onlyOfType,
  policyDocument,
  REPO_ROOT,
} from "./helpers";

const ASG = "aws:autoscaling/group:Group";

describe.each(["dev", "prod"])("the %s stack", (stack) => {
  let result: EvaluationResult;
  beforeAll(async () => {
    result = await evaluatePlatform(stack);
  });

  it("evaluates from its stack file and exports the useful outputs", () => {
    expect(result.outputs).toMatchObject({
      vpcId: expect.stringMatching(/^vpc-/),
      baselineAsgName: expect.stringMatching(/^baseline-asg/),
      burstAsgName: expect.stringMatching(/^burst-asg/),
      assetsBucketName: expect.stringMatching(/^assets-bucket/),
      cdnDomainName: expect.stringMatching(/\.cloudfront\.net$/),
    });
    const azCount = JSON.parse(loadStackConfig(stack)["openclaw:availabilityZones"] ?? "[]").length;
    expect(result.outputs.privateSubnetIds).toHaveLength(azCount);
    expect(result.outputs.publicSubnetIds).toHaveLength(azCount);
  });

  it("puts every required tag on every taggable resource (provider defaultTags merged with its own tags)", () => {
    const taggable = result.resources.filter((r) => r.custom && r.type !== ASG && isTaggable(r.type));
    expect(taggable.length).toBeGreaterThan(20);
    const missing: string[] = [];
    for (const resource of taggable) {
      const tags = effectiveTags(result, resource);
      for (const key of REQUIRED_TAG_KEYS) if (!tags[key]) missing.push(`${resource.name}: ${key}`);
      if (tags.environment !== stack) missing.push(`${resource.name}: environment=${tags.environment}`);
    }
    expect(missing).toEqual([]);
  });

  it("parents every resource to one of our components (only the provider sits at the stack root)", () => {
    const byUrn = new Map(result.resources.map((r) => [r.urn, r]));
    const atRoot = result.resources.filter((r) => byUrn.get(r.parent ?? "")?.type === "pulumi:pulumi:Stack");
    expect(atRoot.map((r) => r.type).sort()).toEqual(
      [
        "openclaw:infra:Alarms",
        "openclaw:infra:Cache",
        "openclaw:infra:Cdn",
        "openclaw:infra:Cluster",
        "openclaw:infra:ComputePool",
        "openclaw:infra:ComputePool",
        "openclaw:infra:EncryptionKey",
        "openclaw:infra:LoadBalancer",
        "openclaw:infra:Network",
        "openclaw:infra:SpotInterruptionHandler",
        "openclaw:infra:TieredStorage",
        "openclaw:index:GatewayService",
        "pulumi:providers:aws",
        "pulumi:providers:kubernetes",
        // prod encrypts assets with SSE-KMS under a stack-managed key.
        ...(stack === "prod" ? ["openclaw:infra:EncryptionKey"] : []),
        // dev sets a budget (AWS Budget + anomaly alerts) and a Spot-interruption experiment.
        ...(stack === "dev" ? ["openclaw:infra:FinOps", "openclaw:infra:SpotInterruptionExperiment"] : []),
      ].sort(),
    );
    for (const resource of result.resources.filter((r) => r.custom && r.type.startsWith("aws:"))) {
      expect(byUrn.get(resource.parent ?? "")?.type, resource.name).toMatch(/^openclaw:infra:/);
      expect(resource.provider, resource.name).toMatch(/::aws::/);
    }
  });

  it("gives every resource a distinct name (reports and URNs stay unambiguous)", () => {
    const names = result.resources.map((r) => r.name);
    expect(names.filter((n, i) => names.indexOf(n) !== i)).toEqual([]);
  });

  it("gives each ASG the required tags as propagate-at-launch blocks (defaultTags don't reach ASGs)", () => {
    const asgs = ofType(result, ASG);
    expect(asgs).toHaveLength(2);
    for (const asg of asgs) {
      const blocks = asg.inputs.tags as { key: string; value: string; propagateAtLaunch: boolean }[];
      for (const key of REQUIRED_TAG_KEYS) {
        expect(blocks.find((b) => b.key === key)).toMatchObject({
          propagateAtLaunch: true,
          value: expect.any(String),
        });
      }
    }
  });

  it("spreads both pools over a private subnet in every AZ", () => {
    const privateSubnets = ofType(result, "aws:ec2/subnet:Subnet").filter((s) =>
      s.name.includes("-private-"),
    );
    for (const asg of ofType(result, ASG)) {
      expect((asg.inputs.vpcZoneIdentifiers as string[]).length).toBe(privateSubnets.length);
      expect(asg.propertyDependencies?.vpcZoneIdentifiers?.sort()).toEqual(
        privateSubnets.map((s) => s.urn).sort(),
      );
    }
  });

  it("uses the shared secure defaults: IMDSv2, encrypted gp3, no public IP, blocked and encrypted buckets", () => {
    for (const lt of ofType(result, "aws:ec2/launchTemplate:LaunchTemplate")) {
      expect(input(lt, "metadataOptions.httpTokens")).toBe("required");
      expect(input(lt, "metadataOptions.httpPutResponseHopLimit")).toBeLessThanOrEqual(2);
      expect(input(lt, "blockDeviceMappings.0.ebs")).toMatchObject({ encrypted: "true", volumeType: "gp3" });
      expect(input(lt, "networkInterfaces.0.associatePublicIpAddress")).toBe("false");
    }
    const buckets = ofType(result, "aws:s3/bucket:Bucket");
    // assets, CDN logs, ALB logs
    expect(buckets).toHaveLength(3);
    for (const type of [
      "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock",
      "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration",
      "aws:s3/bucketVersioning:BucketVersioning",
      "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration",
      "aws:s3/bucketPolicy:BucketPolicy",
      "aws:s3/bucketOwnershipControls:BucketOwnershipControls",
    ]) {
      expect(
        ofType(result, type)
          .map((r) => r.propertyDependencies?.bucket?.[0])
          .sort(),
      ).toEqual(buckets.map((b) => b.urn).sort());
    }
  });
});

describe("the tag check itself", () => {
  it("flags resources created without the tagging provider", async () => {
    const result = await evaluate(
      () => new Network("bare", { availabilityZones: ["us-east-1a", "us-east-1b"] }),
    );
    const vpc = onlyOfType(result, "aws:ec2/vpc:Vpc");
    expect(isTaggable(vpc.type)).toBe(true);
    expect(effectiveTags(result, vpc)).toEqual({ Name: "bare-vpc" });
    expect(isTaggable("aws:ec2/routeTableAssociation:RouteTableAssociation")).toBe(false);
  });
});

describe("environment-dependent choices", () => {
  let dev: EvaluationResult;
  let prod: EvaluationResult;
  beforeAll(async () => {
    dev = await evaluatePlatform("dev");
    prod = await evaluatePlatform("prod");
  });

  const distribution = (r: EvaluationResult): CapturedResource =>
    onlyOfType(r, "aws:cloudfront/distribution:Distribution");
  const distributionOf = (r: EvaluationResult) => input(distribution(r), "priceClass");
  const pool = (r: EvaluationResult, name: string) =>
    r.resources.find((x) => x.name === `${name}-asg`) as CapturedResource;

  it("dev: 2 AZs, one NAT gateway, PriceClass_100, Spot above a small On-Demand base", () => {
    expect(ofType(dev, "aws:ec2/natGateway:NatGateway")).toHaveLength(1);
    expect(ofType(dev, "aws:ec2/subnet:Subnet")).toHaveLength(4);
    expect(distributionOf(dev)).toBe("PriceClass_100");
    expect(input(pool(dev, "burst"), "mixedInstancesPolicy.instancesDistribution")).toMatchObject({
      onDemandBaseCapacity: 0,
      onDemandPercentageAboveBaseCapacity: 0,
      spotAllocationStrategy: "price-capacity-optimized",
    });
    expect(
      ofType(dev, "aws:autoscaling/schedule:Schedule")
        .map((s) => s.name)
        .sort(),
    ).toEqual(["burst-schedule-business-hours", "burst-schedule-off-hours"]);
    expect(input(named(dev, "network-flow-logs"), "retentionInDays")).toBe(14);
    expect(input(named(dev, "cluster-logs"), "retentionInDays")).toBe(30);
  });

  it("prod: 3 AZs, a NAT gateway per AZ, On-Demand base >= 2 in every pool, longer retention", () => {
    expect(ofType(prod, "aws:ec2/natGateway:NatGateway")).toHaveLength(3);
    expect(ofType(prod, "aws:ec2/subnet:Subnet")).toHaveLength(6);
    expect(distributionOf(prod)).toBe("PriceClass_All");
    for (const name of ["baseline", "burst"]) {
      const base = input(
        pool(prod, name),
        "mixedInstancesPolicy.instancesDistribution.onDemandBaseCapacity",
      ) as number;
      expect(base).toBeGreaterThanOrEqual(2);
    }
    expect(
      input(
        pool(prod, "burst"),
        "mixedInstancesPolicy.instancesDistribution.onDemandPercentageAboveBaseCapacity",
      ),
    ).toBe(20);
    expect(input(named(prod, "network-flow-logs"), "retentionInDays")).toBe(365);
    expect(input(named(prod, "cluster-logs"), "retentionInDays")).toBe(365);
    expect(ofType(prod, "aws:autoscaling/schedule:Schedule")).toEqual([]);
    expect(
      ofType(prod, "aws:autoscaling/policy:Policy")
        .map((p) => p.name)
        .sort(),
    ).toEqual(["baseline-cpu-target", "baseline-predictive", "burst-cpu-target"]);
  });

  it("prod: SSE-KMS assets under a rotating stack-managed key that only this CDN may decrypt with", () => {
    // dev: the platform key (cache, alarm topic) and the cluster's own key (secrets, control-plane logs).
    expect(
      ofType(dev, "aws:kms/key:Key")
        .map((k) => k.name)
        .sort(),
    ).toEqual(["cluster-key-key", "platform-key-key"]);
    const key = named(prod, "assets-key-key");
    expect(key.inputs.enableKeyRotation).toBe(true);
    const statements = policyDocument(key).Statement;
    expect(statements.map((st) => st.Sid)).toEqual(["EnableIamPolicies", "AllowCloudFrontOacDecrypt"]);
    expect(statements[0]?.Principal).toEqual({ AWS: "arn:aws:iam::123456789012:root" });
    expect(statements[1]).toMatchObject({
      Principal: { Service: "cloudfront.amazonaws.com" },
      Action: "kms:Decrypt",
      Condition: {
        StringEquals: {
          "AWS:SourceArn": expect.stringMatching(/^arn:aws:cloudfront::\d{12}:distribution\//),
        },
      },
    });
    expect(key.dependencies).toContain(distribution(prod).urn);
    const sse = prod.resources.find((r) => r.name === "assets-sse") as CapturedResource;
    expect(input(sse, "rules.0.applyServerSideEncryptionByDefault.sseAlgorithm")).toBe("aws:kms");
    expect(sse.propertyDependencies?.rules).toContain(key.urn);
  });

  it("`auto` NAT and price class follow the environment", async () => {
    const staging = await evaluatePlatform("dev", {
      "openclaw:environment": "staging",
      "openclaw:albCertificateArn": "arn:aws:acm:us-east-1:123456789012:certificate/staging",
      "openclaw:apiDomainName": "api-origin.staging.example.com",
      "openclaw:natGateways": "auto",
      "openclaw:cdnPriceClass": "auto",
      "openclaw:availabilityZones": '["us-east-1a","us-east-1b","us-east-1c"]',
    });
    expect(ofType(staging, "aws:ec2/natGateway:NatGateway")).toHaveLength(1);
    expect(distributionOf(staging)).toBe("PriceClass_100");
    const prodAuto = await evaluatePlatform("prod", {
      "openclaw:natGateways": "auto",
      "openclaw:cdnPriceClass": "auto",
    });
    expect(ofType(prodAuto, "aws:ec2/natGateway:NatGateway")).toHaveLength(3);
    expect(distributionOf(prodAuto)).toBe("PriceClass_All");
  });
});

describe("createPlatform options", () => {
  it("uses a caller's provider instead of creating one", async () => {
    const result = await evaluateProgram({
      program: () => {
        const provider = new aws.Provider("caller", {
          region: "eu-west-1",
          defaultTags: {
            tags: {
              owner: "x",
              "cost-center": "y",
              environment: "dev",
              service: "z",
              "managed-by": "pulumi",
            },
          },
        });
        const config = validatePlatformConfig({
          "aws:region": "eu-west-1",
          availabilityZones: ["eu-west-1a", "eu-west-1b"],
        });
        return createPlatform(config, { provider });
      },
      stack: "dev",
    });
    const providers = ofType(result, "pulumi:providers:aws");
    expect(providers.map((p) => p.name)).toEqual(["caller"]);
    for (const resource of result.resources.filter((r) => r.type.startsWith("aws:"))) {
      expect(resource.provider, resource.name).toMatch(/::caller::/);
    }
  });
});

describe("preview mode", () => {
  it("evaluates with unknown outputs too, still with one policy per bucket", async () => {
    const result = await evaluateProgram({
      program: () => createPlatform(readPlatformConfig(new pulumi.Config())),
      stack: "dev",
      config: loadStackConfig("dev"),
      preview: true,
    });
    expect(ofType(result, "aws:s3/bucketPolicy:BucketPolicy")).toHaveLength(3);
    expect(ofType(result, ASG)).toHaveLength(2);
  });
});

describe("lifecycle tiers from config", () => {
  it("drop a tier whose days are 0 (e.g. keep CDN-served objects out of Deep Archive)", async () => {
    const result = await evaluatePlatform("dev", { "openclaw:storageDeepArchiveDays": "0" });
    const lifecycle = result.resources.find((r) => r.name === "assets-lifecycle");
    expect(lifecycle && input(lifecycle, "rules.0.transitions")).toEqual([
      { storageClass: "STANDARD_IA", days: 30 },
      { storageClass: "GLACIER_IR", days: 90 },
    ]);
  });
});

describe("optional hardening keys", () => {
  it("wire a KMS key into the flow-log group and a WAF web ACL into the distribution", async () => {
    const kms = "arn:aws:kms:us-east-1:123456789012:key/abc";
    const waf = "arn:aws:wafv2:us-east-1:123456789012:global/webacl/edge/1";
    const result = await evaluatePlatform("dev", {
      "openclaw:flowLogKmsKeyArn": kms,
      "openclaw:cdnWebAclArn": waf,
    });
    expect(named(result, "network-flow-logs").inputs.kmsKeyId).toBe(kms);
    expect(onlyOfType(result, "aws:cloudfront/distribution:Distribution").inputs.webAclId).toBe(waf);
  });
});

describe("index.ts", () => {
  it("runs as a Pulumi program file and exports the stack outputs", async () => {
    const result = await evaluateProgram({
      program: path.join(REPO_ROOT, "index.ts"),
      stack: "dev",
      config: loadStackConfig("dev"),
    });
    expect(Object.keys(result.outputs).sort()).toEqual(
      [
        "assetsBucketName",
        "baselineAsgName",
        "burstAsgName",
        "cdnDistributionId",
        "cdnDomainName",
        "cdnLogBucketName",
        "assetsKeyArn",
        "budgetName",
        "chaosExperimentTemplateId",
        "clusterEndpoint",
        "clusterName",
        "gatewayInClusterUrl",
        "cdnUrl",
        "natGatewayIds",
        "platformKeyArn",
        "loadBalancerDnsName",
        "apiBaseUrl",
        "gatewayRedisUrl",
        "alarmTopicArn",
        "dashboardName",
        "privateSubnetIds",
        "publicSubnetIds",
        "vpcId",
      ].sort(),
    );
    expect(result.outputs.cdnUrl).toMatch(/^https:\/\/d[0-9a-f]+\.cloudfront\.net$/);
    expect(result.outputs.apiBaseUrl).toMatch(/^https:\/\/d[0-9a-f]+\.cloudfront\.net\/v1$/);
  });
});
