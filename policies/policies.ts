import { cdnPolicies } from "./cdn";
import { clusterPolicies } from "./cluster";
import { computePolicies } from "./compute";
import { costPolicies } from "./cost";
import { elasticachePolicies } from "./elasticache";
import { kubernetesPolicies } from "./kubernetes";
import type { CatalogEntry } from "./lib/policy";
import { loadBalancerPolicies } from "./load-balancer";
import { loggingPolicies } from "./logging";
import { storagePolicies } from "./storage";
import { tagPolicies } from "./tags";

/**
 * The OpenClaw CrossGuard pack as data: importing this module registers nothing and starts nothing (index.ts
 * alone constructs the PolicyPack). Tests and the docs generator read the catalog.
 */
export const PACK_NAME = "openclaw-guard";

export const catalog: readonly CatalogEntry[] = [
  ...tagPolicies,
  ...costPolicies,
  ...storagePolicies,
  ...loggingPolicies,
  ...cdnPolicies,
  ...computePolicies,
  ...clusterPolicies,
  ...kubernetesPolicies,
  ...loadBalancerPolicies,
  ...elasticachePolicies,
];

export const policies = catalog.map((entry) => entry.policy);
