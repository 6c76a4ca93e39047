/**
 * The translation TABLE for OpenAI chat request fields: data, not code paths. Every top-level field of
 * OpenAI's `ChatCompletionCreateParams` has exactly one row (the `Record` type makes a missing row a type
 * error when the SDK grows a field), saying what happens to it on an Anthropic route:
 *
 * - `map`: copied to an Anthropic body param, range-checked, optionally transformed, with a default.
 * - `structural`: translated by code in request.ts (messages, tools, tool_choice...), named here so the
 *   table stays the single list of what is supported.
 * - `ignore`: a hint with no Anthropic equivalent whose absence cannot change the answer's meaning.
 * - `reject`: would change the answer and cannot be honoured: a 400 naming the field, unless the value is
 *   one that asks for nothing (`harmless`, e.g. `n: 1`, `logprobs: false`).
 *
 * A field that is not in the table at all (a typo, an other provider's extension) is rejected too.
 */
import type { ChatCompletionCreateParams } from "../types";
import { showValue, unsupported } from "./errors";
import type { AnthropicMessagesRequest } from "./wire";

/** The Anthropic params a `map` row may write. */
export type MappedParam =
  | "max_tokens"
  | "temperature"
  | "top_p"
  | "top_k"
  | "stop_sequences"
  | "metadata"
  | "stream";

export type ParamRule =
  | {
      readonly action: "map";
      readonly param: MappedParam;
      /** Numeric range, inclusive. */
      readonly min?: number;
      readonly max?: number;
      readonly integer?: boolean;
      /** Used when no request field sets `param`. */
      readonly default?: number;
      /** Shapes the (already range-checked) value; throws `unsupported(field, ...)` for a bad shape. */
      readonly transform?: (value: unknown, field: string) => AnthropicMessagesRequest[MappedParam];
      readonly note?: string;
    }
  | { readonly action: "structural"; readonly note: string }
  | { readonly action: "ignore"; readonly reason: string }
  | { readonly action: "reject"; readonly reason: string; readonly harmless?: (value: unknown) => boolean };

type OpenAIField = keyof ChatCompletionCreateParams;

/** Anthropic requires `max_tokens`; OpenAI does not. 4096 fits every current Claude model's output limit. */
export const defaultMaxTokens = 4096;

function stopSequences(value: unknown, field: string): string[] {
  const list = typeof value === "string" ? [value] : value;
  if (!Array.isArray(list) || list.some((s) => typeof s !== "string")) {
    throw unsupported(field, `'${field}' must be a string or an array of strings, got ${showValue(value)}`);
  }
  // Anthropic rejects stop sequences made only of whitespace; say so here rather than as a 502 later.
  list.forEach((s: string, i) => {
    if (s.trim() === "") {
      throw unsupported(
        Array.isArray(value) ? `${field}[${i}]` : field,
        `Anthropic does not accept empty or whitespace-only stop sequences, got ${showValue(s)}`,
      );
    }
  });
  return list as string[];
}

function userId(value: unknown, field: string): { user_id: string } {
  if (typeof value !== "string")
    throw unsupported(field, `'${field}' must be a string, got ${showValue(value)}`);
  if (value.length > 256) {
    throw unsupported(
      field,
      `Anthropic's metadata.user_id is at most 256 characters; '${field}' has ${value.length}`,
    );
  }
  return { user_id: value };
}

function streamFlag(value: unknown, field: string): boolean {
  if (typeof value !== "boolean")
    throw unsupported(field, `'${field}' must be a boolean, got ${showValue(value)}`);
  return value;
}

const isZero = (v: unknown): boolean => v === 0;
const isFalse = (v: unknown): boolean => v === false;

/**
 * Rows are applied in this order; where two fields write one param the later wins
 * (`max_completion_tokens` over the deprecated `max_tokens`, `safety_identifier` over the deprecated `user`).
 */
