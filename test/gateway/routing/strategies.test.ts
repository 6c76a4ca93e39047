import { describe, expect, it } from "vitest";
import type { ModelConfig } from "../../../services/gateway/src/config/schema";
import { loadPriceTable } from "../../../services/gateway/src/pricing/llm-prices";
import { LatencyTracker } from "../../../services/gateway/src/routing/latency";
import { orderRoutes } from "../../../services/gateway/src/routing/strategies";

const model = (strategy: ModelConfig["strategy"]): ModelConfig => ({
  name: "m",
  strategy,
  routes: [
    { provider: "a", model: "gpt-4o", weight: 1 },
    { provider: "b", model: "gpt-4o-mini", weight: 3 },
    { provider: "c", model: "unpriced-model", weight: 1 },
  ],
});

const ctx = (random = 0, latency = new LatencyTracker()) => ({
  latency,
  prices: loadPriceTable(),
  random: () => random,
});
const order = (m: ModelConfig, c = ctx()) =>
  orderRoutes(m, c)
    .map((r) => r.provider)
    .join("");

describe("orderRoutes", () => {
  it("fallback keeps config order", () => {
    expect(order(model("fallback"))).toBe("abc");
  });

  it("weighted picks by weight and keeps the rest as fallbacks", () => {
    expect(order(model("weighted"), ctx(0.1))).toBe("abc"); // 0.1 * 5 = 0.5 < 1 → a
    expect(order(model("weighted"), ctx(0.5))).toBe("bac"); // 2.5 → b (1..4)
    expect(order(model("weighted"), ctx(0.9))).toBe("cab"); // 4.5 → c
  });

  it("least-latency measures unmeasured routes first, then prefers the lowest EWMA", () => {
    const latency = new LatencyTracker();
    latency.observe("a/gpt-4o", 100);
    expect(order(model("least-latency"), ctx(0, latency))).toBe("bca");
    latency.observe("b/gpt-4o-mini", 50);
    latency.observe("c/unpriced-model", 500);
    expect(order(model("least-latency"), ctx(0, latency))).toBe("bac");
    for (let i = 0; i < 10; i++) latency.observe("b/gpt-4o-mini", 300); // b got slow
    expect(order(model("least-latency"), ctx(0, latency))).toBe("abc");
  });

  it("cheapest sorts by price-table price, unknown prices last; config prices override", () => {
    expect(order(model("cheapest"))).toBe("bac");
    const overridden = { ...ctx(), prices: loadPriceTable({ "unpriced-model": { input: 0, output: 0 } }) };
    expect(order(model("cheapest"), overridden)).toBe("cba");
  });
});
