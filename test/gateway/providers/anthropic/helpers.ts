/** Shared test helpers for the anthropic adapter: fixtures, SSE parsing and 400 assertions. */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { createParser } from "eventsource-parser";
import { expect } from "vitest";
import { GatewayError } from "../../../../services/gateway/src/errors";
import type {
  ChatCompletionCreateParams,
  ModelContext,
  ProviderSettings,
  UpstreamSseEvent,
} from "../../../../services/gateway/src/providers/types";

const fixtureDir = join(__dirname, "../../../fixtures/anthropic");

export function fixtureText(name: string): string {
  return readFileSync(join(fixtureDir, name), "utf8");
}

export function fixtureJson(name: string): unknown {
  return JSON.parse(fixtureText(name));
}

export const model: ModelContext = { requestedModel: "smart", upstreamModel: "claude-sonnet-4-5" };

export const provider: ProviderSettings = {
  id: "claude",
  kind: "anthropic",
  baseUrl: "https://api.anthropic.com",
  apiKey: "sk-ant-api03-test-key-not-real",
};

/** A fixed clock: 2026-11-25T12:00:00Z. */
export const fixedNowMs = Date.UTC(2026, 10, 25, 12, 0, 0);
export const fixedCreated = fixedNowMs / 1000;

/** The smallest valid request, plus overrides. Typed loosely on purpose: tests send bad input too. */
export function chatBody(overrides: Record<string, unknown> = {}): ChatCompletionCreateParams {
  return {
    model: "smart",
    messages: [{ role: "user", content: "Hi" }],
    ...overrides,
  } as ChatCompletionCreateParams;
}

/** Parses an SSE transcript with the same parser the gateway core uses, fed in small uneven pieces. */
export function parseSse(transcript: string, pieceSize = 37): UpstreamSseEvent[] {
  const events: UpstreamSseEvent[] = [];
  const parser = createParser({
    onEvent: (e) => events.push(e.event === undefined ? { data: e.data } : { event: e.event, data: e.data }),
  });
  for (let i = 0; i < transcript.length; i += pieceSize) parser.feed(transcript.slice(i, i + pieceSize));
  return events;
}

/** Runs `fn`, expects a 400 GatewayError whose `param` is `param` and whose message names it. */
export function expectBadParam(
  fn: () => unknown,
  param: string,
  messagePart?: string | RegExp,
): GatewayError {
  let caught: unknown;
  try {
    fn();
  } catch (err) {
    caught = err;
  }
  expect(caught, `expected a 400 naming '${param}'`).toBeInstanceOf(GatewayError);
  const error = caught as GatewayError;
  expect(error.status).toBe(400);
  expect(error.code).toBe("invalid_request_error");
  expect(error.type).toBe("invalid_request_error");
  expect(error.param).toBe(param);
  expect(error.message).toContain(`'${param}'`);
  if (messagePart !== undefined) expect(error.message).toMatch(messagePart);
  return error;
}
