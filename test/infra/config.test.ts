import * as pulumi from "@pulumi/pulumi";
import { describe, expect, it } from "vitest";
import { PlatformConfigError, readPlatformConfig, validatePlatformConfig } from "../../infra/config";
import { evaluateProgram } from "../../src/plan/evaluate";
import { evaluatePlatform, loadStackConfig } from "./helpers";

/** The message validatePlatformConfig throws for `raw`, or a failure if it accepts it. */
function errorFor(raw: Record<string, unknown>): string {
  try {
    validatePlatformConfig(raw);
  } catch (e) {
    expect(e).toBeInstanceOf(PlatformConfigError);
    return (e as Error).message;
  }
  throw new Error(`accepted ${JSON.stringify(raw)}`);
}

describe("validatePlatformConfig", () => {
  it("applies the defaults for a bare stack", () => {
    const config = validatePlatformConfig({});
    expect(config.region).toBe("us-east-1");
    expect(config.tags).toEqual({
      environment: "dev",
      owner: "platform-team",
      costCenter: "cc-0000",
      service: "openclaw",
    });
    expect(config.network).toEqual({
      availabilityZones: ["us-east-1a", "us-east-1b"],
      vpcCidr: "10.0.0.0/16",
      natGateways: "single",
      flowLogRetentionDays: 30,
    });
    expect(config.compute.burst.onDemandPercentageAboveBaseCapacity).toBe(0);
    expect(config.cdn.priceClass).toBe("PriceClass_100");
    expect(config.storage.kmsKeyArn).toBeUndefined();
  });

  it("accepts values as Pulumi hands them over: strings, with lists as JSON", () => {
    const config = validatePlatformConfig({
      baselineMinSize: "2",
      baselineMaxSize: "5",
      offHoursScaleDown: "true",
      availabilityZones: '["us-east-1a","us-east-1c"]',
    });
    expect(config.compute.baseline).toMatchObject({ minSize: 2, maxSize: 5 });
    expect(config.compute.offHoursScaleDown).toBe(true);
    expect(config.network.availabilityZones).toEqual(["us-east-1a", "us-east-1c"]);
  });

  it("rejects an unknown environment", () => {
    expect(errorFor({ environment: "qa" })).toBe(
      'invalid stack config: openclaw:environment must be one of dev, staging, prod; got "qa" (fix with: pulumi config set openclaw:environment <value>)',
    );
  });

  it("rejects negative and non-numeric sizes, naming the key and value", () => {
    expect(errorFor({ burstMinSize: "-1" })).toContain('openclaw:burstMinSize must be >= 0; got "-1"');
    expect(errorFor({ burstMaxSize: "two" })).toContain(
      'openclaw:burstMaxSize must be a whole number; got "two"',
    );
  });

  it("rejects a spot share over 100", () => {
    expect(errorFor({ burstSpotPercentage: 120 })).toContain(
      "openclaw:burstSpotPercentage must be <= 100; got 120",
    );
  });

  it("rejects an empty instance-type list", () => {
    expect(errorFor({ baselineInstanceTypes: "[]" })).toContain(
      'openclaw:baselineInstanceTypes must list at least one instance type; got "[]"',
    );
  });

  it("rejects malformed AZ lists", () => {
    expect(errorFor({ availabilityZones: "us-east-1a,us-east-1b" })).toContain(
      'openclaw:availabilityZones must be a JSON list of AZ names, e.g. ["us-east-1a","us-east-1b"]; got "us-east-1a,us-east-1b"',
    );
    expect(errorFor({ availabilityZones: ["us-east-1a"] })).toContain(
      'openclaw:availabilityZones must list at least 2 AZs (ASGs need subnets in 2+ AZs); got ["us-east-1a"]',
    );
    expect(errorFor({ availabilityZones: ["us-east-1a", "east"] })).toContain(
      'openclaw:availabilityZones must hold AZ names like us-east-1a; got ["us-east-1a","east"]',
    );
    expect(errorFor({ availabilityZones: ["eu-west-1a", "eu-west-1b"] })).toContain(
      "openclaw:availabilityZones must all be in aws:region us-east-1 (found eu-west-1a, eu-west-1b)",
    );
  });

  it("enforces an On-Demand base of at least 2 per pool in prod", () => {
    expect(errorFor({ environment: "prod", baselineOnDemandBase: 2, burstOnDemandBase: 1 })).toContain(
      "openclaw:burstOnDemandBase must be at least 2 in prod (an On-Demand floor in two AZs survives Spot reclaims); got 1",
    );
  });

  it("skips a lifecycle tier set to 0 and measures the next from the last kept tier", () => {
    const storage = validatePlatformConfig({ storageGlacierIrDays: 0, storageDeepArchiveDays: 0 }).storage;
    expect(storage).toMatchObject({
      standardIaAfterDays: 30,
      glacierInstantRetrievalAfterDays: null,
      deepArchiveAfterDays: null,
    });
    // Deep Archive after IA only needs IA's 30-day stay once Glacier IR is skipped.
    expect(
      validatePlatformConfig({ storageGlacierIrDays: 0, storageDeepArchiveDays: 60 }).storage
        .deepArchiveAfterDays,
    ).toBe(60);
  });

  it("leaves the KMS key unset for aws:kms without one (the platform then creates its own)", () => {
    expect(validatePlatformConfig({ storageEncryption: "aws:kms" }).storage).toMatchObject({
      encryption: "aws:kms",
    });
    expect(validatePlatformConfig({ storageEncryption: "aws:kms" }).storage.kmsKeyArn).toBeUndefined();
    const key = "arn:aws:kms:us-east-1:123456789012:key/abc";
    expect(
      validatePlatformConfig({ storageEncryption: "aws:kms", storageKmsKeyArn: key }).storage.kmsKeyArn,
    ).toBe(key);
  });

  it("rejects an ARN of the wrong service where one is expected", () => {
    expect(errorFor({ cdnWebAclArn: "arn:aws:kms:us-east-1:123456789012:key/x" })).toContain(
      'openclaw:cdnWebAclArn must be an wafv2 ARN (arn:aws:wafv2:...) or empty; got "arn:aws:kms:us-east-1:123456789012:key/x"',
    );
    const config = validatePlatformConfig({
      flowLogKmsKeyArn: "arn:aws:kms:us-east-1:123456789012:key/abc",
      cdnWebAclArn: "arn:aws:wafv2:us-east-1:123456789012:global/webacl/edge/1",
    });
    expect(config.network.flowLogKmsKeyArn).toBe("arn:aws:kms:us-east-1:123456789012:key/abc");
    expect(config.cdn.webAclArn).toBe("arn:aws:wafv2:us-east-1:123456789012:global/webacl/edge/1");
  });

  it("reads the cluster keys: version, allow-list, pinned add-ons, and the kubeconfig as a secret", async () => {
    const defaults = validatePlatformConfig({});
    expect({ ...defaults.cluster, existingKubeconfig: undefined }).toEqual({
      version: "1.35",
      publicAccessCidrs: [],
      addonVersions: {},
      logRetentionDays: 90,
      kmsKeyArn: undefined,
      adminPrincipalArns: [],
      existingKubeconfig: undefined,
      terminationHandlerReplicas: 2,
    });
    const config = validatePlatformConfig({
      environment: "prod",
      baselineOnDemandBase: 2,
      burstOnDemandBase: 2,
      albCertificateArn:
        "arn:aws:acm:us-east-1:123456789012:certificate/00000000-0000-0000-0000-000000000000",
      apiDomainName: "api-origin.example.com",
      redisReplicas: 1,
      clusterPublicAccessCidrs: '["203.0.113.0/24"]',
      clusterVpcCniVersion: "v1.20.4-eksbuild.1",
      existingKubeconfig: "apiVersion: v1",
    });
    expect(config.cluster.publicAccessCidrs).toEqual(["203.0.113.0/24"]);
    expect(config.cluster.addonVersions).toEqual({ "vpc-cni": "v1.20.4-eksbuild.1" });
    expect(config.cluster.terminationHandlerReplicas).toBe(3);
    expect(
      config.cluster.existingKubeconfig && pulumi.isSecret(config.cluster.existingKubeconfig),
    ).toBeTruthy();
  });

  it("rejects a bad cluster version, a world-open endpoint and a malformed add-on version; never echoes the kubeconfig", () => {
    expect(errorFor({ clusterVersion: "latest" })).toContain(
      'openclaw:clusterVersion must be a Kubernetes minor version like "1.34"; got "latest"',
    );
    expect(errorFor({ clusterPublicAccessCidrs: ["0.0.0.0/0"] })).toContain(
      "openclaw:clusterPublicAccessCidrs must not open the API to the whole internet (/0)",
    );
    expect(errorFor({ clusterCoreDnsVersion: "1.11" })).toContain(
      'openclaw:clusterCoreDnsVersion must be an add-on version like "v1.20.4-eksbuild.1" or empty; got "1.11"',
    );
    const message = errorFor({ existingKubeconfig: { token: "hunter2" } });
    expect(message).toContain(
      'openclaw:existingKubeconfig must be a kubeconfig (YAML or JSON text); got "[secret]"',
    );
    expect(message).not.toContain("hunter2");
  });

  it("lists several problems at once and rejects unknown keys (typos)", () => {
    const message = errorFor({ environment: "qa", flowLogRetentionDays: 10 });
    expect(message.split(" | ")).toHaveLength(2);
    expect(message).toContain("openclaw:flowLogRetentionDays must be a CloudWatch retention period");
    expect(errorFor({ baselineMinsize: 1 })).toBe(
      "invalid stack config: openclaw:baselineMinsize is not a config key this project declares; did you mean " +
        "openclaw:baselineMinSize?; got 1 (fix with: pulumi config rm openclaw:baselineMinsize, then pulumi " +
        "config set openclaw:baselineMinSize <value>)",
    );
  });

  it("accepts the planner's keys (monthlyBudgetUsd, usage)", () => {
    const config = { monthlyBudgetUsd: "100", budgetAlertEmails: '["finops@example.com"]', usage: "{}" };
    expect(validatePlatformConfig(config).region).toBe("us-east-1");
  });

  it("leaves rules a component checks to the component (one rule, one place)", () => {
    for (const raw of RULES_OF_COMPONENTS) expect(() => validatePlatformConfig(raw.config)).not.toThrow();
  });
});

