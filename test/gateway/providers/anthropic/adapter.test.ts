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
});
