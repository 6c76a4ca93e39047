/** Embeddings: routed like chat, over the routes whose provider kind supports embeddings. */
import { AttemptFailure } from "../core/attempt-errors";
import { type RouteLoopContext, runRoutes } from "../core/route-loop";
import type { CreateEmbeddingResponse, EmbeddingCreateParams } from "../providers/types";
import { usageCost } from "./admission";
import type { Exchange } from "./exchange";
import { sendForJson } from "./upstream-call";

export async function createEmbeddings(
  ctx: RouteLoopContext,
  ex: Exchange,
  body: EmbeddingCreateParams,
): Promise<CreateEmbeddingResponse> {
  const result = await runRoutes(ctx, async (attempt) => {
    const { adapter, settings } = attempt.target.provider;
    if (adapter.embeddingsRequest === undefined || adapter.embeddingsResponse === undefined) {
      throw new AttemptFailure(
        "next-route",
        "embeddings_unsupported",
        `kind '${adapter.kind}' has no embeddings`,
      );
    }
    const request = adapter.embeddingsRequest(body, attempt.target.model, settings);
    return adapter.embeddingsResponse(await sendForJson(attempt, request), attempt.target.model);
  });
  result.release(); // the body has been read: nothing left to abort
  ex.provider = result.target.route.provider;
  ex.upstreamModel = result.target.route.model;
  ex.attempts = result.attempts;
  const prompt = result.value.usage?.prompt_tokens ?? 0;
  ex.usage = { prompt_tokens: prompt, completion_tokens: 0, total_tokens: prompt };
  ex.costUsd = usageCost(ctx.snapshot, ex.upstreamModel, ex.usage);
  return result.value;
}