export const requestParamTable = {
  // --- translated by request.ts
  model: { action: "structural", note: "replaced by the route's upstream model" },
  messages: {
    action: "structural",
    note: "system/developer → system; turns merged to alternate; tools → tool_use/tool_result",
  },
  tools: { action: "structural", note: "function tools → {name, description, input_schema}" },
  tool_choice: { action: "structural", note: "auto/none/required→any/named function→{type:tool,name}" },
  parallel_tool_calls: { action: "structural", note: "false → tool_choice.disable_parallel_tool_use" },
  response_format: {
    action: "structural",
    note: "text only; json_object/json_schema rejected (no native mode)",
  },
  modalities: { action: "structural", note: "['text'] only" },

  // --- mapped
  max_tokens: { action: "map", param: "max_tokens", integer: true, min: 1, default: defaultMaxTokens },
  max_completion_tokens: {
    action: "map",
    param: "max_tokens",
    integer: true,
    min: 1,
    default: defaultMaxTokens,
  },
  temperature: {
    action: "map",
    param: "temperature",
    min: 0,
    max: 1,
    note: "OpenAI allows 0-2; Anthropic 0-1",
  },
  top_p: { action: "map", param: "top_p", min: 0, max: 1 },
  stop: { action: "map", param: "stop_sequences", transform: stopSequences },
  user: { action: "map", param: "metadata", transform: userId },
  safety_identifier: { action: "map", param: "metadata", transform: userId },
  stream: { action: "map", param: "stream", transform: streamFlag },

  // --- harmless hints: dropped
  stream_options: { action: "ignore", reason: "Anthropic always reports usage in a stream" },
  metadata: { action: "ignore", reason: "OpenAI stored-completion tags; no meaning upstream" },
  store: { action: "ignore", reason: "OpenAI-side storage; nothing is stored upstream" },
  service_tier: { action: "ignore", reason: "OpenAI billing tier; Anthropic picks its own" },
  seed: { action: "ignore", reason: "best-effort determinism hint; not guaranteed by OpenAI either" },
  prompt_cache_key: {
    action: "ignore",
    reason: "OpenAI cache routing hint; Anthropic caches by cache_control",
  },
  prompt_cache_retention: { action: "ignore", reason: "OpenAI cache retention hint" },
  prompt_cache_options: { action: "ignore", reason: "OpenAI cache options" },

  // --- rejected: honouring them is impossible and ignoring them would change the answer
  n: { action: "reject", reason: "Anthropic returns one choice per request", harmless: (v) => v === 1 },
  logprobs: { action: "reject", reason: "Anthropic does not return log probabilities", harmless: isFalse },
  top_logprobs: { action: "reject", reason: "Anthropic does not return log probabilities", harmless: isZero },
  logit_bias: {
    action: "reject",
    reason: "Anthropic has no logit bias",
    harmless: (v) => typeof v === "object" && v !== null && Object.keys(v).length === 0,
  },
  frequency_penalty: { action: "reject", reason: "Anthropic has no frequency penalty", harmless: isZero },
  presence_penalty: { action: "reject", reason: "Anthropic has no presence penalty", harmless: isZero },
  audio: { action: "reject", reason: "Anthropic has no audio output" },
  prediction: { action: "reject", reason: "Anthropic has no predicted outputs" },
  reasoning_effort: { action: "reject", reason: "extended thinking is not translated by this gateway yet" },
  verbosity: { action: "reject", reason: "Anthropic has no verbosity control" },
  web_search_options: { action: "reject", reason: "web search is not translated by this gateway" },
  moderation: { action: "reject", reason: "Anthropic has no moderation option" },
  functions: { action: "reject", reason: "the deprecated functions API is not translated; use 'tools'" },
  function_call: {
    action: "reject",
    reason: "the deprecated functions API is not translated; use 'tool_choice'",
  },
} as const satisfies Record<OpenAIField, ParamRule>;

/** Extensions beyond OpenAI's fields that Anthropic routes accept (common in other gateways' clients). */
export const extensionParamTable = {
  top_k: { action: "map", param: "top_k", integer: true, min: 0, note: "Anthropic-only sampling option" },
} as const satisfies Record<string, ParamRule>;

