/** An AbortSignal that fires when the client goes away before its response is finished. */
import type { ServerResponse } from "node:http";

export function clientGoneSignal(res: ServerResponse): AbortSignal {
  const controller = new AbortController();
  res.once("close", () => {
    if (!res.writableFinished) controller.abort(new Error("the client closed the connection"));
  });
  return controller.signal;
}
