import { describe, expect, it } from "vitest";
import {
  parseQuantity,
  pdbMinAvailable,
  rolloutChecksum,
  secretEnvName,
  terminationGraceSeconds,
} from "../../../services/gateway/deploy/plan";

describe("parseQuantity", () => {
  it.each([
    ["250m", 0.25],
    ["1", 1],
    ["1.5", 1.5],
    [".5", 0.5],
    ["512Mi", 512 * 2 ** 20],
    ["1Gi", 2 ** 30],
    ["1G", 1e9],
    ["128k", 128_000],
    ["1e3", 1000],
  ])("%s → %d", (quantity, expected) => {
    expect(parseQuantity(quantity)).toBe(expected);
  });

  it.each(["", "abc", "1Gb", "-1", "1 Gi", "Mi"])("rejects %j", (quantity) => {
    expect(parseQuantity(quantity)).toBeUndefined();
  });

  it("orders binary and decimal suffixes correctly", () => {
    expect(parseQuantity("1Gi") as number).toBeGreaterThan(parseQuantity("1G") as number);
    expect(parseQuantity("1000m")).toBe(parseQuantity("1"));
  });
});

describe("pdbMinAvailable", () => {
  it.each([
    [1, 0],
    [2, 1],
    [3, 2],
    [4, 3],
    [8, 6],
    [20, 15],
  ])("min %d replicas → minAvailable %d", (min, expected) => {
    expect(pdbMinAvailable(min)).toBe(expected);
  });

  it("always stays below the minimum replicas", () => {
    for (let min = 1; min <= 100; min++) expect(pdbMinAvailable(min)).toBeLessThan(min);
  });
});

describe("terminationGraceSeconds", () => {
  it("covers the preStop wait, the whole drain and the exit", () => {
    expect(terminationGraceSeconds(30_000)).toBe(40);
    expect(terminationGraceSeconds(1_500)).toBe(12);
  });
});

describe("secretEnvName", () => {
  it("upper-cases the id and replaces what an env name cannot hold", () => {
    expect(secretEnvName("OPENCLAW_PROVIDER_KEY", "openai-main.v2")).toBe(
      "OPENCLAW_PROVIDER_KEY_OPENAI_MAIN_V2",
    );
  });
});

describe("rolloutChecksum", () => {
  const base = rolloutChecksum("providers: []\n", { "provider-a": "sk-1", "provider-b": "sk-2" });

  it("is stable, independent of entry order, and never contains a secret", () => {
    expect(rolloutChecksum("providers: []\n", { "provider-b": "sk-2", "provider-a": "sk-1" })).toBe(base);
    expect(base).toMatch(/^[0-9a-f]{64}$/);
  });

  it("changes with the config, a secret value or a secret key", () => {
    expect(rolloutChecksum("providers: [] \n", { "provider-a": "sk-1", "provider-b": "sk-2" })).not.toBe(
      base,
    );
    expect(rolloutChecksum("providers: []\n", { "provider-a": "sk-9", "provider-b": "sk-2" })).not.toBe(base);
    expect(rolloutChecksum("providers: []\n", { "provider-c": "sk-1", "provider-b": "sk-2" })).not.toBe(base);
  });
});
