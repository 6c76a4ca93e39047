/** OpenTelemetry spans through @opentelemetry/api: no-ops unless the host process registers an SDK. */
import { type Span, SpanStatusCode, trace } from "@opentelemetry/api";

const tracer = () => trace.getTracer("openclaw-gateway");

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
