/**
 * The checks in front of every upstream call, in order: model exists → key may use it → governance
 * admits the estimate (RPM, TPM, budget). A refused request never reaches an upstream.
 */
import type { ModelConfig, VirtualKey } from "../config/schema";
import type { Snapshot } from "../core/snapshot";
import { gatewayErrors } from "../errors";
import { estimateTokens } from "../governance/estimate-tokens";
import type { Admission, Governance } from "../governance/types";
import { costUsd } from "../pricing/llm-prices";
import type { CompletionUsage } from "../providers/types";

export function resolveModel(snapshot: Snapshot, key: VirtualKey, name: string): ModelConfig {
  const model = snapshot.models.get(name);
  if (model === undefined) throw gatewayErrors.modelNotFound(name, visibleModels(snapshot, key));
  if (key.models !== undefined && !key.models.includes(name))
    throw gatewayErrors.modelNotAllowed(name, key.id);
  return model;
}

export function visibleModels(snapshot: Snapshot, key: VirtualKey): string[] {
  return key.models === undefined
    ? [...snapshot.modelNames]
    : snapshot.modelNames.filter((n) => key.models?.includes(n));
}

const NOTHING_TO_RESERVE = { tokens: 0, costUsd: 0 } as const;

/** Reserves prompt tokens + the output ceiling, priced at the model's most expensive route. */
export function admit(
  governance: Governance,
  snapshot: Snapshot,
  key: VirtualKey,
  model: ModelConfig,
  body: unknown,
): Promise<Admission> {
  const limits = { id: key.id, rpm: key.rpm, tpm: key.tpm, budgetUsd: key.budgetUsd };
  // an unlimited key has nothing to reserve: the estimate (a walk over the whole body) is skipped
  if (key.rpm === undefined && key.tpm === undefined && key.budgetUsd === undefined) {
    return governance.admit(limits, NOTHING_TO_RESERVE);
  }
  const defaultMaxOutputTokens = model.defaultMaxTokens ?? snapshot.config.server.defaultMaxTokens;
  const estimate = estimateTokens(body, { defaultMaxOutputTokens });
  let cost = 0;
  for (const route of model.routes) {
    cost = Math.max(cost, costUsd(snapshot.prices.priceOf(route.model), estimate.input, estimate.output));
  }
  return governance.admit(limits, { tokens: estimate.total, costUsd: cost });
}

export function usageCost(
  snapshot: Snapshot,
  upstreamModel: string,
  usage: CompletionUsage | undefined,
): number {
  if (usage === undefined) return 0;
  const details = usage.prompt_tokens_details;
  return costUsd(
    snapshot.prices.priceOf(upstreamModel),
    usage.prompt_tokens ?? 0,
    usage.completion_tokens ?? 0,
    {
      read: details?.cached_tokens ?? 0,
      write: details?.cache_write_tokens ?? 0,
    },
  );
}
