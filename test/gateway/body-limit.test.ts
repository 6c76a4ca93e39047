/**
 * A body over `server.bodyLimitBytes` gets a 413 the client can actually read: the gateway answers, then
 * keeps reading and discarding what the client is still sending, so the answer is not lost to a TCP
 * reset. Tried the way a new user would: a plain socket and the openai SDK uploading 10 MB, with a
 * Content-Length and chunked.
 */
import { connect } from "node:net";
import { Readable } from "node:stream";
import OpenAI from "openai";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type FakeUpstream, startFakeUpstream } from "./helpers/fake-upstream";
import { configFor, startGateway, TEST_KEY, type TestGateway } from "./helpers/gateway";

const LIMIT = 1024 * 1024;
const UPLOAD = 10 * 1024 * 1024;
const CHUNK = 64 * 1024;
const TOO_LARGE = {
  error: {
    message: `Request body exceeds the limit of ${LIMIT} bytes.`,
    type: "invalid_request_error",
    param: null,
    code: "request_too_large",
  },
};

let upstream: FakeUpstream;
let gw: TestGateway;

beforeAll(async () => {
  upstream = await startFakeUpstream();
  gw = await startGateway(
    configFor([{ id: "up", url: upstream.url }], {}, { server: { bodyLimitBytes: LIMIT } }),
  );
});
afterAll(async () => {
  await gw.close();
  await upstream.close();
});

/** A chat body of about `bytes` bytes (one long user message). */
function bigBody(bytes: number): string {
  const head = '{"model":"smart","messages":[{"role":"user","content":"';
  const tail = '"}]}';
  return head + "x".repeat(bytes - head.length - tail.length) + tail;
}

interface RawExchange {
  readonly response: string;
  readonly error: string | undefined;
  /** Every byte of the body was handed to the socket before it closed. */
  readonly wroteAll: boolean;
}

/** Writes one request with a 10 MB body in 64 KB chunks over a plain socket; returns all it read back. */
function rawUpload(port: number, chunked: boolean, stallAfterBytes = UPLOAD): Promise<RawExchange> {
  const body = Buffer.from(bigBody(UPLOAD)).subarray(0, stallAfterBytes);
  const head = [
    "POST /v1/chat/completions HTTP/1.1",
    `host: 127.0.0.1:${port}`,
    `authorization: Bearer ${TEST_KEY}`,
    "content-type: application/json",
    chunked ? "transfer-encoding: chunked" : `content-length: ${UPLOAD}`,
    "",
    "",
  ].join("\r\n");
  return new Promise((resolve) => {
    // keeps writing after the gateway's FIN, as curl does: the gateway must keep reading
    const socket = connect({ port, host: "127.0.0.1", allowHalfOpen: true });
    const received: Buffer[] = [];
    let error: string | undefined;
    let wroteAll = false;
    socket.on("data", (d: Buffer) => received.push(d));
    socket.on("error", (err: NodeJS.ErrnoException) => {
      error = err.code ?? err.message;
    });
    socket.on("close", () =>
      resolve({ response: Buffer.concat(received).toString("utf8"), error, wroteAll }),
    );
    const write = async () => {
      socket.write(head);
      for (let offset = 0; offset < body.length && !socket.destroyed; offset += CHUNK) {
        const piece = body.subarray(offset, offset + CHUNK);
        const framed = chunked ? [`${piece.length.toString(16)}\r\n`, piece, "\r\n"] : [piece];
        for (const part of framed) {
          if (!socket.write(part)) await new Promise((r) => socket.once("drain", r));
        }
      }
      if (chunked && !socket.destroyed && body.length === UPLOAD) socket.write("0\r\n\r\n");
      wroteAll = !socket.destroyed;
      socket.end();
    };
    void write();
  });
}

function parseRaw(response: string): { status: number; headers: string; body: unknown } {
  const split = response.indexOf("\r\n\r\n");
  const headers = response.slice(0, split).toLowerCase();
  return {
    status: Number(/^http\/1\.1 (\d{3})/.exec(headers)?.[1]),
    headers,
    body: JSON.parse(response.slice(split + 4)),
  };
}

async function followingRequestSucceeds(): Promise<void> {
  const completion = await gw.client().chat.completions.create({
    model: "smart",
    messages: [{ role: "user", content: "still there?" }],
  });
  expect(completion.object).toBe("chat.completion");
}

describe("a body over server.bodyLimitBytes", () => {
  for (const chunked of [false, true]) {
    const framing = chunked ? "chunked" : "Content-Length";

    it(`reaches a plain socket client as a 413 it can read (${framing})`, async () => {
      const port = Number(new URL(gw.url).port);
      const { response, error, wroteAll } = await rawUpload(port, chunked);
      expect(error).toBeUndefined(); // no ECONNRESET / EPIPE: the gateway read what was sent
      expect(wroteAll).toBe(true);
      const parsed = parseRaw(response);
      expect(parsed.status).toBe(413);
      expect(parsed.headers).toContain("connection: close");
      expect(parsed.body).toEqual(TOO_LARGE);
      await followingRequestSucceeds();
    });

    it(`reaches the openai SDK as APIError 413 request_too_large (${framing})`, async () => {
      const client = gw.client();
      const content = bigBody(UPLOAD);
      // the SDK sends a string with Content-Length and a stream chunked
      const body = chunked ? Readable.from([content]) : undefined;
      const call = chunked
        ? client.post("/chat/completions", { body, headers: { "content-type": "application/json" } })
        : client.chat.completions.create({ model: "smart", messages: [{ role: "user", content }] });
      const err = await call.then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(err).toBeInstanceOf(OpenAI.APIError);
      const apiError = err as InstanceType<typeof OpenAI.APIError>;
      expect(apiError.status).toBe(413);
      expect(apiError.code).toBe("request_too_large");
      expect(apiError.message).toBe(`413 ${TOO_LARGE.error.message}`);
      await followingRequestSucceeds();
    });
  }

  it("is read and discarded only up to the drain bounds, then the socket is cut; the gateway stays up", async () => {
    const bounded = await startGateway(
      configFor([{ id: "up", url: upstream.url }], {}, { server: { bodyLimitBytes: LIMIT } }),
      { drainLimits: { maxBytes: 2 * LIMIT, maxMs: 300 } },
    );
    try {
      const port = Number(new URL(bounded.url).port);
      const overBytes = await rawUpload(port, false);
      expect(overBytes.wroteAll).toBe(false); // cut after 2 MiB of the 10 MiB
      const started = performance.now();
      const stalled = await rawUpload(port, false, 3 * CHUNK); // declares 10 MiB, sends 192 KiB, waits
      expect(performance.now() - started).toBeLessThan(5_000);
      expect(parseRaw(stalled.response).body).toEqual(TOO_LARGE);
      const models = await bounded.client().models.list();
      expect(models.data.map((m) => m.id)).toEqual(["smart"]);
    } finally {
      await bounded.close();
    }
  });

  it("never reached the upstream", () => {
    expect(upstream.calls.every((c) => JSON.stringify(c.body).length < LIMIT)).toBe(true);
  });
});
