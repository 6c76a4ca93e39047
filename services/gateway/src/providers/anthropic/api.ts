/** Where and how to reach the Messages API. */
import type { ProviderSettings } from "../types";

/** The API version this adapter's translation is written against. Config headers may override it. */
export const anthropicVersion = "2023-06-01";

/**
 * The Messages endpoint relative to the provider's baseUrl. The documented baseUrl is
 * `https://api.anthropic.com`; a baseUrl that already ends in `/v1` (a common copy-paste from OpenAI
 * configs) gets `/messages` so it does not become `/v1/v1/messages`.
 */
export function messagesPath(baseUrl: string): string {
  return /\/v1\/?$/.test(baseUrl) ? "/messages" : "/v1/messages";
}

/**
 * Request headers: content-type, `anthropic-version`, `x-api-key` (Anthropic's own API does not take
 * `Authorization: Bearer`), then the provider's configured headers, which win (e.g. a newer
 * `anthropic-version` or an `anthropic-beta`). Names are lower-cased so a configured `Anthropic-Version`
 * replaces ours instead of being sent twice.
 */
export function anthropicHeaders(provider: ProviderSettings): Record<string, string> {
  const headers: Record<string, string> = {
    "content-type": "application/json",
    "anthropic-version": anthropicVersion,
  };
  if (provider.apiKey !== undefined && provider.apiKey !== "") headers["x-api-key"] = provider.apiKey;
  for (const [name, value] of Object.entries(provider.headers ?? {})) headers[name.toLowerCase()] = value;
  return headers;
}
