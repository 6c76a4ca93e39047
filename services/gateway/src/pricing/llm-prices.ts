/**
 * The LLM price table: llm-prices.json beside this file (one data file with source and date) merged with the
 * config's `prices` overrides. Costs are USD; prices are USD per 1M tokens keyed by upstream model.
 * An override replaces the table's whole entry for that model (fields it omits are not inherited).
 */
import { z } from "zod";
import { describeIssue } from "../config/issues";
import { type Price, priceSchema } from "../config/schema";
import table from "./llm-prices.json";

export interface PriceTable {
  readonly source: string;
  readonly date: string;
  /** undefined when the model has no known price (cost is then reported as 0 and logged once). */
  priceOf(upstreamModel: string): Price | undefined;
}

const shippedModels = z.record(z.string(), priceSchema);
let shipped: ReadonlyMap<string, Price> | undefined;

/** The file's entries, validated once with the same schema as config overrides (a typo must not price at 0). */
function shippedPrices(): ReadonlyMap<string, Price> {
  if (shipped === undefined) {
    const result = shippedModels.safeParse(table.models);
    if (!result.success) {
      const problems = result.error.issues.map((issue) => describeIssue(issue, table.models));
      throw new Error(`src/pricing/llm-prices.json: invalid models entries: ${problems.join("; ")}`);
    }
    shipped = new Map(Object.entries(result.data));
  }
  return shipped;
}

export function loadPriceTable(overrides: Readonly<Record<string, Price>> = {}): PriceTable {
  const merged = new Map<string, Price>(shippedPrices());
  for (const [model, price] of Object.entries(overrides)) merged.set(model, price);
  return { source: table.source, date: table.date, priceOf: (model) => merged.get(model) };
}

/** The part of `prompt_tokens` a provider served from (`read`) or stored in (`write`) its prompt cache. */
export interface PromptCacheTokens {
  readonly read: number;
  readonly write: number;
}

const NO_CACHE: PromptCacheTokens = { read: 0, write: 0 };

/**
 * USD for one call. `promptTokens` includes cached tokens (OpenAI's convention, which the anthropic
 * adapter follows); those are charged at `cacheRead` / `cacheWrite` where the price has them, else at
 * `input`. Cache counts larger than the prompt (an inconsistent report) are capped at the prompt.
 */
export function costUsd(
  price: Price | undefined,
  promptTokens: number,
  completionTokens: number,
  cache: PromptCacheTokens = NO_CACHE,
): number {
  if (price === undefined) return 0;
  const read = Math.min(cache.read, promptTokens);
  const write = Math.min(cache.write, promptTokens - read);
  const uncached = promptTokens - read - write;
  return (
    (uncached * price.input +
      read * (price.cacheRead ?? price.input) +
      write * (price.cacheWrite ?? price.input) +
      completionTokens * price.output) /
    1_000_000
  );
}