const allRules: ReadonlyMap<string, ParamRule> = new Map<string, ParamRule>([
  ...Object.entries(requestParamTable),
  ...Object.entries(extensionParamTable),
]);

/** The row for a request field, or undefined for a field nobody knows. */
export function ruleFor(field: string): ParamRule | undefined {
  return allRules.get(field);
}

export type MappedParams = Partial<Pick<AnthropicMessagesRequest, MappedParam>>;

function checkNumber(
  field: string,
  value: unknown,
  rule: { min?: number; max?: number; integer?: boolean },
): number {
  if (typeof value !== "number" || !Number.isFinite(value)) {
    throw unsupported(field, `'${field}' must be a number, got ${showValue(value)}`);
  }
  if (rule.integer === true && !Number.isInteger(value)) {
    throw unsupported(field, `'${field}' must be an integer, got ${showValue(value)}`);
  }
  const tooLow = rule.min !== undefined && value < rule.min;
  const tooHigh = rule.max !== undefined && value > rule.max;
  if (tooLow || tooHigh) {
    const range =
      rule.max === undefined
        ? `at least ${rule.min}`
        : rule.min === undefined
          ? `at most ${rule.max}`
          : `${rule.min} to ${rule.max}`;
    throw unsupported(field, `'${field}' must be ${range} on Anthropic routes, got ${value}`);
  }
  return value;
}

/**
 * Applies every `map`, `ignore` and `reject` row to the request's top-level fields and fills defaults
 * (a row's `default`, unless `defaults` gives one for its param).
 * `structural` fields are left to request.ts. Throws a 400 naming the first field that cannot be honoured.
 * A `null` value means "the default" in OpenAI's API and is skipped like an absent field.
 */
export function applyParamTable(
  body: Readonly<Record<string, unknown>>,
  /** Per-provider defaults that replace the table's (e.g. config `options.defaultMaxTokens`). */
  defaults: Readonly<Partial<Record<MappedParam, number>>> = {},
): MappedParams {
  for (const field of Object.keys(body)) {
    if (!allRules.has(field)) {
      throw unsupported(field, `Unknown or unsupported request field '${field}' for Anthropic routes`);
    }
  }
  const out: Record<string, unknown> = {};
  for (const [field, rule] of allRules) {
    const value = body[field];
    if (value === undefined || value === null) continue;
    switch (rule.action) {
      case "structural":
      case "ignore":
        break;
      case "reject":
        if (rule.harmless?.(value) !== true) {
          throw unsupported(
            field,
            `'${field}' is not supported on Anthropic routes: ${rule.reason}; got ${showValue(value)}`,
          );
        }
        break;
      case "map": {
        const numeric = rule.min !== undefined || rule.max !== undefined || rule.integer === true;
        const checked = numeric ? checkNumber(field, value, rule) : value;
        out[rule.param] = rule.transform ? rule.transform(checked, field) : checked;
        break;
      }
    }
  }
  for (const rule of allRules.values()) {
    if (rule.action === "map" && out[rule.param] === undefined) {
      const fallback = defaults[rule.param] ?? rule.default;
      if (fallback !== undefined) out[rule.param] = fallback;
    }
  }
  // Every writer above is typed by its row: `param` and `transform` agree by construction of the table.
  return samplingPair(out as MappedParams);
}

/**
 * Current Claude models (Sonnet/Haiku 4.5, Opus 4.1 and later) answer 400 to `temperature` and `top_p`
 * together, and Anthropic advises one or the other for all models. `top_p: 1` is the no-op default
 * (many clients send it with every request) so it is dropped; any other pair is refused here, naming
 * `top_p`, instead of failing upstream.
 */
function samplingPair(params: MappedParams): MappedParams {
  if (params.temperature === undefined || params.top_p === undefined) return params;
  const { top_p: topP, ...rest } = params;
  if (topP === 1) return rest;
  throw unsupported(
    "top_p",
    `Anthropic models take 'temperature' or 'top_p', not both; got temperature ${params.temperature} and top_p ${topP}`,
  );
}
