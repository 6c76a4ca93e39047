import { environmentProperty, environmentTagProperty } from "./lib/config";
import { type CatalogEntry, resourcePolicy } from "./lib/policy";
import { environmentOf } from "./lib/tags";
import { T } from "./lib/types";
import { get, isUnknown, list, show, str } from "./lib/values";

/**
 * The cluster the platform runs on: EKS control planes, and how Kubernetes objects reach the cluster. EKS
 * policies read the environment from the cluster's tags merged with its provider's defaultTags (tag key
 * `environmentTag`), falling back to the policy's `environment` config, as in the cost policies.
 */

export const eksSecretsEncryption = resourcePolicy({
  name: "eks-secrets-encryption",
  family: "cluster",
  description:
    'Checks whether EKS clusters envelope-encrypt Kubernetes secrets with a KMS key (encryptionConfig with resources ["secrets"] and provider.keyArn) (CKV_AWS_58).',
  enforcementLevel: "mandatory",
  checkov: ["CKV_AWS_58"],
  remediationSteps: 'Set encryptionConfig: { resources: ["secrets"], provider: { keyArn: <KMS key ARN> } }.',
  types: [T.eksCluster],
  check: (subject, _config, report) => {
    const encryption = subject.props.encryptionConfig;
    if (isUnknown(encryption)) return;
    const resources = list(get(encryption, "resources"));
    const keyArn = get(encryption, "provider", "keyArn");
    if (isUnknown(resources) || isUnknown(keyArn)) return;
    if (!resources.includes("secrets")) {
      report(`encryptionConfig.resources is ${show(get(encryption, "resources"))}; include "secrets".`);
    } else if (!str(keyArn)) {
      report("encryptionConfig.provider.keyArn is unset; set it to a KMS key ARN.");
    }
  },
});

interface LoggingConfig {
  requiredLogTypes: string[];
}

const LOG_TYPES = ["api", "audit", "authenticator", "controllerManager", "scheduler"];

export const eksControlPlaneLogging = resourcePolicy<LoggingConfig>({
  name: "eks-control-plane-logging",
  family: "cluster",
  description:
    "Checks whether EKS clusters ship the required control-plane log types (api, audit, authenticator by default) to CloudWatch (CKV_AWS_37).",
  enforcementLevel: "mandatory",
  checkov: ["CKV_AWS_37"],
  remediationSteps:
    'Set enabledClusterLogTypes to include "api", "audit" and "authenticator" (and create /aws/eks/<name>/cluster with a retention first).',
  configSchema: {
    properties: {
      requiredLogTypes: {
        type: "array",
        items: { type: "string", enum: LOG_TYPES },
        default: ["api", "audit", "authenticator"],
        description: "Control-plane log types every cluster must enable.",
      },
    },
  },
  types: [T.eksCluster],
  check: (subject, config, report) => {
    const enabled = list(subject.props.enabledClusterLogTypes);
    if (isUnknown(enabled)) return;
    const missing = config.requiredLogTypes.filter((type) => !enabled.includes(type));
    if (missing.length === 0) return;
    report(
      `enabledClusterLogTypes is ${show(subject.props.enabledClusterLogTypes)}; add ${missing.map((m) => `"${m}"`).join(", ")}.`,
    );
  },
});

interface EndpointConfig {
  privateEnvironments: string[];
  environment?: string;
  environmentTag: string;
}

export const eksPrivateEndpoint = resourcePolicy<EndpointConfig>({
  name: "eks-private-endpoint",
  family: "cluster",
  description:
    "Checks whether EKS clusters in the listed environments (prod by default) keep the API endpoint private (vpcConfig.endpointPublicAccess false; AWS's default is public) (CKV_AWS_39).",
  enforcementLevel: "mandatory",
  checkov: ["CKV_AWS_39"],
  remediationSteps:
    "Set vpcConfig.endpointPublicAccess: false and endpointPrivateAccess: true; run pulumi and kubectl from inside the VPC (VPN, peering, a runner in the private subnets).",
  configSchema: {
    properties: {
      privateEnvironments: {
        type: "array",
        items: { type: "string" },
        default: ["prod"],
        description: "Environments whose clusters must have a private API endpoint only.",
      },
      environment: environmentProperty,
      environmentTag: environmentTagProperty,
    },
  },
  types: [T.eksCluster],
  check: (subject, config, report) => {
    const env = environmentOf(subject, config);
    if (env === undefined || isUnknown(env) || !config.privateEnvironments.includes(env)) return;
    const publicAccess = get(subject.props, "vpcConfig", "endpointPublicAccess");
    if (isUnknown(publicAccess) || publicAccess === false) return;
    report(
      `vpcConfig.endpointPublicAccess is ${show(publicAccess)}${publicAccess === undefined ? " (AWS makes it public)" : ""} in ${env}; set it to false.`,
    );
  },
});

export const eksPublicAccessCidrs = resourcePolicy({
  name: "eks-public-access-cidrs",
  family: "cluster",
  description:
    "Checks whether an EKS cluster with a public API endpoint limits it to an allow-list (vpcConfig.publicAccessCidrs set, without 0.0.0.0/0) (CKV_AWS_38).",
  enforcementLevel: "mandatory",
  checkov: ["CKV_AWS_38"],
  remediationSteps:
    "Set vpcConfig.publicAccessCidrs to the CIDRs that administer the cluster, or make the endpoint private.",
  types: [T.eksCluster],
  check: (subject, _config, report) => {
    const vpcConfig = subject.props.vpcConfig;
    const publicAccess = get(vpcConfig, "endpointPublicAccess");
    if (isUnknown(publicAccess) || publicAccess === false) return;
    const cidrs = list(get(vpcConfig, "publicAccessCidrs"));
    if (isUnknown(cidrs) || cidrs.some(isUnknown)) return;
    if (cidrs.length === 0) {
      report(
        "vpcConfig.publicAccessCidrs is unset, so the public endpoint accepts 0.0.0.0/0; list your admin CIDRs or make the endpoint private.",
      );
    } else if (cidrs.includes("0.0.0.0/0")) {
      report(
        `vpcConfig.publicAccessCidrs is ${show(get(vpcConfig, "publicAccessCidrs"))}; remove 0.0.0.0/0 and list your admin CIDRs.`,
      );
    }
  },
});

export const k8sExplicitProvider = resourcePolicy({
  name: "k8s-explicit-provider",
  family: "cluster",
  description:
    "Checks whether every Kubernetes object names an explicit kubernetes provider (the default one deploys to whatever cluster the ambient kubeconfig points at).",
  enforcementLevel: "mandatory",
  remediationSteps:
    "Pass { provider: <kubernetes.Provider built from the cluster's kubeconfig> } to the object (or to its parent component's providers).",
  types: (type) => type.startsWith("kubernetes:") && !type.startsWith("kubernetes:helm.sh/"),
  check: (subject, _config, report) => {
    // The engine always names the provider; a caller that sends none leaves nothing to judge.
    const urn = subject.provider?.urn;
    if (urn === undefined) return;
    const name = urn.slice(urn.lastIndexOf("::") + 2);
    if (!name.startsWith("default")) return;
    report(
      `the object uses the default provider (${name}), so it lands in the ambient kubeconfig's cluster; pass the stack's kubernetes provider explicitly.`,
    );
  },
});

export const clusterPolicies: CatalogEntry[] = [
  eksSecretsEncryption,
  eksControlPlaneLogging,
  eksPrivateEndpoint,
  eksPublicAccessCidrs,
  k8sExplicitProvider,
];
