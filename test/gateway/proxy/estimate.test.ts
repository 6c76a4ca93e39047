import { describe, expect, it } from "vitest";
import { estimateRequestTokens } from "../../../services/gateway/src/proxy/estimate";

describe("estimateRequestTokens", () => {
  it("counts ~4 chars per token plus per-message overhead, and the output ceiling times n", () => {
    const body = { messages: [{ role: "user", content: "x".repeat(40) }], max_tokens: 100, n: 2 };
    expect(estimateRequestTokens(body, 1024)).toEqual({ input: 14, output: 200, total: 214 });
  });

  it("prefers max_completion_tokens, falls back to the default ceiling", () => {
    const msgs = [{ role: "user", content: "" }];
    expect(
      estimateRequestTokens({ messages: msgs, max_tokens: 9, max_completion_tokens: 7 }, 50).output,
    ).toBe(7);
    expect(estimateRequestTokens({ messages: msgs }, 50).output).toBe(50);
  });

  it("counts text parts, tools and embedding inputs; ignores junk", () => {
    const parts = { messages: [{ role: "user", content: [{ type: "text", text: "abcdefgh" }] }] };
    expect(estimateRequestTokens(parts, 0).input).toBe(6);
    expect(estimateRequestTokens({ input: ["abcd", "abcdefgh"] }, 0)).toEqual({
      input: 3,
      output: 0,
      total: 3,
    });
    expect(estimateRequestTokens({ input: [[1, 2, 3]] }, 0).input).toBe(3);
    expect(estimateRequestTokens("nonsense", 10)).toEqual({ input: 0, output: 0, total: 0 });
  });
});
