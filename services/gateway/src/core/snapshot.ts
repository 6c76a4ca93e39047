/**
 * Everything one config version needs to serve a request. A request captures the snapshot it started
 * with, so a reload never changes the rules under a request in flight.
 */
import type { GatewayConfig, ModelConfig } from "../config/schema";
import { loadPriceTable, type PriceTable } from "../pricing/llm-prices";
import type { PoolRegistry } from "../upstream/pools";
import { createProviderRuntime, type ProviderRuntime } from "./provider-runtime";

export interface Snapshot {
  readonly config: GatewayConfig;
  readonly providers: ReadonlyMap<string, ProviderRuntime>;
  readonly models: ReadonlyMap<string, ModelConfig>;
  readonly modelNames: readonly string[];
  readonly prices: PriceTable;
}

export function buildSnapshot(config: GatewayConfig, pools: PoolRegistry): Snapshot {
  return {
    config,
    providers: new Map(config.providers.map((p) => [p.id, createProviderRuntime(p, pools)])),
    models: new Map(config.models.map((m) => [m.name, m])),
    modelNames: config.models.map((m) => m.name),
    prices: loadPriceTable(config.prices),
  };
}
