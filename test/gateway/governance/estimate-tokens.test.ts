import { describe, expect, it } from "vitest";
import {
  approximateTokens,
  DEFAULT_MAX_OUTPUT_TOKENS,
  estimateTokens,
} from "../../../services/gateway/src/governance";
import recorded from "./o200k-samples.json";

const text = "The quick brown fox jumps over the lazy dog, twice."; // 51 characters
const textTokens = 13;

describe("approximateTokens", () => {
  it("counts 4 characters per token below U+0800 (Latin, Cyrillic...) and 1/1.4 per wider unit (CJK...)", () => {
    expect(approximateTokens("")).toBe(0);
    expect(approximateTokens(text)).toBe(textTokens);
    expect(approximateTokens("абвг".repeat(10))).toBe(10);
    expect(approximateTokens("漢".repeat(14))).toBe(10);
    expect(approximateTokens(`${"a".repeat(8)}${"字".repeat(7)}`)).toBe(2 + 5);
  });

  it.each(recorded.samples)("stays within 0.75x-1.5x of o200k for $name text", ({ text, o200kTokens }) => {
    const ratio = approximateTokens(text) / o200kTokens;
    expect(ratio).toBeGreaterThanOrEqual(0.75);
    expect(ratio).toBeLessThanOrEqual(1.5);
  });
});

describe("estimateTokens", () => {
  it("counts message contents plus the chat format's per-message overhead and the reply priming", () => {
    const one = estimateTokens({ messages: [{ role: "user", content: text }], max_tokens: 1 });
    const two = estimateTokens({
      messages: [
        { role: "user", content: text },
        { role: "user", content: text },
      ],
      max_tokens: 1,
    });
    expect(one.input).toBe(3 + 3 + approximateTokens("user") + textTokens);
    expect(two.input - one.input).toBe(3 + approximateTokens("user") + textTokens);
    const named = estimateTokens({ messages: [{ role: "user", name: "alice-12", content: text }] });
    expect(named.input - one.input).toBe(2);
  });

  it("takes the output side from max_completion_tokens, then max_tokens, then the default, times n", () => {
    const messages = [{ role: "user", content: "hi" }];
    expect(estimateTokens({ messages, max_completion_tokens: 50, max_tokens: 10 }).output).toBe(50);
    expect(estimateTokens({ messages, max_tokens: 10, n: 3 }).output).toBe(30);
    expect(estimateTokens({ messages }).output).toBe(DEFAULT_MAX_OUTPUT_TOKENS);
    expect(estimateTokens({ messages }, { defaultMaxOutputTokens: 7 }).output).toBe(7);
    const estimate = estimateTokens({
      messages: [{ role: "user", content: "x".repeat(40) }],
      max_tokens: 100,
      n: 2,
    });
    expect(estimate).toEqual({ input: 3 + 3 + 1 + 10, output: 200, total: 217 });
  });

  it("counts text parts as text and every media part as one 1024px image, whatever its base64 size", () => {
    const plain = estimateTokens({ messages: [{ role: "user", content: text }], max_tokens: 1 }).input;
    const parts = estimateTokens({
      messages: [
        {
          role: "user",
          content: [
            { type: "text", text },
            { type: "image_url", image_url: { url: "https://example.com/cat.png" } },
            { type: "file", file: { file_data: `data:application/pdf;base64,${"A".repeat(400_000)}` } },
          ],
        },
      ],
      max_tokens: 1,
    }).input;
    expect(parts).toBe(plain + 2 * 765);
  });

  it("counts tool definitions and assistant tool calls as their JSON", () => {
    const plain = estimateTokens({ messages: [{ role: "user", content: text }], max_tokens: 1 }).input;
    const tools = [{ type: "function", function: { name: "lookup", parameters: { type: "object" } } }];
    const withTools = estimateTokens({ messages: [{ role: "user", content: text }], tools, max_tokens: 1 });
    expect(withTools.input).toBe(plain + approximateTokens(JSON.stringify(tools)));
    const calls = [{ id: "call_1", type: "function", function: { name: "lookup", arguments: '{"q":"x"}' } }];
    const withCalls = estimateTokens({
      messages: [
        { role: "user", content: text },
        { role: "assistant", content: null, tool_calls: calls },
      ],
      max_tokens: 1,
    });
    expect(withCalls.input).toBe(
      plain + 3 + approximateTokens("assistant") + approximateTokens(JSON.stringify(calls)),
    );
  });

  it("counts embeddings inputs (strings and token arrays) with no output side", () => {
    expect(estimateTokens({ input: text })).toEqual({ input: textTokens, output: 0, total: textTokens });
    expect(estimateTokens({ input: [text, text] }).input).toBe(2 * textTokens);
    expect(estimateTokens({ input: [[1, 2, 3], [4]] }).input).toBe(4);
    expect(estimateTokens({ input: ["abcd", "abcdefgh"] }).input).toBe(3);
  });

  it("never throws on malformed bodies: unknown shapes count as zero", () => {
    expect(estimateTokens(null)).toEqual({ input: 0, output: 0, total: 0 });
    expect(estimateTokens("text")).toEqual({ input: 0, output: 0, total: 0 });
    const odd = estimateTokens({ messages: [null, 5, { role: 7, content: { x: 1 } }], max_tokens: -1 });
    expect(odd.output).toBe(DEFAULT_MAX_OUTPUT_TOKENS);
    expect(odd.input).toBe(3 + 3); // reply priming + one message's overhead
  });
});
