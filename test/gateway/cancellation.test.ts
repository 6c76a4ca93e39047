/**
 * Cancellation of non-streaming requests end to end: a client that leaves, a client that leaves while a
 * retry waits, and the total timeout. Each must end the upstream request it no longer needs.
 */
import { afterEach, describe, expect, it } from "vitest";
import { type FakeUpstream, hang, startFakeUpstream, status } from "./helpers/fake-upstream";
import { configFor, startGateway, type TestGateway } from "./helpers/gateway";

const open: Array<{ close(): Promise<void> }> = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((s) => s.close()));
});

const question = { model: "smart", messages: [{ role: "user" as const, content: "hi" }] };

async function pair(primaryExtra: Record<string, unknown>) {
  const a = await startFakeUpstream();
  const b = await startFakeUpstream();
  const gw = await startGateway(
    configFor([
      { id: "a", url: a.url, extra: primaryExtra },
      { id: "b", url: b.url },
    ]),
  );
  open.push(gw, a, b);
  return { a, b, gw };
}

/** Asks through the openai SDK and aborts once the upstream has the request; the SDK must reject. */
async function askThenLeave(gw: TestGateway, upstream: FakeUpstream): Promise<void> {
  const client = new AbortController();
  const asked = gw
    .client()
    .chat.completions.create(question, { signal: client.signal, maxRetries: 0 })
    .catch((e: unknown) => e);
  await expect.poll(() => upstream.calls.length, { timeout: 5000 }).toBe(1);
  client.abort();
  expect(await asked).toBeInstanceOf(Error);
}

describe("cancelling non-streaming requests", () => {
  it("a client that leaves ends the upstream request, and no other route is tried", async () => {
    const { a, b, gw } = await pair({});
    a.queue(hang());
    await askThenLeave(gw, a);
    await expect.poll(() => a.abortedResponses(), { timeout: 5000 }).toBe(1);
    await expect.poll(() => gw.app.gateway.inFlight, { timeout: 5000 }).toBe(0);
    expect(b.calls).toHaveLength(0);
    // the gateway is unaffected: the next request is answered
    const next = await gw.client().chat.completions.create(question);
    expect(next.choices[0]?.message.content).toBe("fake answer from a-model");
  });

  it("a client that leaves while a retry waits stops the retry", async () => {
    const { a, b, gw } = await pair({ maxRetries: 1 });
    a.queue(status(429, { error: { message: "slow down" } }, { "retry-after": "1" }));
    await askThenLeave(gw, a);
    await expect.poll(() => gw.app.gateway.inFlight, { timeout: 5000 }).toBe(0);
    await new Promise((resolve) => setTimeout(resolve, 1300)); // past the retry-after of 1 s
    expect(a.calls).toHaveLength(1);
    expect(b.calls).toHaveLength(0);
  });

  it("the total timeout ends a hanging upstream request and falls over to the next route", async () => {
    const { a, b, gw } = await pair({ timeoutMs: 300 });
    a.queue(hang());
    const answer = await gw.client().chat.completions.create(question, { maxRetries: 0 });
    expect(answer.choices[0]?.message.content).toBe("fake answer from b-model");
    await expect.poll(() => a.abortedResponses(), { timeout: 5000 }).toBe(1);
    expect(b.calls).toHaveLength(1);
  });
});
