/** Config `options` for `kind: anthropic` providers, validated once at config load by the core. */
import { z } from "zod";
import type { ProviderSettings } from "../types";
import { defaultMaxTokens } from "./params";

export const anthropicOptionsSchema = z.strictObject({
  /**
   * `max_tokens` sent when the client sets neither `max_tokens` nor `max_completion_tokens` (Anthropic
   * requires one; OpenAI does not). Raise it for models with long outputs. @default 4096
   */
  defaultMaxTokens: z.number().int().min(1).default(defaultMaxTokens),
});
export type AnthropicOptions = z.infer<typeof anthropicOptionsSchema>;

/** The provider's options with defaults applied (the core already rejected invalid ones at load). */
export function anthropicOptions(provider: ProviderSettings): AnthropicOptions {
  const result = anthropicOptionsSchema.safeParse(provider.options ?? {});
  if (!result.success) {
    const issue = result.error.issues[0];
    throw new Error(
      `providers '${provider.id}' options.${issue?.path.join(".") ?? ""}: ${issue?.message ?? "invalid"}`,
    );
  }
  return result.data;
}
