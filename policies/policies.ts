import { cdnPolicies } from "./cdn";
import { computePolicies } from "./compute";
import { costPolicies } from "./cost";
import { eksPolicies } from "./eks";
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
  ...eksPolicies,
  ...kubernetesPolicies,
];

export const policies = catalog.map((entry) => entry.policy);
