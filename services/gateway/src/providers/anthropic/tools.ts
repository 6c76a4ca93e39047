/** OpenAI `tools`, `tool_choice` and `parallel_tool_calls` → Anthropic `tools` and `tool_choice`. */
import { showValue, unsupported } from "./errors";
import { isFields } from "./read";
import type { AnthropicTool, AnthropicToolChoice } from "./wire";

function inputSchema(parameters: unknown, path: string): Record<string, unknown> {
  // OpenAI allows omitting parameters for a no-argument function; Anthropic requires an object schema.
  if (parameters === undefined || parameters === null) return { type: "object", properties: {} };
  if (!isFields(parameters))
    throw unsupported(path, `'${path}' must be a JSON Schema object, got ${showValue(parameters)}`);
  if (parameters.type === undefined) return { type: "object", properties: {}, ...parameters };
  if (parameters.type !== "object") {
    throw unsupported(
      `${path}.type`,
      `Anthropic tool input schemas must have type 'object', got ${showValue(parameters.type)}`,
    );
  }
  return { ...parameters };
}

/** Function tools → `{name, description, input_schema}`. `strict` is dropped (see README). */
export function translateTools(tools: unknown): AnthropicTool[] | undefined {
  if (tools === undefined || tools === null) return undefined;
  if (!Array.isArray(tools)) throw unsupported("tools", `'tools' must be an array, got ${showValue(tools)}`);
  const seen = new Set<string>();
  return tools.map((raw, i) => {
    const path = `tools[${i}]`;
    if (!isFields(raw)) throw unsupported(path, `'${path}' must be an object, got ${showValue(raw)}`);
    if (raw.type !== "function") {
      throw unsupported(
        `${path}.type`,
        `Only function tools can be sent to Anthropic, got ${showValue(raw.type)}`,
      );
    }
    const fn = raw.function;
    if (!isFields(fn)) throw unsupported(`${path}.function`, `'${path}.function' must be an object`);
    if (typeof fn.name !== "string" || fn.name === "") {
      throw unsupported(`${path}.function.name`, `'${path}.function.name' must be a non-empty string`);
    }
    if (seen.has(fn.name)) throw unsupported(`${path}.function.name`, `Duplicate tool name '${fn.name}'`);
    seen.add(fn.name);
    const tool: AnthropicTool = {
      name: fn.name,
      input_schema: inputSchema(fn.parameters, `${path}.function.parameters`),
    };
    if (typeof fn.description === "string" && fn.description !== "") tool.description = fn.description;
    return tool;
  });
}

/**
 * auto → auto, none → none, required → any, {type: function, function: {name}} → {type: tool, name};
 * `parallel_tool_calls: false` → `disable_parallel_tool_use: true` (on an `auto` choice when none is given).
 * A choice that needs tools when none are declared is a 400; `auto`/`none` without tools are dropped.
 */
export function translateToolChoice(
  choice: unknown,
  parallelToolCalls: unknown,
  tools: readonly AnthropicTool[] | undefined,
): AnthropicToolChoice | undefined {
  if (
    parallelToolCalls !== undefined &&
    parallelToolCalls !== null &&
    typeof parallelToolCalls !== "boolean"
  ) {
    throw unsupported(
      "parallel_tool_calls",
      `'parallel_tool_calls' must be a boolean, got ${showValue(parallelToolCalls)}`,
    );
  }
  const hasTools = tools !== undefined && tools.length > 0;
  const serial = parallelToolCalls === false ? { disable_parallel_tool_use: true } : {};
  if (choice === undefined || choice === null || choice === "auto") {
    return hasTools ? { type: "auto", ...serial } : undefined;
  }
  if (choice === "none") return hasTools ? { type: "none" } : undefined;
  if (!hasTools)
    throw unsupported("tool_choice", `'tool_choice' ${showValue(choice)} needs at least one tool in 'tools'`);
  if (choice === "required") return { type: "any", ...serial };
  if (isFields(choice) && choice.type === "function" && isFields(choice.function)) {
    const name = choice.function.name;
    if (typeof name !== "string" || !tools.some((t) => t.name === name)) {
      throw unsupported(
        "tool_choice.function.name",
        `'tool_choice.function.name' must name a tool in 'tools' (${tools.map((t) => t.name).join(", ")}), got ${showValue(name)}`,
      );
    }
    return { type: "tool", name, ...serial };
  }
  throw unsupported(
    "tool_choice",
    `'tool_choice' must be auto, none, required or {type: "function", function: {name}} on Anthropic routes, got ${showValue(choice)}`,
  );
}
