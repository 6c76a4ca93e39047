import { cdnPolicies } from "./cdn";
import { clusterPolicies } from "./cluster";
import { computePolicies } from "./compute";
import { costPolicies } from "./cost";
import { kubernetesPolicies } from "./kubernetes";
import type { CatalogEntry } from "./lib/policy";
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
  ...cdnPolicies,
  ...computePolicies,
  ...clusterPolicies,
  ...kubernetesPolicies,
];

export const policies = catalog.map((entry) => entry.policy);
