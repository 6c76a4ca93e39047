import { describe, expect, it } from "vitest";
import {
  applyParamTable,
  defaultMaxTokens,
  extensionParamTable,
  requestParamTable,
  ruleFor,
} from "../../../../services/gateway/src/providers/anthropic/params";
import { expectBadParam } from "./helpers";

const base = { model: "smart", messages: [] };

describe("request translation table", () => {
  it("has one well-formed row per field", () => {
    for (const [field, rule] of Object.entries({ ...requestParamTable, ...extensionParamTable })) {
      expect(ruleFor(field)).toBe(rule);
      switch (rule.action) {
        case "map":
          expect(rule.param, field).toMatch(/^[a-z_]+$/);
          break;
        case "structural":
          expect(rule.note.length, field).toBeGreaterThan(0);
          break;
        case "ignore":
        case "reject":
          expect(rule.reason.length, field).toBeGreaterThan(0);
          break;
      }
    }
    expect(ruleFor("no_such_field")).toBeUndefined();
  });

  it("defaults max_tokens (Anthropic requires it) and writes nothing else for a bare request", () => {
    expect(applyParamTable(base)).toEqual({ max_tokens: defaultMaxTokens });
    expect(defaultMaxTokens).toBe(4096);
  });

  it("lets a provider default replace the table's, without overriding the client", () => {
    expect(applyParamTable(base, { max_tokens: 8000 })).toEqual({ max_tokens: 8000 });
    expect(applyParamTable({ ...base, max_tokens: 10 }, { max_tokens: 8000 })).toEqual({ max_tokens: 10 });
  });

  it.each([
    [{ max_tokens: 100 }, { max_tokens: 100 }],
    [{ max_completion_tokens: 200 }, { max_tokens: 200 }],
    // max_completion_tokens replaces the deprecated max_tokens, as in OpenAI's API.
    [{ max_tokens: 100, max_completion_tokens: 200 }, { max_tokens: 200 }],
    [{ temperature: 0 }, { max_tokens: 4096, temperature: 0 }],
    [{ temperature: 1 }, { max_tokens: 4096, temperature: 1 }],
    [{ top_p: 0.5 }, { max_tokens: 4096, top_p: 0.5 }],
    [{ top_k: 40 }, { max_tokens: 4096, top_k: 40 }],
    [{ stop: "END" }, { max_tokens: 4096, stop_sequences: ["END"] }],
    [{ stop: ["a", "b"] }, { max_tokens: 4096, stop_sequences: ["a", "b"] }],
    [{ user: "u-1" }, { max_tokens: 4096, metadata: { user_id: "u-1" } }],
    [{ safety_identifier: "s-1" }, { max_tokens: 4096, metadata: { user_id: "s-1" } }],
    [
      { user: "u-1", safety_identifier: "s-1" },
      { max_tokens: 4096, metadata: { user_id: "s-1" } },
    ],
    [{ stream: true }, { max_tokens: 4096, stream: true }],
    [{ temperature: null, stop: null, n: null }, { max_tokens: 4096 }],
  ])("maps %j", (fields, expected) => {
    expect(applyParamTable({ ...base, ...fields })).toEqual(expected);
  });

  it.each([
    [{ n: 1 }],
    [{ logprobs: false }],
    [{ top_logprobs: 0 }],
    [{ frequency_penalty: 0 }],
    [{ presence_penalty: 0 }],
    [{ logit_bias: {} }],
    [{ seed: 7, store: true, metadata: { team: "a" }, service_tier: "auto" }],
    [{ stream_options: { include_usage: true } }],
    [{ prompt_cache_key: "k", prompt_cache_retention: "24h" }],
  ])("accepts the harmless %j without writing anything", (fields) => {
    expect(applyParamTable({ ...base, ...fields })).toEqual({ max_tokens: 4096 });
  });

  it.each([
    ["temperature", 1.5, "0 to 1"],
    ["temperature", -0.1, "0 to 1"],
    ["top_p", 1.01, "0 to 1"],
    ["max_tokens", 0, "at least 1"],
    ["max_tokens", 10.5, "integer"],
    ["max_completion_tokens", -5, "at least 1"],
    ["top_k", -1, "at least 0"],
    ["temperature", "hot", "must be a number"],
    ["stop", 42, "string or an array of strings"],
    ["stop", "  ", "whitespace-only"],
    ["user", 42, "must be a string"],
    ["user", "x".repeat(257), "at most 256"],
    ["stream", "yes", "must be a boolean"],
  ])("rejects %s = %j naming the param", (field, value, message) => {
    expectBadParam(() => applyParamTable({ ...base, [field]: value }), field, message);
  });

  it("drops top_p: 1 next to temperature (a no-op Anthropic would refuse) and refuses any other pair", () => {
    expect(applyParamTable({ ...base, temperature: 0.7, top_p: 1 })).toEqual({
      max_tokens: 4096,
      temperature: 0.7,
    });
    expect(applyParamTable({ ...base, top_p: 1 })).toEqual({ max_tokens: 4096, top_p: 1 });
    expectBadParam(() => applyParamTable({ ...base, temperature: 0.7, top_p: 0.9 }), "top_p", "not both");
  });

  it("names the element of a stop array that is invalid", () => {
    expectBadParam(() => applyParamTable({ ...base, stop: ["ok", ""] }), "stop[1]", "whitespace-only");
  });

  it.each([
    ["n", 2, "one choice"],
    ["logprobs", true, "log probabilities"],
    ["top_logprobs", 5, "log probabilities"],
    ["frequency_penalty", 0.5, "frequency penalty"],
    ["presence_penalty", -1, "presence penalty"],
    ["logit_bias", { "50256": -100 }, "logit bias"],
    ["audio", { voice: "alloy", format: "mp3" }, "audio"],
    ["prediction", { type: "content", content: "x" }, "predicted outputs"],
    ["reasoning_effort", "high", "thinking"],
    ["verbosity", "low", "verbosity"],
    ["web_search_options", {}, "web search"],
    ["functions", [{ name: "f" }], "use 'tools'"],
    ["function_call", "auto", "use 'tool_choice'"],
  ])("rejects %s = %j with the reason", (field, value, reason) => {
    expectBadParam(() => applyParamTable({ ...base, [field]: value }), field, reason);
  });

  it("rejects a field no row knows, naming it", () => {
    expectBadParam(
      () => applyParamTable({ ...base, temprature: 0.5 }),
      "temprature",
      "Unknown or unsupported",
    );
  });
});
