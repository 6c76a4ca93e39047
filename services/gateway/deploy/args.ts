import type * as pulumi from "@pulumi/pulumi";
import type { GatewayConfigSpec } from "./config-args";

/** How the gateway's Service is reachable. */
export const ServiceExposure = {
  /** Inside the cluster only. */
  ClusterIP: "ClusterIP",
  /** On every node's port (for a load balancer's target group). */
  NodePort: "NodePort",
  /** Through the cloud's load balancer for Services. */
  LoadBalancer: "LoadBalancer",
} as const;
export type ServiceExposure = (typeof ServiceExposure)[keyof typeof ServiceExposure];

/** CPU and memory as Kubernetes quantities ("250m", "512Mi"). */
export interface ResourceList {
  readonly cpu?: string;
  readonly memory?: string;
}

export interface ResourceRequirements {
  /** @default { cpu: "250m", memory: "256Mi" } */
  readonly requests?: ResourceList;
  /** @default { cpu: "1", memory: "512Mi" } */
  readonly limits?: ResourceList;
}

/** A toleration, as in a pod spec (e.g. of a spot node pool's taint). */
export interface Toleration {
  readonly key?: string;
  /** "Equal" or "Exists". @default "Equal" */
  readonly operator?: string;
  readonly value?: string;
  /** "NoSchedule", "PreferNoSchedule" or "NoExecute"; empty matches all. */
  readonly effect?: string;
}

/** A soft preference for nodes whose label `key` has one of `values` (heavier weight wins). */
export interface NodePreference {
  /** 1-100. */
  readonly weight: number;
  readonly key: string;
  readonly values: string[];
}

export interface GatewayServiceArgs {
  /** The gateway image, pinned by tag or digest (e.g. `ghcr.io/openclaw/gateway:1.4.2`). */
  readonly image: pulumi.Input<string>;
  /** The gateway config without its secrets; validated at construction by the gateway's own schema. */
  readonly config: GatewayConfigSpec;
  /** Upstream API keys by provider id; each must be a Pulumi secret. Only ever stored in the Secret. @default {} */
  readonly providerKeys?: Record<string, pulumi.Input<string>>;
  /** Virtual keys in clear by key id (or use `keySha256` in config); each must be a Pulumi secret. @default {} */
  readonly virtualKeys?: Record<string, pulumi.Input<string>>;
  /**
   * Redis shared by the replicas for limits, budgets and the cache. Must be a Pulumi secret when it
   * carries a password. Kept in the Secret either way.
   * @default undefined (per-replica state)
   */
  readonly redisUrl?: pulumi.Input<string>;
  /** Bearer token /metrics requires; a Pulumi secret. @default undefined (/metrics open) */
  readonly metricsToken?: pulumi.Input<string>;
  /** @default 2 */
  readonly minReplicas?: number;
  /** @default 6 */
  readonly maxReplicas?: number;
  /** Average CPU utilisation (% of requests) the autoscaler keeps. @default 70 */
  readonly targetCpuUtilization?: number;
  /** Average memory utilisation (% of requests) the autoscaler keeps. @default 80 */
  readonly targetMemoryUtilization?: number;
  /** @default { requests: { cpu: "250m", memory: "256Mi" }, limits: { cpu: "1", memory: "512Mi" } } */
  readonly resources?: ResourceRequirements;
  /** The namespace to run in. @default "openclaw-gateway" */
  readonly namespace?: string;
  /** Create the namespace (true) or use an existing one (false). @default true */
  readonly createNamespace?: boolean;
  /** @default "ClusterIP" */
  readonly exposure?: ServiceExposure;
  /** The node port when `exposure` is NodePort. @default 30080 (GATEWAY_NODE_PORT) */
  readonly nodePort?: number;
  /** Namespaces whose pods may connect. @default [namespace] (the gateway's own) */
  readonly ingressNamespaces?: string[];
  /** CIDRs that may connect (a load balancer's subnets, a VPC). @default [] */
  readonly ingressCidrs?: string[];
  /** TCP ports the gateway may reach besides DNS and Redis (its providers). @default [443] */
  readonly egressPorts?: number[];
  /** Nodes the pods must run on (labels). @default {} */
  readonly nodeSelector?: Record<string, string>;
  /** Taints the pods tolerate (e.g. a spot pool's). @default [] */
  readonly tolerations?: Toleration[];
  /** Nodes the pods prefer (e.g. spot first, on-demand as fallback). @default [] */
  readonly nodePreferences?: NodePreference[];
}
