/** Sends one attempt's request and turns a non-2xx answer into an `AttemptFailure` (scrubbed of secrets). */
import type { ProviderConfig } from "../config/schema";
import { statusFailure } from "../core/attempt-errors";
import type { Attempt } from "../core/route-loop";
import type { UpstreamHttpRequest, UpstreamHttpResponse } from "../providers/types";
import { readBodyText, type SendTimeouts } from "../upstream/pools";

const ERROR_BODY_LIMIT = 64 * 1024;

function timeoutsOf(config: ProviderConfig): SendTimeouts {
  return { firstByteTimeoutMs: config.firstByteTimeoutMs, bodyIdleTimeoutMs: config.timeoutMs };
}

/** Sends and returns the response once its status is 2xx; the body is left for the caller to read. */
export async function sendChecked(
  attempt: Attempt,
  request: UpstreamHttpRequest,
): Promise<UpstreamHttpResponse> {
  const { provider } = attempt.target;
  const response = await provider.send(request, attempt.signal, timeoutsOf(provider.config));
  if (response.status >= 200 && response.status < 300) return response;
  let text = "";
  try {
    text = await readBodyText(response.body, ERROR_BODY_LIMIT);
  } catch {
    // an unreadable error body still leaves the status to go on
  }
  const description = provider.scrub(provider.adapter.describeError(response.status, text));
  throw statusFailure(response.status, response.headers, description);
}

export async function sendForJson(attempt: Attempt, request: UpstreamHttpRequest): Promise<unknown> {
  const response = await sendChecked(attempt, request);
  return JSON.parse(await readBodyText(response.body));
}
