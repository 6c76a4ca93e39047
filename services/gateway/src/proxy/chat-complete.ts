/** Non-streaming chat: cache lookup (opt-in per model), routing, cost, cache fill. */

import { type RouteLoopContext, runRoutes } from "../core/route-loop";
import { cacheKey } from "../governance/cache-key";
import type { ResponseCache } from "../governance/types";
import type { ChatCompletion, ChatCompletionCreateParams } from "../providers/types";
import { usageCost } from "./admission";
import type { Exchange } from "./exchange";
import { sendForJson } from "./upstream-call";

interface CachedAnswer {
  readonly provider: string;
  readonly upstreamModel: string;
  readonly completion: ChatCompletion;
}

export async function completeChat(
  ctx: RouteLoopContext,
  ex: Exchange,
  body: ChatCompletionCreateParams,
  cache: ResponseCache,
): Promise<ChatCompletion> {
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
      return answer.completion;
    }
    ex.cache = "miss";
  }

  const result = await runRoutes(ctx, async (attempt) => {
    const { adapter, settings } = attempt.target.provider;
    const request = adapter.chatRequest(body, attempt.target.model, settings);
    return adapter.chatResponse(await sendForJson(attempt, request), attempt.target.model);
  });
  result.release(); // the body has been read: nothing left to abort
  ex.provider = result.target.route.provider;
  ex.upstreamModel = result.target.route.model;
  ex.attempts = result.attempts;
  ex.usage = result.value.usage;
  ex.costUsd = usageCost(ctx.snapshot, ex.upstreamModel, ex.usage);
  if (key !== undefined && cacheTtl !== undefined) {
    const answer: CachedAnswer = {
      provider: ex.provider,
      upstreamModel: ex.upstreamModel,
      completion: result.value,
    };
    await cache.set(key, JSON.stringify(answer), cacheTtl * 1000);
  }
  return result.value;
}
