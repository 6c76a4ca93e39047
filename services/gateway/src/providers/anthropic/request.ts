/** Builds the upstream Messages API request from an OpenAI chat request. */
import type {
  ChatCompletionCreateParams,
  ModelContext,
  ProviderSettings,
  UpstreamHttpRequest,
} from "../types";
import { anthropicHeaders, messagesPath } from "./api";
import { showValue, unsupported } from "./errors";
import { translateMessages } from "./messages";
import { anthropicOptions } from "./options";
import { applyParamTable, defaultMaxTokens } from "./params";
import { translateToolChoice, translateTools } from "./tools";
import type { AnthropicMessagesRequest } from "./wire";

function checkResponseFormat(format: unknown): void {
  if (format === undefined || format === null) return;
  const type = typeof format === "object" && "type" in format ? format.type : undefined;
  if (type === "text") return;
  // No native JSON mode on the stable Messages API. A forced-tool emulation would silently change
  // finish_reason, collide with the caller's own tools and still not guarantee the schema: refuse clearly.
  throw unsupported(
    "response_format",
    `'response_format' ${showValue(type ?? format)} is not supported on Anthropic routes (no native JSON mode); ` +
      "only {type: 'text'} is accepted. Declare a tool with your schema and force it with tool_choice instead",
  );
}

function checkModalities(modalities: unknown): void {
  if (modalities === undefined || modalities === null) return;
  if (Array.isArray(modalities) && modalities.every((m) => m === "text")) return;
  throw unsupported(
    "modalities",
    `Anthropic routes produce text only; 'modalities' must be ["text"], got ${showValue(modalities)}`,
  );
}

/** The Anthropic body for an OpenAI chat request. Throws a 400 naming the field it cannot honour. */
export function buildMessagesBody(
  body: ChatCompletionCreateParams,
  model: ModelContext,
  /** `max_tokens` when the client sets none (provider option `defaultMaxTokens`). */
  maxTokensDefault: number = defaultMaxTokens,
): AnthropicMessagesRequest {
  const raw: unknown = body;
  if (typeof raw !== "object" || raw === null || Array.isArray(raw)) {
    throw unsupported("body", `The request body must be a JSON object, got ${showValue(raw)}`);
  }
  const fields = raw as Readonly<Record<string, unknown>>;
  const params = applyParamTable(fields, { max_tokens: maxTokensDefault });
  checkResponseFormat(fields.response_format);
  checkModalities(fields.modalities);
  const { system, messages } = translateMessages(fields.messages);
  const tools = translateTools(fields.tools);
  const toolChoice = translateToolChoice(fields.tool_choice, fields.parallel_tool_calls, tools);

  const request: AnthropicMessagesRequest = {
    model: model.upstreamModel,
    max_tokens: params.max_tokens ?? maxTokensDefault,
    messages,
  };
  if (system !== undefined) request.system = system;
  if (tools !== undefined && tools.length > 0) request.tools = tools;
  if (toolChoice !== undefined) request.tool_choice = toolChoice;
  if (params.temperature !== undefined) request.temperature = params.temperature;
  if (params.top_p !== undefined) request.top_p = params.top_p;
  if (params.top_k !== undefined) request.top_k = params.top_k;
  if (params.stop_sequences !== undefined) request.stop_sequences = params.stop_sequences;
  if (params.metadata !== undefined) request.metadata = params.metadata;
  if (params.stream === true) request.stream = true;
  return request;
}

export function buildChatRequest(
  body: ChatCompletionCreateParams,
  model: ModelContext,
  provider: ProviderSettings,
): UpstreamHttpRequest {
  return {
    path: messagesPath(provider.baseUrl),
    headers: anthropicHeaders(provider),
    body: JSON.stringify(buildMessagesBody(body, model, anthropicOptions(provider).defaultMaxTokens)),
  };
}
