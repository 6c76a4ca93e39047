/** Streams that break: before the first byte (fall over), after it (error event, no [DONE]), client gone. */
import { request } from "node:http";
import { afterEach, describe, expect, it } from "vitest";
import { reset, startFakeUpstream, stream } from "./helpers/fake-upstream";
import { configFor, startGateway, TEST_KEY } from "./helpers/gateway";

const open: Array<{ close(): Promise<void> }> = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((s) => s.close()));
});

async function twoRoutes() {
  const a = await startFakeUpstream(stream());
  const b = await startFakeUpstream(stream());
  const gw = await startGateway(
    configFor([
      { id: "a", url: a.url },
      { id: "b", url: b.url },
    ]),
  );
  open.push(gw, a, b);
  return { a, b, gw };
}

async function rawStream(url: string): Promise<string> {
  const res = await fetch(`${url}/v1/chat/completions`, {
    method: "POST",
    headers: { authorization: `Bearer ${TEST_KEY}`, "content-type": "application/json" },
    body: JSON.stringify({ model: "smart", stream: true, messages: [{ role: "user", content: "hi" }] }),
  });
  expect(res.status).toBe(200);
  return res.text();
}

describe("streaming failures", () => {
  it("a stream cut after some chunks ends with an SSE error event, no [DONE], and no other route is called", async () => {
    const { a, b, gw } = await twoRoutes();
    a.queue(stream({ pieces: ["one ", "two ", "three"], cutAfter: 2 }));
    const text = await rawStream(gw.url);
    expect(text).toContain('"content":"one "');
    expect(text).toContain('"content":"two "');
    expect(text).not.toContain("[DONE]");
    const last = text.trim().split("\n\n").at(-1) ?? "";
    expect(JSON.parse(last.replace(/^data: /, ""))).toMatchObject({
      error: { code: "upstream_error", type: "api_error" },
    });
    expect(b.calls).toHaveLength(0);
    const log = gw.logs.map((l) => JSON.parse(l)).find((l) => l.msg === "request finished" && l.stream);
    expect(log).toMatchObject({ provider: "a", streamError: expect.any(String) });
  });

  it("the openai SDK sees a mid-stream failure as an error, not a clean end", async () => {
    const { a, gw } = await twoRoutes();
    a.queue(stream({ pieces: ["x", "y", "z"], cutAfter: 1 }));
    const events = await gw
      .client()
      .chat.completions.create({ model: "smart", stream: true, messages: [{ role: "user", content: "hi" }] });
    const collected: string[] = [];
    const failure = await (async () => {
      for await (const chunk of events) collected.push(chunk.choices[0]?.delta.content ?? "");
    })().catch((e: unknown) => e);
    expect(collected.join("")).toBe("x");
    expect(failure).toBeInstanceOf(Error);
  });

  it("an upstream that closes without [DONE] is reported as broken", async () => {
    const { a, gw } = await twoRoutes();
    a.queue(stream({ omitDone: true }));
    const text = await rawStream(gw.url);
    expect(text).not.toContain("[DONE]");
    expect(text).toContain('"code":"upstream_error"');
  });

  it("a failure before the first chunk falls over to the next route (nothing was sent yet)", async () => {
    const { a, b, gw } = await twoRoutes();
    a.queue(reset());
    const text = await rawStream(gw.url);
    expect(text.endsWith("data: [DONE]\n\n")).toBe(true);
    expect(a.calls).toHaveLength(1);
    expect(b.calls).toHaveLength(1);
  });

  it("a cleanly finished stream hands its upstream connection back for reuse", async () => {
    const { a, gw } = await twoRoutes();
    a.queue(stream({ endDelayMs: 30 }), stream({ endDelayMs: 30 }), stream({ endDelayMs: 30 }));
    for (let i = 0; i < 3; i++) {
      expect((await rawStream(gw.url)).endsWith("data: [DONE]\n\n")).toBe(true);
      await new Promise((resolve) => setTimeout(resolve, 100)); // past the upstream's delayed end
    }
    expect(a.calls).toHaveLength(3);
    expect(a.connections()).toBe(1);
  });

  it("a client that disconnects mid-stream aborts the upstream request", async () => {
    const { a, gw } = await twoRoutes();
    a.queue(stream({ pieces: Array.from({ length: 50 }, (_, i) => `p${i} `), delayMs: 40 }));
    await new Promise<void>((resolve, reject) => {
      const req = request(
        `${gw.url}/v1/chat/completions`,
        {
          method: "POST",
          headers: { authorization: `Bearer ${TEST_KEY}`, "content-type": "application/json" },
        },
        (res) => {
          res.once("data", () => {
            req.destroy(); // the client goes away after the first bytes
            resolve();
          });
        },
      );
      req.on("error", () => {});
      req.on("close", () => resolve());
      req.end(JSON.stringify({ model: "smart", stream: true, messages: [{ role: "user", content: "hi" }] }));
      setTimeout(() => reject(new Error("no data within 5s")), 5000);
    });
    await expect.poll(() => a.abortedResponses(), { timeout: 5000 }).toBe(1);
    await expect.poll(() => gw.app.gateway.inFlight, { timeout: 5000 }).toBe(0);
    // recorded as the client's doing (499), not as an upstream failure
    const finishedLines = () =>
      gw.logs
        .map((l) => JSON.parse(l) as Record<string, unknown>)
        .filter((l) => l.msg === "request finished");
    await expect.poll(() => finishedLines().length, { timeout: 5000 }).toBe(1);
    const finished = finishedLines();
    expect(finished[0]).toMatchObject({ status: 499, clientClosed: true, stream: true });
    expect(finished[0]?.streamError).toBeUndefined();
  });
});
