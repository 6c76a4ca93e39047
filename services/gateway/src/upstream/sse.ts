/** Server-sent events from an upstream body, parsed with eventsource-parser (never by hand). */
import { createParser } from "eventsource-parser";
import type { UpstreamSseEvent } from "../providers/types";

export async function* sseEvents(body: AsyncIterable<Uint8Array | string>): AsyncGenerator<UpstreamSseEvent> {
  const pending: UpstreamSseEvent[] = [];
  // a method, not an arrow property: under tsx (keepNames) a named arrow gets its own property
  // dictionary, and this parser lives as long as its stream
  const parser = createParser({
    onEvent(e) {
      pending.push(e.event === undefined ? { data: e.data } : { event: e.event, data: e.data });
    },
  });
  const decoder = new TextDecoder();
  for await (const chunk of body) {
    parser.feed(typeof chunk === "string" ? chunk : decoder.decode(chunk, { stream: true }));
    while (pending.length > 0) yield pending.shift() as UpstreamSseEvent;
  }
}
