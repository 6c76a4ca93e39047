/**
 * OpenAI `messages` → Anthropic `system` + alternating `messages`. Bad input is a 400 naming the exact
 * path (`messages[3].content[1].image_url.url`), never a TypeError.
 */
import { showValue, unsupported } from "./errors";
import { type Fields, fields, isFields, str } from "./read";
import type {
  AnthropicAssistantBlock,
  AnthropicCacheControl,
  AnthropicDocumentBlock,
  AnthropicImageBlock,
  AnthropicImageMediaType,
  AnthropicMessageParam,
  AnthropicTextBlock,
  AnthropicToolResultBlock,
  AnthropicToolUseBlock,
  AnthropicUserBlock,
} from "./wire";

export interface TranslatedMessages {
  readonly system?: string | AnthropicTextBlock[];
  readonly messages: AnthropicMessageParam[];
}

const imageMediaTypes: readonly AnthropicImageMediaType[] = [
  "image/jpeg",
  "image/png",
  "image/gif",
  "image/webp",
];
const ephemeral: AnthropicCacheControl = { type: "ephemeral" };

/** OpenAI's explicit `prompt_cache_breakpoint` on a part becomes Anthropic's `cache_control` on the block. */
function withCacheControl<B extends { cache_control?: AnthropicCacheControl }>(block: B, part: Fields): B {
  return part.prompt_cache_breakpoint === undefined || part.prompt_cache_breakpoint === null
    ? block
    : { ...block, cache_control: ephemeral };
}

/** `data:<type>[;params];base64,<data>` split without running a regex over megabytes of base64. */
function parseDataUrl(url: string, path: string): { mediaType: string; data: string } {
  const comma = url.indexOf(",");
  const header = comma === -1 ? "" : url.slice("data:".length, comma);
  const [mediaType = "", ...params] = header.split(";");
  if (comma === -1 || !params.includes("base64")) {
    throw unsupported(path, `'${path}' must be a base64 data URL (data:<type>;base64,<data>)`);
  }
  return { mediaType: mediaType.toLowerCase(), data: url.slice(comma + 1) };
}

