/**
 * Orders a model's routes for one request. The first route is the strategy's pick; the rest follow as
 * fallbacks, so every strategy still falls over when its pick fails.
 */
import type { ModelConfig, RouteConfig } from "../config/schema";
import type { PriceTable } from "../pricing/llm-prices";
import type { LatencyTracker } from "./latency";

export interface StrategyContext {
  readonly latency: LatencyTracker;
  readonly prices: PriceTable;
  /** Uniform in [0, 1); injectable for tests. */
  readonly random: () => number;
}

export function routeKey(route: RouteConfig): string {
  return `${route.provider}/${route.model}`;
}

export function orderRoutes(model: ModelConfig, ctx: StrategyContext): RouteConfig[] {
  const routes = model.routes;
  switch (model.strategy) {
    case "fallback":
      return [...routes];
    case "weighted":
      return weightedFirst(routes, ctx.random());
    case "least-latency":
      // Unmeasured routes sort first (0) so every route gets measured.
      return stableSortBy(routes, (r) => ctx.latency.get(routeKey(r)) ?? 0);
    case "cheapest":
      return stableSortBy(routes, (r) => blendedPrice(ctx.prices, r.model));
  }
}

/** Input plus output price; unknown prices sort last. */
function blendedPrice(prices: PriceTable, model: string): number {
  const price = prices.priceOf(model);
  return price === undefined ? Number.POSITIVE_INFINITY : price.input + price.output;
}

function weightedFirst(routes: readonly RouteConfig[], draw: number): RouteConfig[] {
  const total = routes.reduce((sum, r) => sum + r.weight, 0);
  let target = draw * total;
  let picked = routes.length - 1;
  for (const [i, r] of routes.entries()) {
    target -= r.weight;
    if (target < 0) {
      picked = i;
      break;
    }
  }
  return [routes[picked] as RouteConfig, ...routes.filter((_, i) => i !== picked)];
}

function stableSortBy<T>(items: readonly T[], score: (item: T) => number): T[] {
  return items
    .map((item, i) => ({ item, i, s: score(item) }))
    .sort((a, b) => a.s - b.s || a.i - b.i)
    .map((x) => x.item);
}
