/** Config loading: ${ENV}, strict validation with exact paths, cross-references, the shipped examples. */
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ConfigError, loadConfigFile, parseConfig, sha256 } from "../../services/gateway/src/config/load";

const base = () => ({
  providers: [{ id: "p", kind: "openai", baseUrl: "https://example.test/v1", apiKey: "sk-x" }],
  models: [{ name: "m", routes: [{ provider: "p", model: "gpt-4o" }] }],
  keys: [{ id: "k", key: "sk-client-key" }],
});

function problems(input: unknown, env: NodeJS.ProcessEnv = {}): string[] {
  try {
    parseConfig(input, { env });
  } catch (err) {
    if (err instanceof ConfigError) return [...err.problems];
    throw err;
  }
  return [];
}

describe("parseConfig", () => {
  it("accepts a minimal config, fills defaults and keeps only the key's digest", () => {
    const cfg = parseConfig(base(), { env: {} });
    expect(cfg.providers[0]).toMatchObject({ maxRetries: 2, timeoutMs: 60_000, connectTimeoutMs: 5_000 });
    expect(cfg.models[0]?.strategy).toBe("fallback");
    expect(cfg.server.bodyLimitBytes).toBe(4 * 1024 * 1024);
    expect(cfg.keys[0]?.sha256.equals(sha256("sk-client-key"))).toBe(true);
    expect(JSON.stringify(cfg.keys)).not.toContain("sk-client-key");
  });

  it("interpolates $ENV references and names the variable and field when one is missing", () => {
    // biome-ignore lint/suspicious/noTemplateCurlyInString: the config's literal ${ENV} syntax is under test
    const input = { ...base(), keys: [{ id: "k", key: "${TEAM_KEY}" }] };
    expect(parseConfig(input, { env: { TEAM_KEY: "sk-from-env-123" } }).keys[0]?.sha256).toEqual(
      sha256("sk-from-env-123"),
    );
    expect(problems(input)).toEqual(["keys[0].key: environment variable TEAM_KEY is not set"]);
  });

  it("rejects unknown fields with their path", () => {
    const input = { ...base(), server: { bodyLimt: 10 } };
    expect(problems(input)).toEqual([
      "server.bodyLimt: unknown field (not allowed here; check the spelling)",
    ]);
    const keyTypo = { ...base(), keys: [{ id: "k", key: "sk-client-key", rmp: 5 }] };
    expect(problems(keyTypo)[0]).toMatch(/^keys\[0\]\.rmp: unknown field/);
  });

  it("names the path, the problem and the value of a wrong field", () => {
    const input = {
      ...base(),
      models: [{ name: "m", strategy: "random", routes: [{ provider: "p", model: "x" }] }],
    };
    expect(problems(input)[0]).toMatch(/^models\[0\]\.strategy: .*fallback.*\(got "random"\)/);
    const negative = { ...base(), keys: [{ id: "k", key: "sk-client-key", rpm: -1 }] };
    expect(problems(negative)[0]).toMatch(/^keys\[0\]\.rpm: .*\(got -1\)/);
  });

  it("server.redisFailureMode defaults to closed and accepts only closed or open", () => {
    expect(parseConfig(base(), { env: {} }).server.redisFailureMode).toBe("closed");
    const open = { ...base(), server: { redisFailureMode: "open" } };
    expect(parseConfig(open, { env: {} }).server.redisFailureMode).toBe("open");
    const typo = { ...base(), server: { redisFailureMode: "fail-open" } };
    expect(problems(typo)).toHaveLength(1);
    expect(problems(typo)[0]).toMatch(/^server\.redisFailureMode: .*"closed".*"open".*\(got "fail-open"\)/);
  });

  it("checks cross-references: unknown provider, duplicate ids, key secrets, allow-lists, kinds", () => {
    const input = {
      providers: [
        { id: "p", kind: "openai", baseUrl: "https://a.test/v1" },
        { id: "p", kind: "openai", baseUrl: "https://b.test/v1" },
        { id: "q", kind: "nonesuch", baseUrl: "https://c.test" },
        { id: "r", kind: "openai" },
      ],
      models: [{ name: "m", routes: [{ provider: "ghost", model: "x" }] }],
      keys: [
        { id: "k1" },
        { id: "k2", key: "sk-same-secret", keySha256: "a".repeat(64) },
        { id: "k3", key: "sk-twice-used", models: ["nope"] },
        { id: "k4", key: "sk-twice-used" },
      ],
    };
    expect(problems(input)).toEqual([
      "providers[1].id: duplicate provider id 'p' (first at providers[0].id)",
      "providers[2].kind: unknown provider kind 'nonesuch' (allowed: openai, mock, anthropic)",
      "providers[3].baseUrl: required for kind 'openai'",
      "models[0].routes[0].provider: unknown provider 'ghost' (defined: p, q, r)",
      "keys[0]: set exactly one of 'key' or 'keySha256'",
      "keys[1]: set exactly one of 'key' or 'keySha256'",
      "keys[2].models[0]: unknown model 'nope' (defined: m)",
      "keys[3]: same secret as keys[2]",
    ]);
  });

  it("validates provider options with the adapter's own schema", () => {
    const input = {
      ...base(),
      providers: [{ id: "p", kind: "mock", options: { latencyMs: -5, colour: "red" } }],
    };
    const found = problems(input);
    expect(found).toContain("providers[0].options.latencyMs: Too small: expected number to be >=0");
    expect(found.some((p) => p.startsWith("providers[0].options") && p.includes("colour"))).toBe(true);
    const noOptions = { ...base(), providers: [{ ...base().providers[0], options: { x: 1 } }] };
    expect(problems(noOptions)).toEqual(["providers[0].options: kind 'openai' takes no options"]);
  });
});

describe("shipped examples", () => {
  const dir = join(__dirname, "../../services/gateway/examples");
  const env = {
    OPENAI_API_KEY: "sk-env-openai",
    ANTHROPIC_API_KEY: "sk-ant-env",
    AZURE_OPENAI_API_KEY: "azure-env-key",
    TEAM_A_KEY: "sk-team-a-key",
    TEAM_B_KEY: "sk-team-b-key",
    METRICS_TOKEN: "metrics-token",
  };
  for (const file of readdirSync(dir).filter((f) => f.endsWith(".yaml"))) {
    it(`${file} loads and validates`, async () => {
      const cfg = await loadConfigFile(join(dir, file), { env });
      expect(cfg.models.length).toBeGreaterThan(0);
    });
  }

  it("a missing file is a ConfigError naming it", async () => {
    await expect(loadConfigFile("/nonexistent/gw.yaml")).rejects.toThrow(
      /cannot read config file \/nonexistent\/gw.yaml/,
    );
  });
});
