/**
 * Refusing a request whose body is still arriving (413 over the body limit, 401 before the upload ends)
 * without losing the refusal to a TCP reset. Node answers, then closes the socket while the client is
 * still writing; the kernel answers the unread bytes with RST, and an RST makes the client's kernel drop
 * the response it had not read yet. So: answer with `connection: close`, half-close (FIN after the
 * answer), keep reading and discarding what is in flight, and only then close. Bounded in bytes and time:
 * a client that keeps sending past either bound is cut off.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import { Socket } from "node:net";

export interface DrainLimits {
  /** Bytes of request body read and discarded after the answer before the socket is cut. */
  readonly maxBytes: number;
  /** Time after the answer before the socket is cut. */
  readonly maxMs: number;
}

/** Room for a client uploading a few times the default 4 MiB limit, on a slow link. */
export const DEFAULT_DRAIN_LIMITS: DrainLimits = { maxBytes: 64 * 1024 * 1024, maxMs: 10_000 };

/**
 * Whether answering now would close the socket under a client still uploading: fastify marks body
 * errors (over the limit, bad JSON) `connection: close` and stops reading. Other refusals (a 401 from
 * the onRequest hook) keep the connection, and Node reads the rest of the body itself.
 */
export function closesMidUpload(req: IncomingMessage, connectionHeader: unknown): boolean {
  return !req.complete && connectionHeader === "close";
}

/**
 * Call before sending the refusal when `closesMidUpload`. The socket is closed once the request body
 * has ended, or when a bound is hit.
 */
export function drainBeforeClose(req: IncomingMessage, res: ServerResponse, limits: DrainLimits): void {
  // app.inject() requests ride a stand-in socket with no TCP underneath: nothing to drain or reset.
  if (!(req.socket instanceof Socket)) return;
  const socket = req.socket as Socket & { destroySoon?: () => void };
  res.setHeader("connection", "close");
  // With `connection: close` Node calls socket.destroySoon() once the response is written: end() then
  // destroy(), with the client's bytes unread. Keep the end() (the FIN tells the client no more answers
  // come) and defer the destroy to the drain below. Own property on this one socket only.
  socket.destroySoon = () => socket.end();
  let discarded = 0;
  const cut = () => socket.destroy();
  const timer = setTimeout(cut, limits.maxMs);
  timer.unref();
  socket.once("close", () => clearTimeout(timer));
  req.on("data", (chunk: Buffer) => {
    discarded += chunk.length;
    if (discarded > limits.maxBytes) cut();
  });
  // the whole request has been read: closing now sends FIN, not RST
  const close = () => socket.end(cut);
  req.once("end", () => {
    if (res.writableFinished) close();
    else res.once("finish", close);
  });
  req.resume();
}
