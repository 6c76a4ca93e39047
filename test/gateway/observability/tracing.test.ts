/** Spans go through @opentelemetry/api: with a (here: minimal, recording) SDK registered, they appear. */
import {
  type Attributes,
  type Span,
  type SpanContext,
  type SpanStatus,
  type Tracer,
  type TracerProvider,
  trace,
} from "@opentelemetry/api";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type FakeUpstream, startFakeUpstream } from "../helpers/fake-upstream";
import { configFor, startGateway, type TestGateway } from "../helpers/gateway";

interface Recorded {
  name: string;
  attributes: Attributes;
  status?: SpanStatus;
  ended: boolean;
}

const recorded: Recorded[] = [];

function recordingSpan(name: string, attributes: Attributes = {}): Span {
  const entry: Recorded = { name, attributes: { ...attributes }, ended: false };
  recorded.push(entry);
  const context: SpanContext = { traceId: `${"0".repeat(31)}1`, spanId: `${"0".repeat(15)}1`, traceFlags: 1 };
  const span: Span = {
    spanContext: () => context,
    setAttribute: (key, value) => {
      if (value !== undefined) entry.attributes[key] = value;
      return span;
    },
    setAttributes: (attrs) => {
      Object.assign(entry.attributes, attrs);
      return span;
    },
    addEvent: () => span,
    addLink: () => span,
    addLinks: () => span,
    setStatus: (status) => {
      entry.status = status;
      return span;
    },
    updateName: () => span,
    end: () => {
      entry.ended = true;
    },
    isRecording: () => true,
    recordException: () => {},
  };
  return span;
}

const tracer: Tracer = {
  startSpan: (name, options) => recordingSpan(name, options?.attributes),
  startActiveSpan: (() => {
    throw new Error("not used by the gateway");
  }) as Tracer["startActiveSpan"],
};
const provider: TracerProvider = { getTracer: () => tracer };

let upstream: FakeUpstream;
let gw: TestGateway;

beforeAll(async () => {
  trace.setGlobalTracerProvider(provider);
  upstream = await startFakeUpstream();
  gw = await startGateway(configFor([{ id: "up", url: upstream.url }]));
});
afterAll(async () => {
  await gw.close();
  await upstream.close();
  trace.disable();
});

describe("OpenTelemetry", () => {
  it("records one span per request and one per upstream attempt, ended, with model/provider/cost", async () => {
    await gw
      .client()
      .chat.completions.create({ model: "smart", messages: [{ role: "user", content: "hi" }] });
    const request = recorded.find((s) => s.name === "gateway.request");
    const attempt = recorded.find((s) => s.name === "gateway.upstream_attempt");
    expect(request).toMatchObject({
      ended: true,
      attributes: { "openclaw.model": "smart", "openclaw.provider": "up", "http.response.status_code": 200 },
    });
    expect(attempt).toMatchObject({ ended: true, attributes: { "openclaw.provider": "up" } });
  });
});
