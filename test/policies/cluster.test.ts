import { beforeAll, describe, expect, it } from "vitest";
import { badCluster, goodCluster } from "../fixtures/policy-programs/cluster";
import { familyPolicies, findings, type Judgement, judge } from "./harness";

const CLUSTER = familyPolicies("cluster");
/** The engine names default providers after the installed package's version. */
const DEFAULT_K8S_PROVIDER = `default_${(require("@pulumi/kubernetes/package.json") as { version: string }).version.replaceAll(".", "_")}`;

describe("cluster policies through the analyzer", () => {
  let good: Judgement;
  let bad: Judgement;
  beforeAll(async () => {
    good = await judge(goodCluster, { defaultProviders: true });
    bad = await judge(badCluster, { defaultProviders: true });
  });

  it("passes a private prod cluster, an allow-listed dev cluster (both encrypted and logging) and an explicit kubernetes provider", () => {
    expect(CLUSTER).toEqual([
      "eks-secrets-encryption",
      "eks-control-plane-logging",
      "eks-private-endpoint",
      "eks-public-access-cidrs",
      "k8s-explicit-provider",
    ]);
    expect(findings(good.violations, CLUSTER)).toEqual([]);
  });

  it("flags each mutation on its cluster, naming the property, the value and the fix", () => {
    expect(findings(bad.violations, CLUSTER)).toEqual([
      'eks-control-plane-logging → quiet: enabledClusterLogTypes is ["api"]; add "audit", "authenticator".',
      "eks-private-endpoint → prod-default-endpoint: vpcConfig.endpointPublicAccess is unset (AWS makes it public) in prod; set it to false.",
      "eks-private-endpoint → prod-public: vpcConfig.endpointPublicAccess is true in prod; set it to false.",
      'eks-public-access-cidrs → dev-open: vpcConfig.publicAccessCidrs is ["0.0.0.0/0"]; remove 0.0.0.0/0 and list your admin CIDRs.',
      "eks-public-access-cidrs → prod-default-endpoint: vpcConfig.publicAccessCidrs is unset, so the public endpoint accepts 0.0.0.0/0; list your admin CIDRs or make the endpoint private.",
      "eks-secrets-encryption → no-key: encryptionConfig.provider.keyArn is unset; set it to a KMS key ARN.",
      'eks-secrets-encryption → plain-secrets: encryptionConfig.resources is unset; include "secrets".',
      `k8s-explicit-provider → stray: the object uses the default provider (${DEFAULT_K8S_PROVIDER}), so it lands in the ambient kubeconfig's cluster; pass the stack's kubernetes provider explicitly.`,
    ]);
  });

  it("lets a policy config move the private-endpoint rule to other environments", async () => {
    const judged = await judge(goodCluster, {
      policyConfig: { "eks-private-endpoint": { privateEnvironments: ["dev", "prod"] } },
    });
    expect(findings(judged.violations, ["eks-private-endpoint"])).toEqual([
      "eks-private-endpoint → dev-allow-listed: vpcConfig.endpointPublicAccess is true in dev; set it to false.",
    ]);
  });
});
