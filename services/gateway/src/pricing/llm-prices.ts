/**
 * The LLM price table: pricing/llm-prices.json (one data file with source and date) merged with the
 * config's `prices` overrides. Costs are USD; prices are USD per 1M tokens keyed by upstream model.
 */
import table from "../../../../pricing/llm-prices.json";
import type { Price } from "../config/schema";

export interface PriceTable {
  readonly source: string;
  readonly date: string;
  /** undefined when the model has no known price (cost is then reported as 0 and logged once). */
  priceOf(upstreamModel: string): Price | undefined;
}

export function loadPriceTable(overrides: Readonly<Record<string, Price>> = {}): PriceTable {
  const merged = new Map<string, Price>(Object.entries(table.models));
  for (const [model, price] of Object.entries(overrides)) merged.set(model, price);
  return { source: table.source, date: table.date, priceOf: (model) => merged.get(model) };
}

export function costUsd(price: Price | undefined, promptTokens: number, completionTokens: number): number {
  if (price === undefined) return 0;
  return (promptTokens * price.input + completionTokens * price.output) / 1_000_000;
}
