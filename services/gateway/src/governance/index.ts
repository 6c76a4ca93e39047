/**
 * Governance for the gateway: per-key RPM/TPM limits, monthly budgets, the response cache, and the
 * estimates they run on. See README.md beside this file for the semantics.
 */
export { CACHE_KEY_EXCLUDED_FIELDS, type CacheKeyParts, cacheKey, canonicalJson } from "./cache-key";
export { createGovernance, type GovernanceOptions } from "./create-governance";
export {
  approximateTokens,
  DEFAULT_MAX_OUTPUT_TOKENS,
  type EstimateOptions,
  estimateTokens,
  type TokenEstimate,
} from "./estimate-tokens";
export { utcMonth } from "./money";
export { createResponseCache, type ResponseCacheOptions } from "./response-cache";
export type { Admission, Governance, KeyLimits, ResponseCache, UsageEstimate } from "./types";
export { governanceUnavailable, type StoreFailureMode } from "./unavailable";
