/** The Cancellation primitive the route loop and the buffered upstream path share. */
import { describe, expect, it } from "vitest";
import { Cancellation } from "../../../services/gateway/src/core/cancellation";

describe("Cancellation", () => {
  it("tells each listener once, with the first reason, and forgets listeners after", () => {
    const c = new Cancellation();
    const heard: string[] = [];
    c.listen({ onCancel: (r) => heard.push(`one:${r.message}`) });
    c.listen({ onCancel: (r) => heard.push(`two:${r.message}`) });
    c.cancel(new Error("first"));
    c.cancel(new Error("second"));
    expect(heard).toEqual(["one:first", "two:first"]);
    expect(c.cancelled).toBe(true);
    expect(c.reason?.message).toBe("first");
    c.listen({ onCancel: () => heard.push("late") }); // already cancelled: the caller checks `cancelled`
    expect(heard).toHaveLength(2);
  });

  it("does not call a listener that was removed", () => {
    const c = new Cancellation();
    const heard: string[] = [];
    const listener = { onCancel: () => heard.push("x") };
    c.listen(listener);
    c.unlisten(listener);
    c.cancel(new Error("gone"));
    expect(heard).toEqual([]);
  });

  it("cancels a follower Cancellation, which can stop following", () => {
    const client = new Cancellation();
    const attempt = new Cancellation();
    const released = new Cancellation();
    client.listen(attempt);
    client.listen(released);
    client.unlisten(released);
    client.cancel(new Error("client left"));
    expect(attempt.reason?.message).toBe("client left");
    expect(released.cancelled).toBe(false);
  });

  it("makes an AbortSignal only when asked, aborting it with the reason (also after the fact)", () => {
    const before = new Cancellation();
    const signal = before.signal;
    expect(signal.aborted).toBe(false);
    expect(before.signal).toBe(signal);
    before.cancel(new Error("timeout"));
    expect(signal.aborted).toBe(true);
    expect((signal.reason as Error).message).toBe("timeout");

    const after = new Cancellation();
    after.cancel(new Error("already"));
    expect(after.signal.aborted).toBe(true);
    expect((after.signal.reason as Error).message).toBe("already");
  });
});
