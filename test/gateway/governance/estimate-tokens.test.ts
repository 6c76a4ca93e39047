import { encode } from "gpt-tokenizer/encoding/o200k_base";
import { describe, expect, it } from "vitest";
import { DEFAULT_MAX_OUTPUT_TOKENS, estimateTokens } from "../../../services/gateway/src/governance";

const text = "The quick brown fox jumps over the lazy dog, twice.";
const textTokens = encode(text).length;

describe("estimateTokens", () => {
  it("counts message contents with the o200k tokenizer plus the chat format's per-message overhead", () => {
    const one = estimateTokens({ messages: [{ role: "user", content: text }], max_tokens: 1 });
    const two = estimateTokens({
      messages: [
        { role: "user", content: text },
        { role: "user", content: text },
      ],
      max_tokens: 1,
    });
    expect(two.input - one.input).toBe(textTokens + encode("user").length + 3);
    expect(one.input).toBeGreaterThan(textTokens);
  });

  it("takes the output side from max_completion_tokens, then max_tokens, then the default, times n", () => {
    const messages = [{ role: "user", content: "hi" }];
    expect(estimateTokens({ messages, max_completion_tokens: 50, max_tokens: 10 }).output).toBe(50);
    expect(estimateTokens({ messages, max_tokens: 10, n: 3 }).output).toBe(30);
    expect(estimateTokens({ messages }).output).toBe(DEFAULT_MAX_OUTPUT_TOKENS);
    expect(estimateTokens({ messages }, { defaultMaxOutputTokens: 7 }).output).toBe(7);
    const estimate = estimateTokens({ messages, max_tokens: 10 });
    expect(estimate.total).toBe(estimate.input + estimate.output);
  });

  it("counts text parts, images, tool calls and tool definitions", () => {
    const plain = estimateTokens({ messages: [{ role: "user", content: text }], max_tokens: 1 }).input;
    const parts = estimateTokens({
      messages: [
        {
          role: "user",
          content: [
            { type: "text", text },
            { type: "image_url", image_url: { url: "x" } },
          ],
        },
      ],
      max_tokens: 1,
    }).input;
    expect(parts).toBe(plain + 765);
    const withTools = estimateTokens({
      messages: [{ role: "user", content: text }],
      tools: [{ type: "function", function: { name: "lookup", parameters: { type: "object" } } }],
      max_tokens: 1,
    }).input;
    expect(withTools).toBeGreaterThan(plain);
  });

  it("counts embeddings inputs (strings and token arrays) with no output side", () => {
    expect(estimateTokens({ input: text })).toEqual({ input: textTokens, output: 0, total: textTokens });
    expect(estimateTokens({ input: [text, text] }).input).toBe(2 * textTokens);
    expect(estimateTokens({ input: [[1, 2, 3], [4]] }).input).toBe(4);
  });

  it("never throws on malformed bodies: unknown shapes count as zero", () => {
    expect(estimateTokens(null)).toEqual({ input: 0, output: 0, total: 0 });
    expect(estimateTokens("text")).toEqual({ input: 0, output: 0, total: 0 });
    const odd = estimateTokens({ messages: [null, 5, { role: 7, content: { x: 1 } }], max_tokens: -1 });
    expect(odd.output).toBe(DEFAULT_MAX_OUTPUT_TOKENS);
    expect(odd.input).toBe(3 + 3); // reply priming + one message's overhead
  });
});
