/** Sends one attempt's request and turns a non-2xx answer into an `AttemptFailure` (scrubbed of secrets). */
import type { ProviderConfig } from "../config/schema";
import { statusFailure } from "../core/attempt-errors";
import type { Attempt } from "../core/route-loop";
import type { UpstreamHttpRequest, UpstreamHttpResponse } from "../providers/types";
import { readBodyText, type SendTimeouts } from "../upstream/pools";

const ERROR_BODY_LIMIT = 64 * 1024;
const ANSWER_BODY_LIMIT = 32 * 1024 * 1024;

function timeoutsOf(config: ProviderConfig): SendTimeouts {
  return { firstByteTimeoutMs: config.firstByteTimeoutMs, bodyIdleTimeoutMs: config.timeoutMs };
}

/** Sends and returns the response once its status is 2xx; the body is left for the caller to read. */
export async function sendChecked(
  attempt: Attempt,
  request: UpstreamHttpRequest,
): Promise<UpstreamHttpResponse> {
  const { provider } = attempt.target;
  const response = await provider.send(request, attempt.cancel.signal, timeoutsOf(provider.config));
  if (response.status >= 200 && response.status < 300) return response;
  let text = "";
  try {
    text = await readBodyText(response.body, ERROR_BODY_LIMIT);
  } catch {
    // an unreadable error body still leaves the status to go on
  }
  throw failureOf(attempt, response.status, response.headers, text);
}

/** Sends, reads the whole answer and parses it; a non-2xx answer becomes an `AttemptFailure`. */
export async function sendForJson(attempt: Attempt, request: UpstreamHttpRequest): Promise<unknown> {
  return (await sendForAnswer(attempt, request)).json;
}

/** A parsed 2xx answer with the text it was parsed from. */
export interface JsonAnswer {
  readonly json: unknown;
  readonly text: string;
}

export async function sendForAnswer(attempt: Attempt, request: UpstreamHttpRequest): Promise<JsonAnswer> {
  const { provider } = attempt.target;
  const response = await provider.sendBuffered(
    request,
    attempt.cancel,
    timeoutsOf(provider.config),
    ANSWER_BODY_LIMIT,
  );
  if (response.status >= 200 && response.status < 300) {
    return { json: JSON.parse(response.text), text: response.text };
  }
  // as when streaming: an error body over the limit is not read, the status is enough to go on
  throw failureOf(
    attempt,
    response.status,
    response.headers,
    response.bytes > ERROR_BODY_LIMIT ? "" : response.text,
  );
}

function failureOf(
  attempt: Attempt,
  status: number,
  headers: UpstreamHttpResponse["headers"],
  text: string,
): Error {
  const { provider } = attempt.target;
  return statusFailure(status, headers, provider.scrub(provider.adapter.describeError(status, text)));
}
