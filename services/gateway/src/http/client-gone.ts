/** The client's Cancellation: cancelled when the client goes away before its response is finished. */
import type { ServerResponse } from "node:http";
import { Cancellation } from "../core/cancellation";

const CLIENT_CLOSED = "the client closed the connection";

export function clientGone(res: ServerResponse): Cancellation {
  const client = new Cancellation();
  res.once("close", () => {
    if (!res.writableFinished) client.cancel(new Error(CLIENT_CLOSED));
  });
  return client;
}
