// The reference stack's gateway setup: which upstreams, which models, where the pods go. Pure (no
// resources), so the config the stack deploys is unit-tested as data.
import type {
  GatewayConfigSpec,
  GatewayModel,
  GatewayProvider,
  NodePreference,
  Toleration,
} from "../services/gateway/deploy";
import { CAPACITY_TYPE_LABEL, SPOT_TAINT } from "./node-bootstrap";

/** Upstreams the reference stack can wire from config alone. */
export const GATEWAY_UPSTREAMS = ["mock", "openai", "anthropic"] as const;
export type GatewayUpstream = (typeof GATEWAY_UPSTREAMS)[number];

/**
 * The key id clients authenticate as. With no key hash configured it gets one nobody holds (all
 * zeros: no known preimage), so a fresh stack answers 401 to everyone until the owner sets theirs.
 */
export const GATEWAY_CLIENT_KEY_ID = "platform";
export const LOCKED_KEY_SHA256 = "0".repeat(64);

const PROVIDERS: Record<GatewayUpstream, GatewayProvider> = {
  mock: { id: "mock", kind: "mock" },
  openai: { id: "openai", kind: "openai", baseUrl: "https://api.openai.com/v1" },
  anthropic: { id: "anthropic", kind: "anthropic", baseUrl: "https://api.anthropic.com" },
};

/** The upstream model each real provider serves for the `smart` model, in fallback order. */
const SMART_ROUTES: Partial<Record<GatewayUpstream, string>> = {
  openai: "gpt-4o",
  anthropic: "claude-sonnet-4-5",
};

/**
 * The gateway config for the chosen upstreams: `mock-chat` on the mock provider (no network, no
 * keys), and `smart` falling back across the real providers in the order given. Provider API keys are
 * not in it: they travel as secrets (GatewayService `providerKeys`).
 */
export function referenceGatewayConfig(
  upstreams: readonly GatewayUpstream[],
  clientKeySha256: string | undefined,
): GatewayConfigSpec {
  const models: GatewayModel[] = [];
  if (upstreams.includes("mock")) {
    models.push({ name: "mock-chat", routes: [{ provider: "mock", model: "mock-echo-1" }] });
  }
  const smart = upstreams.flatMap((u) => {
    const model = SMART_ROUTES[u];
    return model ? [{ provider: PROVIDERS[u].id, model }] : [];
  });
  if (smart.length > 0) models.push({ name: "smart", strategy: "fallback", routes: smart });
  return {
    providers: upstreams.map((u) => PROVIDERS[u]),
    models,
    keys: [{ id: GATEWAY_CLIENT_KEY_ID, keySha256: clientKeySha256 ?? LOCKED_KEY_SHA256 }],
    ...(upstreams.includes("mock") ? { prices: { "mock-echo-1": { input: 1, output: 2 } } } : {}),
  };
}

/** The provider id of an upstream (the key of its API key in GatewayService `providerKeys`). */
export function providerIdOf(upstream: GatewayUpstream): string {
  return PROVIDERS[upstream].id;
}

/**
 * Prefer Spot nodes, fall back to On-Demand: tolerate the Spot taint (which keeps everything else
 * off Spot) and prefer, not require, the Spot label, so the scheduler uses On-Demand nodes whenever
 * Spot ones are gone or full.
 */
export const PREFER_SPOT: { tolerations: Toleration[]; nodePreferences: NodePreference[] } = {
  tolerations: [
    { key: SPOT_TAINT.key, operator: "Equal", value: SPOT_TAINT.value, effect: SPOT_TAINT.effect },
  ],
  nodePreferences: [{ weight: 100, key: CAPACITY_TYPE_LABEL, values: ["spot"] }],
};
