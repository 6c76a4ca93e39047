/** Non-streaming chat: cache lookup (opt-in per model), routing, cost, cache fill. */

import { type RouteLoopContext, runRoutes } from "../core/route-loop";
import { cacheKey } from "../governance/cache-key";
import type { ResponseCache } from "../governance/types";
import type { ChatCompletion, ChatCompletionCreateParams } from "../providers/types";
import { usageCost } from "./admission";
import type { Exchange } from "./exchange";
import { sendForAnswer } from "./upstream-call";

interface CachedAnswer {
  readonly provider: string;
  readonly upstreamModel: string;
  readonly completion: ChatCompletion;
}

/** The answer for the client, and its JSON text when the upstream's own can be sent as it came. */
export interface CompletedChat {
  readonly completion: ChatCompletion;
  /** Set when the adapter passed the upstream's answer through untouched (no re-serialization needed). */
  readonly text: string | undefined;
}

export async function completeChat(
  ctx: RouteLoopContext,
  ex: Exchange,
  body: ChatCompletionCreateParams,
  cache: ResponseCache,
): Promise<CompletedChat> {
  const cacheTtl = ctx.model.cache?.ttlSeconds;
  const key =
    cacheTtl === undefined ? undefined : cacheKey({ keyScope: ex.keyId, model: ctx.model.name, body });
  if (key !== undefined) {
    const cached = await cache.get(key);
    if (cached !== undefined) {
      const answer = JSON.parse(cached) as CachedAnswer;
      ex.cache = "hit";
      ex.provider = answer.provider;
      ex.upstreamModel = answer.upstreamModel;
      return { completion: answer.completion, text: undefined };
    }
    ex.cache = "miss";
  }

  const result = await runRoutes(ctx, async (attempt) => {
    const { adapter, settings } = attempt.target.provider;
    const request = adapter.chatRequest(body, attempt.target.model, settings);
    const answer = await sendForAnswer(attempt, request);
    const completion = adapter.chatResponse(answer.json, attempt.target.model);
    // the same object back means no translation happened: the upstream's text is the answer
    return { completion, text: completion === answer.json ? answer.text : undefined };
  });
  result.release(); // the body has been read: nothing left to abort
  ex.provider = result.target.route.provider;
  ex.upstreamModel = result.target.route.model;
  ex.attempts = result.attempts;
  const { completion } = result.value;
  ex.usage = completion.usage;
  ex.costUsd = usageCost(ctx.snapshot, ex.upstreamModel, ex.usage);
  if (key !== undefined && cacheTtl !== undefined) {
    const answer: CachedAnswer = {
      provider: ex.provider,
      upstreamModel: ex.upstreamModel,
      completion,
    };
    await cache.set(key, JSON.stringify(answer), cacheTtl * 1000);
  }
  return result.value;
}
