/** Token counts without a tokenizer: ~4 characters per token, the usual rule of thumb for English. */
import type { ChatCompletionCreateParams } from "./providers/types";

export function approximateTokens(text: string): number {
  return Math.ceil(text.length / 4);
}

/** Text a chat request sends as prompt (message contents, tool definitions), for estimates. */
export function promptText(body: ChatCompletionCreateParams): string {
  let text = "";
  for (const message of body.messages) {
    const content = (message as { content?: unknown }).content;
    if (typeof content === "string") text += content;
    else if (Array.isArray(content)) {
      for (const part of content) {
        if (
          part !== null &&
          typeof part === "object" &&
          typeof (part as { text?: unknown }).text === "string"
        ) {
          text += (part as { text: string }).text;
        }
      }
    }
    text += "    "; // per-message overhead, about one token
  }
  if (body.tools !== undefined) text += JSON.stringify(body.tools);
  return text;
}
