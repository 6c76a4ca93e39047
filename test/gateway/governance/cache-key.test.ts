import { describe, expect, it } from "vitest";
import { CACHE_KEY_EXCLUDED_FIELDS, cacheKey, canonicalJson } from "../../../services/gateway/src/governance";

const body = {
  model: "smart",
  messages: [{ role: "user", content: "hi" }],
  temperature: 0,
  response_format: { type: "json_object" },
};

describe("cacheKey", () => {
  it("is a sha256 hex digest, stable under key reordering at every depth", () => {
    const reordered = {
      response_format: { type: "json_object" },
      temperature: 0,
      messages: [{ content: "hi", role: "user" }],
      model: "smart",
    };
    const key = cacheKey({ keyScope: "team-a", model: "gpt-4o", body });
    expect(key).toMatch(/^[0-9a-f]{64}$/);
    expect(cacheKey({ keyScope: "team-a", model: "gpt-4o", body: reordered })).toBe(key);
  });

  it("differs when anything that decides the answer differs", () => {
    const key = cacheKey({ keyScope: "team-a", model: "gpt-4o", body });
    const variants = [
      cacheKey({ keyScope: "team-b", model: "gpt-4o", body }),
      cacheKey({ keyScope: "team-a", model: "gpt-4o-mini", body }),
      cacheKey({ keyScope: "team-a", model: "gpt-4o", body: { ...body, temperature: 1 } }),
      cacheKey({
        keyScope: "team-a",
        model: "gpt-4o",
        body: { ...body, messages: [{ role: "user", content: "hi!" }] },
      }),
      cacheKey({ keyScope: "team-a", model: "gpt-4o", body: { ...body, n: 2 } }),
      // Message order matters: arrays are never sorted.
      cacheKey({
        keyScope: "team-a",
        model: "gpt-4o",
        body: { ...body, messages: [body.messages[0], { role: "assistant", content: "x" }] },
      }),
      cacheKey({
        keyScope: "team-a",
        model: "gpt-4o",
        body: { ...body, messages: [{ role: "assistant", content: "x" }, body.messages[0]] },
      }),
    ];
    expect(new Set([key, ...variants]).size).toBe(variants.length + 1);
  });

  it("ignores the fields that cannot change the answer", () => {
    expect(CACHE_KEY_EXCLUDED_FIELDS).toEqual([
      "user",
      "metadata",
      "store",
      "stream",
      "stream_options",
      "model",
    ]);
    const key = cacheKey({ keyScope: "team-a", model: "gpt-4o", body });
    const decorated = {
      ...body,
      model: "another-alias",
      user: "alice",
      metadata: { trace: "1" },
      store: true,
      stream: true,
      stream_options: { include_usage: true },
    };
    expect(cacheKey({ keyScope: "team-a", model: "gpt-4o", body: decorated })).toBe(key);
  });

  it("handles bodies that are not objects without throwing", () => {
    expect(cacheKey({ keyScope: "s", model: "m", body: null })).not.toBe(
      cacheKey({ keyScope: "s", model: "m", body: "null" }),
    );
    expect(cacheKey({ keyScope: "s", model: "m", body: undefined })).toMatch(/^[0-9a-f]{64}$/);
  });
});

describe("canonicalJson", () => {
  it("sorts object keys, keeps array order, and drops undefined members like JSON.stringify", () => {
    expect(canonicalJson({ b: 1, a: { d: [3, 1], c: undefined } })).toBe('{"a":{"d":[3,1]},"b":1}');
    expect(canonicalJson([undefined, "x"])).toBe('[null,"x"]');
  });
});
