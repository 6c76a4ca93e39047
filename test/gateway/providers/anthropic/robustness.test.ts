/**
 * Bad input never crashes the translation: seeded, bounded mutation runs over a realistic request, a
 * response and a stream. Every outcome is a translation or the documented error, never a TypeError.
 */
import { describe, expect, it } from "vitest";
import { GatewayError } from "../../../../services/gateway/src/errors";
import { anthropicAdapter } from "../../../../services/gateway/src/providers/anthropic";
import {
  type ChatCompletionCreateParams,
  UpstreamStreamError,
} from "../../../../services/gateway/src/providers/types";
import { fixtureJson, fixtureText, model, parseSse, provider } from "./helpers";

/** mulberry32: a tiny deterministic PRNG, so a failure reproduces from its iteration number. */
function prng(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const oddValues: readonly unknown[] = [
  null,
  undefined,
  0,
  -1,
  1.5,
  Number.NaN,
  "",
  " ",
  "x",
  "data:",
  "data:image/png;base64",
  "{",
  true,
  false,
  [],
  [null],
  [""],
  {},
  { type: "text" },
  { type: "function" },
  { type: "image_url", image_url: null },
];

type Json = Record<string, unknown> | unknown[];

/** Every container (object or array) in the value, with itself first. */
function containers(value: unknown, out: Json[] = []): Json[] {
  if (typeof value !== "object" || value === null) return out;
  out.push(value as Json);
  for (const child of Object.values(value)) containers(child, out);
  return out;
}

function mutate(base: unknown, random: () => number): unknown {
  const copy = structuredClone(base);
  const targets = containers(copy);
  const edits = 1 + Math.floor(random() * 3);
  for (let e = 0; e < edits; e++) {
    const target = targets[Math.floor(random() * targets.length)] as Json;
    const keys = Object.keys(target);
    const key = keys[Math.floor(random() * keys.length)];
    if (key === undefined) continue;
    const value = oddValues[Math.floor(random() * oddValues.length)];
    if (Array.isArray(target)) target[Number(key)] = value;
    else if (value === undefined) delete target[key];
    else target[key] = value;
  }
  return copy;
}

describe("robustness of request translation", () => {
  it("answers 1500 mutated requests with a translation or a 400 naming a param", () => {
    const base = fixtureJson("request-conversation.openai.json");
    const random = prng(20261125);
    let rejected = 0;
    for (let i = 0; i < 1500; i++) {
      const body = mutate(base, random) as ChatCompletionCreateParams;
      try {
        const request = anthropicAdapter.chatRequest(body, model, provider);
        expect(() => JSON.parse(request.body), `iteration ${i}`).not.toThrow();
      } catch (err) {
        if (!(err instanceof GatewayError)) throw new Error(`iteration ${i}: ${String(err)}`, { cause: err });
        expect(err.status, `iteration ${i}`).toBe(400);
        expect(err.param, `iteration ${i}: ${err.message}`).toMatch(/^[a-z_]+(\[\d+\]|\.[a-z_]+)*$/);
        rejected += 1;
      }
    }
    // The mutations must actually exercise the error paths, and not only them.
    expect(rejected).toBeGreaterThan(300);
    expect(rejected).toBeLessThan(1500);
  });
});

describe("robustness of answer translation", () => {
  it("turns 500 mutated responses into a completion or an UpstreamStreamError", () => {
    const base = fixtureJson("response-tool-use.json");
    const random = prng(7);
    for (let i = 0; i < 500; i++) {
      try {
        anthropicAdapter.chatResponse(mutate(base, random), model);
      } catch (err) {
        if (!(err instanceof UpstreamStreamError))
          throw new Error(`iteration ${i}: ${String(err)}`, { cause: err });
      }
    }
    expect(() => anthropicAdapter.chatResponse(base, model)).not.toThrow();
  });

  it("turns 300 streams with one mutated event into chunks or an UpstreamStreamError", () => {
    const events = parseSse(fixtureText("stream-tool-use.sse"));
    const random = prng(11);
    let broken = 0;
    for (let i = 0; i < 300; i++) {
      const victim = Math.floor(random() * events.length);
      const translator = anthropicAdapter.chatStream(model);
      try {
        events.forEach((event, j) => {
          const data = j === victim ? JSON.stringify(mutate(JSON.parse(event.data), random)) : event.data;
          translator.push({ ...event, data });
        });
      } catch (err) {
        if (!(err instanceof UpstreamStreamError))
          throw new Error(`iteration ${i}: ${String(err)}`, { cause: err });
        broken += 1;
      }
    }
    expect(broken).toBeGreaterThan(0);
  });
});
