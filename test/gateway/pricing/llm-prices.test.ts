import { describe, expect, it } from "vitest";
import { parseConfig } from "../../../services/gateway/src/config/load";
import { costUsd, loadPriceTable } from "../../../services/gateway/src/pricing/llm-prices";
import table from "../../../services/gateway/src/pricing/llm-prices.json";

describe("costUsd", () => {
  const sonnet = { input: 3, output: 15, cacheRead: 0.3, cacheWrite: 3.75 };

  it("charges prompt tokens at input and completion tokens at output when nothing was cached", () => {
    expect(costUsd(sonnet, 1000, 100)).toBeCloseTo((1000 * 3 + 100 * 15) / 1e6, 12);
    expect(costUsd(undefined, 1000, 100)).toBe(0);
  });

  it("charges cache reads at cacheRead and cache writes at cacheWrite, the rest of the prompt at input", () => {
    // prompt_tokens 2018 = 18 uncached + 1800 read + 200 written (test/fixtures/anthropic/response-tool-use.json)
    const cost = costUsd(sonnet, 2018, 121, { read: 1800, write: 200 });
    expect(cost).toBeCloseTo((18 * 3 + 1800 * 0.3 + 200 * 3.75 + 121 * 15) / 1e6, 12);
    expect(cost).toBeLessThan(costUsd(sonnet, 2018, 121));
  });

  it("charges cached tokens at input when the price has no cache rates", () => {
    const plain = { input: 2.5, output: 10 };
    expect(costUsd(plain, 1000, 10, { read: 600, write: 100 })).toBeCloseTo(costUsd(plain, 1000, 10), 12);
  });

  it("caps cache counts at the prompt when an upstream reports more cached than prompt tokens", () => {
    expect(costUsd(sonnet, 100, 0, { read: 500, write: 50 })).toBeCloseTo((100 * 0.3) / 1e6, 12);
    expect(costUsd(sonnet, 100, 0, { read: 80, write: 50 })).toBeCloseTo((80 * 0.3 + 20 * 3.75) / 1e6, 12);
  });
});

describe("the price table", () => {
  it("prices Claude cache reads at 0.1x and cache writes at 1.25x input, as Anthropic publishes", () => {
    const prices = loadPriceTable();
    const claude = Object.keys(table.models).filter((m) => m.startsWith("claude"));
    expect(claude.length).toBeGreaterThan(0);
    for (const model of claude) {
      const price = prices.priceOf(model);
      expect(price?.cacheRead, model).toBeCloseTo((price?.input ?? Number.NaN) * 0.1, 9);
      expect(price?.cacheWrite, model).toBeCloseTo((price?.input ?? Number.NaN) * 1.25, 9);
    }
  });

  it("lets config prices override an entry, cache rates included, after schema validation", () => {
    const config = parseConfig(
      {
        providers: [{ id: "p", kind: "mock" }],
        models: [{ name: "m", routes: [{ provider: "p", model: "claude-sonnet-4-5" }] }],
        keys: [{ id: "k", key: "sk-client-key" }],
        prices: { "claude-sonnet-4-5": { input: 2, output: 10, cacheRead: 0.5, cacheWrite: 2.5 } },
      },
      { env: {} },
    );
    const price = loadPriceTable(config.prices).priceOf("claude-sonnet-4-5");
    expect(price).toEqual({ input: 2, output: 10, cacheRead: 0.5, cacheWrite: 2.5 });
    expect(costUsd(price, 300, 0, { read: 100, write: 100 })).toBeCloseTo(
      (100 * 2 + 100 * 0.5 + 100 * 2.5) / 1e6,
      12,
    );
  });

  it("rejects a negative or misspelt cache rate in config with its path", () => {
    const base = {
      providers: [{ id: "p", kind: "mock" }],
      models: [{ name: "m", routes: [{ provider: "p", model: "x" }] }],
      keys: [{ id: "k", key: "sk-client-key" }],
    };
    expect(() =>
      parseConfig({ ...base, prices: { x: { input: 1, output: 1, cacheRead: -1 } } }, { env: {} }),
    ).toThrow(/prices\.x\.cacheRead: .*\(got -1\)/);
    expect(() =>
      parseConfig({ ...base, prices: { x: { input: 1, output: 1, cache_read: 1 } } }, { env: {} }),
    ).toThrow(/prices\.x\.cache_read: unknown field/);
  });
});
