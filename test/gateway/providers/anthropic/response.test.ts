import { describe, expect, it } from "vitest";
import { translateChatResponse } from "../../../../services/gateway/src/providers/anthropic/response";
import { UpstreamStreamError } from "../../../../services/gateway/src/providers/types";
import { fixedCreated, fixedNowMs, fixtureJson, model } from "./helpers";

function translateFixture(name: string) {
  return translateChatResponse(fixtureJson(name), model, fixedNowMs);
}

describe("chatResponse", () => {
  it("maps a text answer (end_turn) exactly", () => {
    expect(translateFixture("response-text.json")).toEqual({
      id: "msg_01XFDUDYJgAACzvnptvVoYEL",
      object: "chat.completion",
      created: fixedCreated,
      model: "claude-sonnet-4-5",
      choices: [
        {
          index: 0,
          message: { role: "assistant", content: "Hello! How can I help you today?", refusal: null },
          finish_reason: "stop",
          logprobs: null,
        },
      ],
      usage: {
        prompt_tokens: 12,
        completion_tokens: 12,
        total_tokens: 24,
        prompt_tokens_details: { cached_tokens: 0, cache_write_tokens: 0 },
      },
    });
  });

  it("maps tool_use blocks to tool_calls and counts cache tokens into prompt_tokens", () => {
    expect(translateFixture("response-tool-use.json")).toEqual({
      id: "msg_01Aq9w938a90dw8q",
      object: "chat.completion",
      created: fixedCreated,
      model: "claude-sonnet-4-5",
      choices: [
        {
          index: 0,
          message: {
            role: "assistant",
            content: "I'll check the current weather in both cities for you.",
            refusal: null,
            tool_calls: [
              {
                id: "toolu_01A09q90qw90lq917835lq9",
                type: "function",
                function: {
                  name: "get_weather",
                  arguments: '{"location":"San Francisco, CA","unit":"celsius"}',
                },
              },
              {
                id: "toolu_01B7xvL3mN5pQ2rS8tU4wY6z",
                type: "function",
                function: { name: "get_weather", arguments: '{"location":"Paris, France","unit":"celsius"}' },
              },
            ],
          },
          finish_reason: "tool_calls",
          logprobs: null,
        },
      ],
      usage: {
        prompt_tokens: 2018,
        completion_tokens: 121,
        total_tokens: 2139,
        prompt_tokens_details: { cached_tokens: 1800, cache_write_tokens: 200 },
      },
    });
  });

  it.each([
    [
      "response-max-tokens.json",
      "length",
      "The history of the Roman Empire spans roughly fifteen centuries, beginning",
    ],
    ["response-stop-sequence.json", "stop", "1. Apples\n2. Bananas\n3. Cherries\n"],
    ["response-refusal.json", "content_filter", null],
    ["response-thinking.json", "stop", "17 × 23 = 391"],
  ])("maps %s to finish_reason %s and its text", (name, finish, content) => {
    const completion = translateFixture(name);
    expect(completion.choices).toHaveLength(1);
    expect(completion.choices[0]?.finish_reason).toBe(finish);
    expect(completion.choices[0]?.message.content).toBe(content);
    expect(completion.choices[0]?.message).not.toHaveProperty("tool_calls");
  });

  it("treats missing cache counts as zero", () => {
    expect(translateFixture("response-stop-sequence.json").usage).toEqual({
      prompt_tokens: 24,
      completion_tokens: 17,
      total_tokens: 41,
      prompt_tokens_details: { cached_tokens: 0, cache_write_tokens: 0 },
    });
  });

  it.each([
    ["pause_turn", "stop"],
    ["model_context_window_exceeded", "length"],
    ["some_future_reason", "stop"],
  ])("maps stop_reason %s to %s", (stopReason, finish) => {
    const json = { ...(fixtureJson("response-text.json") as object), stop_reason: stopReason };
    expect(translateChatResponse(json, model, fixedNowMs).choices[0]?.finish_reason).toBe(finish);
  });

  it("joins several text blocks in order", () => {
    const json = {
      ...(fixtureJson("response-text.json") as object),
      content: [
        { type: "text", text: "Part one. " },
        { type: "text", text: "Part two." },
      ],
    };
    expect(translateChatResponse(json, model, fixedNowMs).choices[0]?.message.content).toBe(
      "Part one. Part two.",
    );
  });

  it.each([
    [null, "(root)"],
    [{ type: "error", error: { type: "x", message: "y" } }, "id"],
    [
      { ...{ id: "m", type: "message", role: "assistant", model: "c", content: [], stop_reason: null } },
      "usage",
    ],
  ])("rejects an unreadable body %j as an upstream fault naming where it broke", (json, where) => {
    let caught: unknown;
    try {
      translateChatResponse(json, model, fixedNowMs);
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(UpstreamStreamError);
    expect((caught as UpstreamStreamError).message).toContain("not a Messages response");
    expect((caught as UpstreamStreamError).message).toContain(`'${where}'`);
  });
});
