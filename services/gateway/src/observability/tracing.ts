/** OpenTelemetry spans through @opentelemetry/api: no-ops unless the host process registers an SDK. */
import { type Span, SpanStatusCode, type Tracer, trace } from "@opentelemetry/api";

let cached: Tracer | undefined;
// The API's global tracer is a proxy that follows whichever SDK gets registered, so caching it is safe.
const tracer = () => {
  cached ??= trace.getTracer("openclaw-gateway");
  return cached;
};

export function startSpan(name: string, attributes: Record<string, string | number | boolean>): Span {
  return tracer().startSpan(name, { attributes });
}

export function endSpan(span: Span, error?: unknown): void {
  if (error !== undefined) {
    span.setStatus({
      code: SpanStatusCode.ERROR,
      message: error instanceof Error ? error.message : String(error),
    });
  }
  span.end();
}
