/** Server-sent events from an upstream body, parsed with eventsource-parser (never by hand). */
import { createParser } from "eventsource-parser";
import type { UpstreamSseEvent } from "../providers/types";

export async function* sseEvents(body: AsyncIterable<Uint8Array | string>): AsyncGenerator<UpstreamSseEvent> {
  const pending: UpstreamSseEvent[] = [];
  const parser = createParser({
    onEvent: (e) => pending.push(e.event === undefined ? { data: e.data } : { event: e.event, data: e.data }),
  });
  const decoder = new TextDecoder();
  for await (const chunk of body) {
    parser.feed(typeof chunk === "string" ? chunk : decoder.decode(chunk, { stream: true }));
    while (pending.length > 0) yield pending.shift() as UpstreamSseEvent;
  }
}
