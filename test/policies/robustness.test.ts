import type { ResourceValidationArgs, ResourceValidationPolicy, StackValidationPolicy } from "@pulumi/policy";
import { describe, expect, it } from "vitest";
import { T } from "../../policies/lib/types";
import { catalog } from "../../policies/policies";

/**
 * Bad input never crashes a policy: every policy runs over resources whose properties have the wrong shape
 * (numbers for objects, strings for lists, nulls, unknowns, garbage inside containers) and must either report
 * or pass, never throw. This calls the policy functions directly: the shapes here can't be produced by a typed
 * Pulumi program.
 */
const SENTINEL = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";
const ODD_VALUES: unknown[] = [
  null,
  7,
  "text",
  true,
  [1, "x", null, SENTINEL],
  { a: { b: 1 } },
  SENTINEL,
  [],
];
const KEYS = [
  "tags",
  "instanceType",
  "instanceTypes",
  "metadataOptions",
  "blockDeviceMappings",
  "networkInterfaces",
  "userData",
  "userDataBase64",
  "mixedInstancesPolicy",
  "vpcZoneIdentifiers",
  "availabilityZones",
  "rootBlockDevice",
  "ebsBlockDevices",
  "origins",
  "defaultCacheBehavior",
  "orderedCacheBehaviors",
  "viewerCertificate",
  "loggingConfig",
  "priceClass",
  "retentionInDays",
  "policy",
  "acl",
  "grants",
  "accessControlPolicy",
  "bucket",
  "rules",
  "rule",
  "versioningConfiguration",
  "spec",
  "metadata",
  "type",
  "encrypted",
  "kmsKeyId",
  "webAclId",
  "healthCheckType",
  "targetGroupArns",
  "loadBalancers",
  "launchConfiguration",
  "launchTemplate",
  "associatePublicIpAddress",
  "serverSideEncryptionConfiguration",
  "lifecycleRules",
  "versioning",
  "autoscalingGroupName",
  "blockPublicAcls",
  "blockPublicPolicy",
  "ignorePublicAcls",
  "restrictPublicBuckets",
];

function oddShapes(): Record<string, unknown>[] {
  const shapes: Record<string, unknown>[] = [{}];
  for (const value of ODD_VALUES) shapes.push(Object.fromEntries(KEYS.map((key) => [key, value])));
  const odd = { securityContext: 3, capabilities: "x", resources: [], image: 5 };
  const podSpec = {
    containers: [5, "x", null, odd, { ...odd, securityContext: { capabilities: { drop: "ALL", add: 4 } } }],
    initContainers: "no",
  };
  shapes.push({
    spec: { template: { spec: podSpec, metadata: { labels: [1] } }, replicas: "two", selector: 1 },
    metadata: { labels: "x" },
  });
  shapes.push({ spec: podSpec, tags: [{ key: 1 }, "x", null], policy: '{"Statement": 5}' });
  shapes.push({
    policy: JSON.stringify({
      Statement: [5, { Effect: "Allow", Principal: { AWS: [1, "*"] }, Condition: 3 }],
    }),
  });
  shapes.push({
    origins: [5, { domainName: 3, s3OriginConfig: "x" }],
    rules: [{ applyServerSideEncryptionByDefault: 4 }],
  });
  return shapes;
}

const ODD_PROVIDERS: Record<string, unknown>[] = [
  {},
  { defaultTags: "not json" },
  { defaultTags: 5 },
  { defaultTags: { tags: [1] } },
];
const TYPES = [...new Set([...Object.values(T), "aws:ec2/vpc:Vpc", "aws:autoscaling/attachment:Attachment"])];

function resourceArgs(
  type: string,
  props: Record<string, unknown>,
  providerProps: Record<string, unknown>,
): ResourceValidationArgs {
  return {
    type,
    props,
    urn: `urn:pulumi:dev::p::${type}::r`,
    name: "r",
    opts: {
      protect: false,
      ignoreChanges: [],
      aliases: [],
      customTimeouts: { createSeconds: 0, updateSeconds: 0, deleteSeconds: 0 },
      additionalSecretOutputs: [],
    },
    provider: {
      type: "pulumi:providers:aws",
      props: providerProps,
      urn: "urn:pulumi:dev::p::pulumi:providers:aws::p",
      name: "p",
    },
    stackTags: new Map(),
    isType: () => false,
    asType: () => undefined,
    getConfig: <C extends object>() => ({}) as C,
    notApplicable: () => {
      throw new Error("not applicable");
    },
  };
}

describe("every policy survives malformed properties", () => {
  const shapes = oddShapes();

  it.each(catalog.map((entry) => [entry.policy.name, entry.policy] as const))("%s", async (_name, policy) => {
    const messages: string[] = [];
    const report = (message: string) => {
      messages.push(message);
    };
    const run = async (): Promise<void> => {
      if ("validateStack" in policy) {
        const stackPolicy = policy as StackValidationPolicy;
        for (const providerProps of ODD_PROVIDERS) {
          const resources = TYPES.flatMap((type, i) =>
            shapes.map((props, j) => {
              const args = resourceArgs(type, props, providerProps);
              return {
                type,
                props,
                urn: `urn:pulumi:dev::p::${type}::r${i}-${j}`,
                name: `r${i}-${j}`,
                opts: args.opts,
                provider: args.provider,
                dependencies: [],
                propertyDependencies: { bucket: [], spec: [] },
                isType: () => false,
                asType: () => undefined,
              };
            }),
          );
          await stackPolicy.validateStack(
            {
              resources,
              stackTags: new Map(),
              getConfig: <C extends object>() => ({}) as C,
              notApplicable: () => undefined as never,
            },
            report,
          );
        }
      } else {
        const validate = (policy as ResourceValidationPolicy).validateResource;
        const validations = Array.isArray(validate) ? validate : validate ? [validate] : [];
        for (const type of TYPES) {
          for (const props of shapes) {
            for (const providerProps of ODD_PROVIDERS) {
              for (const v of validations) await v(resourceArgs(type, props, providerProps), report);
            }
          }
        }
      }
    };
    await expect(run()).resolves.toBeUndefined();
    // Whatever a policy reports about garbage is still a readable sentence.
    for (const message of messages) {
      expect(message).toMatch(/^\S.*[.)]$/s);
      expect(message).not.toMatch(/\[object Object\]|undefined|NaN/);
    }
  });
});
