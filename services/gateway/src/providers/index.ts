/** The provider registry: one line per kind. Adding a provider = one folder + one line here. */
import { anthropicAdapter } from "./anthropic";
import { mockAdapter } from "./mock";
import { openaiAdapter } from "./openai";
import type { ProviderAdapter } from "./types";

const adapters: ReadonlyMap<string, ProviderAdapter> = new Map(
  [openaiAdapter, mockAdapter, anthropicAdapter].map((adapter) => [adapter.kind, adapter]),
);

export function getAdapter(kind: string): ProviderAdapter | undefined {
  return adapters.get(kind);
}

export function providerKinds(): string[] {
  return [...adapters.keys()];
}
