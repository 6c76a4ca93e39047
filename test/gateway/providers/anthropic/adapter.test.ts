import { describe, expect, it } from "vitest";
import {
  anthropicAdapter,
  createAnthropicAdapter,
} from "../../../../services/gateway/src/providers/anthropic";
import { chatBody, fixedCreated, fixedNowMs, fixtureJson, model, provider } from "./helpers";

describe("anthropicAdapter", () => {
  it("is the anthropic kind, without embeddings (Anthropic has no embeddings API)", () => {
    expect(anthropicAdapter.kind).toBe("anthropic");
    expect(anthropicAdapter.embeddingsRequest).toBeUndefined();
    expect(anthropicAdapter.embeddingsResponse).toBeUndefined();
  });

  it("wires request, response, stream and error translation together", () => {
    const adapter = createAnthropicAdapter({ now: () => fixedNowMs });
    expect(adapter.chatRequest(chatBody(), model, provider).path).toBe("/v1/messages");
    expect(adapter.chatResponse(fixtureJson("response-text.json"), model).created).toBe(fixedCreated);
    const translator = adapter.chatStream(model);
    expect(translator.finished()).toBe(false);
    expect(
      adapter.describeError(
        529,
        '{"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}',
      ),
    ).toBe("Anthropic 529 overloaded_error: Overloaded");
  });

  it("stamps created from the real clock by default", () => {
    const before = Math.floor(Date.now() / 1000);
    const created = anthropicAdapter.chatResponse(fixtureJson("response-text.json"), model).created;
    expect(created).toBeGreaterThanOrEqual(before);
    expect(created).toBeLessThanOrEqual(Math.floor(Date.now() / 1000));
  });

  it("validates config options, naming the bad key", () => {
    const schema = anthropicAdapter.optionsSchema;
    expect(schema?.safeParse({})).toEqual({ success: true, data: { defaultMaxTokens: 4096 } });
    expect(schema?.safeParse({ defaultMaxTokens: 16000 })).toEqual({
      success: true,
      data: { defaultMaxTokens: 16000 },
    });
    for (const [options, path] of [
      [{ defaultMaxTokens: 0 }, ["defaultMaxTokens"]],
      [{ defaultMaxTokens: "big" }, ["defaultMaxTokens"]],
      [{ defaultMaxToken: 100 }, []],
    ] as const) {
      const result = schema?.safeParse(options);
      expect(result?.success, JSON.stringify(options)).toBe(false);
      if (result?.success === false) {
        expect(result.error.issues[0]?.path).toEqual(path);
        if (path.length === 0) expect(result.error.issues[0]?.message).toContain("defaultMaxToken");
      }
    }
  });

  it("uses options.defaultMaxTokens when the client sets no limit, and the client's limit otherwise", () => {
    const configured = { ...provider, options: { defaultMaxTokens: 16000 } };
    const bodyOf = (overrides: Record<string, unknown>) =>
      JSON.parse(anthropicAdapter.chatRequest(chatBody(overrides), model, configured).body) as {
        max_tokens: number;
      };
    expect(bodyOf({}).max_tokens).toBe(16000);
    expect(bodyOf({ max_completion_tokens: 300 }).max_tokens).toBe(300);
    expect(bodyOf({ max_tokens: 200 }).max_tokens).toBe(200);
  });
});
