// A small valid GatewayService setup and a way to run it under the planner's mocks.
import * as pulumi from "@pulumi/pulumi";
import type { GatewayServiceArgs } from "../../../services/gateway/deploy";
import { GatewayService } from "../../../services/gateway/deploy";
import { evaluateProgram } from "../../../src/plan/evaluate";
import type { EvaluationResult } from "../../../src/plan/types";

/** Distinctive values, so a search over every object finds any copy of them. */
export const OPENAI_KEY = "sk-test-OPENAI-4f9c2b7e1d";
export const ANTHROPIC_KEY = "sk-ant-test-ANTHROPIC-8a1e3c";
export const VIRTUAL_KEY = "vk-team-a-SECRET-77b2d9";
export const REDIS_PASSWORD = "redis-PASSWORD-3c5e";

export function baseArgs(overrides: Partial<GatewayServiceArgs> = {}): GatewayServiceArgs {
  return {
    image: "ghcr.io/openclaw/gateway:1.4.2",
    config: {
      providers: [
        { id: "openai-main", kind: "openai", baseUrl: "https://api.openai.com/v1" },
        { id: "claude", kind: "anthropic", baseUrl: "https://api.anthropic.com" },
      ],
      models: [
        {
          name: "smart",
          strategy: "fallback",
          routes: [
            { provider: "openai-main", model: "gpt-4o" },
            { provider: "claude", model: "claude-sonnet-4-5" },
          ],
        },
      ],
      keys: [{ id: "team-a", models: ["smart"], rpm: 600 }],
      server: { drainTimeoutMs: 20_000 },
    },
    providerKeys: { "openai-main": pulumi.secret(OPENAI_KEY), claude: pulumi.secret(ANTHROPIC_KEY) },
    virtualKeys: { "team-a": pulumi.secret(VIRTUAL_KEY) },
    redisUrl: pulumi.secret(`redis://:${REDIS_PASSWORD}@redis.cache.svc:6380`),
    ...overrides,
  };
}

/** The component's outputs as a program would export them. */
export function exportsOf(gateway: GatewayService) {
  return {
    serviceName: gateway.serviceName,
    namespace: gateway.namespace,
    url: gateway.url,
    nodePort: gateway.nodePort,
    loadBalancerHostname: gateway.loadBalancerHostname,
  };
}

export function runGateway(
  args: GatewayServiceArgs = baseArgs(),
  name = "gateway",
): Promise<EvaluationResult> {
  return evaluateProgram({ program: () => exportsOf(new GatewayService(name, args)), stack: "test" });
}

/** The error a construction throws (fails the test when it throws none). */
export async function constructionError(args: GatewayServiceArgs): Promise<Error> {
  let caught: unknown;
  await evaluateProgram({
    program: () => {
      try {
        new GatewayService("gateway", args);
      } catch (err) {
        caught = err;
      }
    },
    stack: "test",
  });
  if (!(caught instanceof Error)) throw new Error("expected GatewayService to throw, it did not");
  return caught;
}