/** Config that only a component can judge, and the component's error naming its argument and the value. */
const RULES_OF_COMPONENTS: { config: Record<string, string>; error: string }[] = [
  {
    config: { baselineMinSize: "5", baselineMaxSize: "3" },
    error: 'ComputePool "baseline": minSize must not exceed maxSize (3); got 5',
  },
  {
    config: { burstInstanceTypes: '["m6i.large"]' },
    error: 'ComputePool "burst": instanceTypes must list at least 3 types when the pool uses Spot',
  },
  {
    config: { availabilityZones: '["us-east-1a","us-east-1a"]' },
    error: 'Network "network": availabilityZones must not repeat an AZ; got ["us-east-1a"]',
  },
  {
    config: { storageGlacierIrDays: "40" },
    error:
      'TieredStorage "assets": lifecycle.glacierInstantRetrievalAfterDays must be at least 30 days after standardIaAfterDays (30); got 40',
  },
  {
    config: { cdnAliases: '["cdn.example.com"]' },
    error:
      'Cdn "cdn": aliases need acmCertificateArn (an ACM certificate in us-east-1 covering them); got ["cdn.example.com"]',
  },
];

describe("readPlatformConfig", () => {
  it("reads the stack's config through pulumi.Config, aws:region included", async () => {
    let seen: ReturnType<typeof readPlatformConfig> | undefined;
    await evaluateProgram({
      program: () => {
        seen = readPlatformConfig(new pulumi.Config());
      },
      stack: "prod",
      config: {
        ...loadStackConfig("prod"),
        "aws:region": "eu-west-1",
        "openclaw:availabilityZones": '["eu-west-1a","eu-west-1b"]',
        // Load balancers take certificates from their own region.
        "openclaw:albCertificateArn": "arn:aws:acm:eu-west-1:123456789012:certificate/eu",
      },
    });
    expect(seen?.region).toBe("eu-west-1");
    expect(seen?.tags.environment).toBe("prod");
    expect(seen?.network.natGateways).toBe("one-per-az");
    expect(seen?.compute.burst).toMatchObject({
      minSize: 2,
      maxSize: 20,
      onDemandBaseCapacity: 2,
      onDemandPercentageAboveBaseCapacity: 20,
    });
  });

  it("fails the whole program with the key and value when config is bad", async () => {
    await expect(evaluatePlatform("dev", { "openclaw:environment": "qa" })).rejects.toThrow(
      /openclaw:environment must be one of dev, staging, prod; got "qa"/,
    );
  });

  it("fails the program on an openclaw:* key Pulumi.yaml doesn't declare, naming the closest one", async () => {
    await expect(evaluatePlatform("dev", { "openclaw:monthlyBudgetUsdd": "100" })).rejects.toThrow(
      "openclaw:monthlyBudgetUsdd is not a config key this project declares; did you mean openclaw:monthlyBudgetUsd?",
    );
    await expect(
      evaluatePlatform("dev", { "openclaw:monthlyBudgetUsd": "100", "openclaw:usage": "{}" }),
    ).resolves.toBeDefined();
  });

  it.each(RULES_OF_COMPONENTS)("fails the program from the component for %j", async ({ config, error }) => {
    const overrides = Object.fromEntries(Object.entries(config).map(([k, v]) => [`openclaw:${k}`, v]));
    await expect(evaluatePlatform("dev", overrides)).rejects.toThrow(error);
  });
});