function imageBlock(part: Fields, path: string): AnthropicImageBlock {
  const urlPath = `${path}.image_url.url`;
  const url = str(fields(part.image_url, `${path}.image_url`).url, urlPath);
  if (url.startsWith("data:")) {
    const { mediaType, data } = parseDataUrl(url, urlPath);
    const allowed = imageMediaTypes.find((t) => t === mediaType);
    if (allowed === undefined) {
      throw unsupported(
        urlPath,
        `Image type '${mediaType}' is not supported by Anthropic; allowed: ${imageMediaTypes.join(", ")}`,
      );
    }
    return withCacheControl<AnthropicImageBlock>(
      { type: "image", source: { type: "base64", media_type: allowed, data } },
      part,
    );
  }
  if (/^https?:\/\//i.test(url))
    return withCacheControl<AnthropicImageBlock>({ type: "image", source: { type: "url", url } }, part);
  throw unsupported(
    urlPath,
    `'${urlPath}' must be an http(s) URL or a base64 data URL, got ${showValue(url)}`,
  );
}

function documentBlock(part: Fields, path: string): AnthropicDocumentBlock {
  const file = fields(part.file, `${path}.file`);
  if (typeof file.file_data !== "string") {
    throw unsupported(
      `${path}.file`,
      "Only inline PDFs ('file.file_data' as data:application/pdf;base64,...) can be sent to Anthropic; uploaded file ids live at OpenAI",
    );
  }
  const dataPath = `${path}.file.file_data`;
  const { mediaType, data } = parseDataUrl(file.file_data, dataPath);
  if (mediaType !== "application/pdf") {
    throw unsupported(
      dataPath,
      `File type '${mediaType}' is not supported by Anthropic; allowed: application/pdf`,
    );
  }
  return withCacheControl<AnthropicDocumentBlock>(
    { type: "document", source: { type: "base64", media_type: "application/pdf", data } },
    part,
  );
}

/** Non-empty text block, or none: Anthropic rejects empty text blocks. */
function textBlocks(text: string, part: Fields = {}): AnthropicTextBlock[] {
  return text === "" ? [] : [withCacheControl<AnthropicTextBlock>({ type: "text", text }, part)];
}

/** Content that may only hold text (system, developer and tool messages). */
function textOnlyContent(content: unknown, path: string): AnthropicTextBlock[] {
  if (typeof content === "string") return textBlocks(content);
  if (!Array.isArray(content)) {
    throw unsupported(
      path,
      `'${path}' must be a string or an array of text parts, got ${showValue(content)}`,
    );
  }
  return content.flatMap((raw, j) => {
    const part = fields(raw, `${path}[${j}]`);
    if (part.type !== "text") {
      throw unsupported(
        `${path}[${j}].type`,
        `Only text parts are allowed here, got ${showValue(part.type)}`,
      );
    }
    return textBlocks(str(part.text, `${path}[${j}].text`), part);
  });
}

function userContent(content: unknown, path: string): AnthropicUserBlock[] {
  if (typeof content === "string") return textBlocks(content);
  if (!Array.isArray(content)) {
    throw unsupported(
      path,
      `'${path}' must be a string or an array of content parts, got ${showValue(content)}`,
    );
  }
  return content.flatMap((raw, j): AnthropicUserBlock[] => {
    const partPath = `${path}[${j}]`;
    const part = fields(raw, partPath);
    switch (part.type) {
      case "text":
        return textBlocks(str(part.text, `${partPath}.text`), part);
      case "image_url":
        return [imageBlock(part, partPath)];
      case "file":
        return [documentBlock(part, partPath)];
      case "input_audio":
        throw unsupported(`${partPath}.type`, "Anthropic does not accept audio input");
      default:
        throw unsupported(
          `${partPath}.type`,
          `Unknown content part type ${showValue(part.type)}; allowed: text, image_url, file`,
        );
    }
  });
}

function toolUseInput(raw: unknown, path: string): Record<string, unknown> {
  const text = str(raw, path);
  // Some clients send "" for a call without arguments; it means the same as "{}".
  if (text.trim() === "") return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (err) {
    throw unsupported(path, `'${path}' is not valid JSON (${(err as Error).message}): ${showValue(text)}`);
  }
  if (!isFields(parsed)) throw unsupported(path, `'${path}' must be a JSON object, got ${showValue(text)}`);
  return { ...parsed };
}

function toolUseBlocks(toolCalls: unknown, path: string): AnthropicToolUseBlock[] {
  if (toolCalls === undefined || toolCalls === null) return [];
  if (!Array.isArray(toolCalls))
    throw unsupported(path, `'${path}' must be an array, got ${showValue(toolCalls)}`);
  return toolCalls.map((raw, j) => {
    const callPath = `${path}[${j}]`;
    const call = fields(raw, callPath);
    if (call.type !== "function") {
      throw unsupported(
        `${callPath}.type`,
        `Only function tool calls can be sent to Anthropic, got ${showValue(call.type)}`,
      );
    }
    const fn = fields(call.function, `${callPath}.function`);
    return {
      type: "tool_use",
      id: str(call.id, `${callPath}.id`),
      name: str(fn.name, `${callPath}.function.name`),
      input: toolUseInput(fn.arguments, `${callPath}.function.arguments`),
    };
  });
}

function assistantContent(message: Fields, path: string): AnthropicAssistantBlock[] {
  for (const field of ["audio", "function_call"] as const) {
    if (message[field] !== undefined && message[field] !== null) {
      throw unsupported(`${path}.${field}`, `Assistant '${field}' cannot be sent to Anthropic`);
    }
  }
  const contentPath = `${path}.content`;
  const { content } = message;
  let text: AnthropicTextBlock[];
  if (content === undefined || content === null) {
    text = [];
  } else if (typeof content === "string") {
    text = textBlocks(content);
  } else if (Array.isArray(content)) {
    text = content.flatMap((raw, j) => {
      const part = fields(raw, `${contentPath}[${j}]`);
      // A refusal from an earlier turn is what the assistant said: keep it as text.
      if (part.type === "text") return textBlocks(str(part.text, `${contentPath}[${j}].text`), part);
      if (part.type === "refusal") return textBlocks(str(part.refusal, `${contentPath}[${j}].refusal`), part);
      throw unsupported(
        `${contentPath}[${j}].type`,
        `Assistant parts may be text or refusal, got ${showValue(part.type)}`,
      );
    });
  } else {
    throw unsupported(
      contentPath,
      `'${contentPath}' must be a string or an array of parts, got ${showValue(content)}`,
    );
  }
  if (text.length === 0 && typeof message.refusal === "string") text = textBlocks(message.refusal);
  return [...text, ...toolUseBlocks(message.tool_calls, `${path}.tool_calls`)];
}

function toolResult(message: Fields, path: string): AnthropicToolResultBlock {
  const block: AnthropicToolResultBlock = {
    type: "tool_result",
    tool_use_id: str(message.tool_call_id, `${path}.tool_call_id`),
  };
  const content = message.content;
  if (typeof content === "string") return content === "" ? block : { ...block, content };
  const blocks = textOnlyContent(content, `${path}.content`);
  return blocks.length === 0 ? block : { ...block, content: blocks };
}

/** Joins consecutive same-role turns (Anthropic requires user/assistant alternation). */
function mergeTurns(turns: readonly AnthropicMessageParam[]): AnthropicMessageParam[] {
  const merged: AnthropicMessageParam[] = [];
  for (const turn of turns) {
    const last = merged.at(-1);
    if (last?.role === "user" && turn.role === "user") {
      merged[merged.length - 1] = { role: "user", content: [...last.content, ...turn.content] };
    } else if (last?.role === "assistant" && turn.role === "assistant") {
      merged[merged.length - 1] = { role: "assistant", content: [...last.content, ...turn.content] };
    } else {
      merged.push(turn);
    }
  }
  // Anthropic wants tool_result blocks first in the user turn that answers a tool_use.
  return merged.map((turn) =>
    turn.role === "user"
      ? {
          role: "user",
          content: [
            ...turn.content.filter((b) => b.type === "tool_result"),
            ...turn.content.filter((b) => b.type !== "tool_result"),
          ],
        }
      : turn,
  );
}

function systemValue(parts: readonly AnthropicTextBlock[]): string | AnthropicTextBlock[] | undefined {
  if (parts.length === 0) return undefined;
  if (parts.some((p) => p.cache_control !== undefined)) return [...parts];
  return parts.map((p) => p.text).join("\n\n");
}

/**
 * Translates the whole conversation. system and developer messages, wherever they appear, are hoisted in
 * order into `system` (joined by a blank line); tool messages become tool_result blocks in a user turn.
 */
export function translateMessages(messages: unknown): TranslatedMessages {
  if (!Array.isArray(messages) || messages.length === 0) {
    throw unsupported("messages", `'messages' must be a non-empty array, got ${showValue(messages)}`);
  }
  const system: AnthropicTextBlock[] = [];
  const turns: AnthropicMessageParam[] = [];
  messages.forEach((raw, i) => {
    const path = `messages[${i}]`;
    const message = fields(raw, path);
    switch (message.role) {
      case "system":
      case "developer":
        system.push(...textOnlyContent(message.content, `${path}.content`));
        break;
      case "user": {
        const content = userContent(message.content, `${path}.content`);
        if (content.length === 0) throw unsupported(`${path}.content`, "A user message must not be empty");
        turns.push({ role: "user", content });
        break;
      }
      case "assistant": {
        const content = assistantContent(message, path);
        // An assistant turn with nothing in it carries no information; Anthropic would reject it.
        if (content.length > 0) turns.push({ role: "assistant", content });
        break;
      }
      case "tool":
        turns.push({ role: "user", content: [toolResult(message, path)] });
        break;
      case "function":
        throw unsupported(`${path}.role`, "The deprecated 'function' role is not translated; use 'tool'");
      default:
        throw unsupported(
          `${path}.role`,
          `Unknown role ${showValue(message.role)}; allowed: system, developer, user, assistant, tool`,
        );
    }
  });
  if (turns.length === 0) {
    throw unsupported(
      "messages",
      "Anthropic needs at least one user or assistant message besides system messages",
    );
  }
  const systemOut = systemValue(system);
  return systemOut === undefined
    ? { messages: mergeTurns(turns) }
    : { system: systemOut, messages: mergeTurns(turns) };
}
