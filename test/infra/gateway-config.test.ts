import { beforeAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { LOCKED_KEY_SHA256, PREFER_SPOT, referenceGatewayConfig } from "../../infra/gateway-config";
import { GATEWAY_NODE_PORT } from "../../infra/gateway-node-port";
import type { CapturedResource, EvaluationResult } from "../../src/plan/types";
import { evaluatePlatform, input, named } from "./helpers";

/** The rendered gateway.yaml in the ConfigMap (its key has a dot, so no dotted-path lookup). */
const configFileOf = (configMap: CapturedResource) =>
  String((configMap.inputs.data as Record<string, unknown>)["gateway.yaml"]);

const OPENAI_KEY = "sk-test-OPENAI-REFSTACK-5d1e";
const CLIENT_SHA = "a".repeat(64);

describe("referenceGatewayConfig", () => {
  it("serves mock-chat from the mock provider, with a client key nobody holds until one is configured", () => {
    expect(referenceGatewayConfig(["mock"], undefined)).toEqual({
      providers: [{ id: "mock", kind: "mock" }],
      models: [{ name: "mock-chat", routes: [{ provider: "mock", model: "mock-echo-1" }] }],
      keys: [{ id: "platform", keySha256: LOCKED_KEY_SHA256 }],
      prices: { "mock-echo-1": { input: 1, output: 2 } },
    });
  });

  it("falls `smart` back across the real upstreams in the order given", () => {
    expect(referenceGatewayConfig(["anthropic", "openai"], CLIENT_SHA)).toEqual({
      providers: [
        { id: "anthropic", kind: "anthropic", baseUrl: "https://api.anthropic.com" },
        { id: "openai", kind: "openai", baseUrl: "https://api.openai.com/v1" },
      ],
      models: [
        {
          name: "smart",
          strategy: "fallback",
          routes: [
            { provider: "anthropic", model: "claude-sonnet-4-5" },
            { provider: "openai", model: "gpt-4o" },
          ],
        },
      ],
      keys: [{ id: "platform", keySha256: CLIENT_SHA }],
    });
  });
});

describe.each(["dev", "prod"])("the %s stack's gateway", (stack) => {
  let result: EvaluationResult;
  beforeAll(async () => {
    result = await evaluatePlatform(stack);
  });

  it("is exposed on every node's GATEWAY_NODE_PORT and admits traffic from the VPC", () => {
    const service = named(result, "gateway-service");
    expect(input(service, "spec.type")).toBe("NodePort");
    expect(input(service, "spec.ports.0.nodePort")).toBe(GATEWAY_NODE_PORT);
    const from = input(named(result, "gateway-netpol"), "spec.ingress.0.from") as unknown[];
    expect(from).toContainEqual({ ipBlock: { cidr: "10.0.0.0/16" } });
  });

  it("prefers Spot nodes (tolerates their taint, prefers their label) and may fall back to On-Demand", () => {
    const pod = input(named(result, "gateway-deployment"), "spec.template.spec") as Record<string, unknown>;
    expect(pod.tolerations).toEqual([
      { key: "openclaw.dev/capacity-type", operator: "Equal", value: "spot", effect: "NoSchedule" },
    ]);
    expect(pod.affinity).toEqual({
      nodeAffinity: {
        preferredDuringSchedulingIgnoredDuringExecution: [
          {
            weight: 100,
            preference: {
              matchExpressions: [{ key: "openclaw.dev/capacity-type", operator: "In", values: ["spot"] }],
            },
          },
        ],
      },
    });
    expect(pod).not.toHaveProperty("nodeSelector");
    expect(PREFER_SPOT.nodePreferences[0]?.values).toEqual(["spot"]);
  });

  it(`runs ${stack === "prod" ? "3-12" : "2-4"} replicas of the configured image with the mock upstream`, () => {
    const hpa = named(result, "gateway-hpa");
    expect([input(hpa, "spec.minReplicas"), input(hpa, "spec.maxReplicas")]).toEqual(
      stack === "prod" ? [3, 12] : [2, 4],
    );
    expect(input(named(result, "gateway-deployment"), "spec.template.spec.containers.0.image")).toBe(
      "ghcr.io/openclaw/gateway:0.1.0",
    );
    const config = parse(configFileOf(named(result, "gateway-config")));
    expect(config.models.map((m: { name: string }) => m.name)).toEqual(["mock-chat"]);
    expect(config.keys).toEqual([{ id: "platform", keySha256: LOCKED_KEY_SHA256 }]);
  });
});

describe("a stack routing to OpenAI", () => {
  it("takes the API key from secret config into the Secret only, never the ConfigMap", async () => {
    const result = await evaluatePlatform("dev", {
      "openclaw:gatewayUpstreams": '["openai","mock"]',
      "openclaw:gatewayOpenAiApiKey": OPENAI_KEY,
      "openclaw:gatewayClientKeySha256": CLIENT_SHA,
    });
    const configMap = named(result, "gateway-config");
    const config = parse(configFileOf(configMap));
    expect(config.providers.map((p: { id: string }) => p.id)).toEqual(["openai", "mock"]);
    expect(config.keys).toEqual([{ id: "platform", keySha256: CLIENT_SHA }]);
    expect(JSON.stringify(configMap.inputs)).not.toContain(OPENAI_KEY);
    expect(Object.values(input(named(result, "gateway-secrets"), "stringData") as object)).toContain(
      OPENAI_KEY,
    );
    const others = result.resources.filter((r) => r.name !== "gateway-secrets");
    expect(JSON.stringify(others.map((r) => r.inputs))).not.toContain(OPENAI_KEY);
  });

  it("fails config validation when openai is listed without its key", async () => {
    await expect(evaluatePlatform("dev", { "openclaw:gatewayUpstreams": '["openai"]' })).rejects.toThrow(
      "openclaw:gatewayUpstreams lists openai, which needs openclaw:gatewayOpenAiApiKey (pulumi config set --secret)",
    );
  });
});
