/**
 * A fake OpenAI-wire upstream: a real HTTP server on 127.0.0.1:0 whose answers are scripted per call.
 * It records every request (headers, JSON body) and notices when a client socket closes early.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

export interface RecordedCall {
  readonly path: string;
  readonly headers: IncomingMessage["headers"];
  readonly body: Record<string, unknown>;
}

export type Behaviour = (
  call: RecordedCall,
  req: IncomingMessage,
  res: ServerResponse,
) => void | Promise<void>;

export interface FakeUpstream {
  readonly url: string;
  readonly calls: RecordedCall[];
  /** Responses whose connection closed before they finished (client aborted / gave up). */
  readonly abortedResponses: () => number;
  /** TCP connections accepted so far (keep-alive reuse keeps this low). */
  readonly connections: () => number;
  /** Behaviours for the next calls, in order; then `fallback`. */
  queue(...behaviours: Behaviour[]): void;
  close(): Promise<void>;
}

export async function startFakeUpstream(fallback: Behaviour = completion()): Promise<FakeUpstream> {
  const calls: RecordedCall[] = [];
  const queued: Behaviour[] = [];
  let aborted = 0;
  let connections = 0;
  const server: Server = createServer((req, res) => {
    const parts: Buffer[] = [];
    req.on("data", (c: Buffer) => parts.push(c));
    req.on("end", () => {
      const text = Buffer.concat(parts).toString("utf8");
      const call: RecordedCall = {
        path: req.url ?? "",
        headers: req.headers,
        body: text === "" ? {} : (JSON.parse(text) as Record<string, unknown>),
      };
      calls.push(call);
      res.on("close", () => {
        if (!res.writableFinished) aborted += 1;
      });
      void (queued.shift() ?? fallback)(call, req, res);
    });
  });
  server.on("connection", () => {
    connections += 1;
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/v1`,
    calls,
    abortedResponses: () => aborted,
    connections: () => connections,
    queue: (...behaviours) => queued.push(...behaviours),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

const USAGE = { prompt_tokens: 10, completion_tokens: 20, total_tokens: 30 };

/** A chat completion whose text names the upstream model it was asked for. */
export function completion(text?: string, usage = USAGE): Behaviour {
  return (call, _req, res) => {
    if (call.path.endsWith("/embeddings")) return embeddings()(call, _req, res);
    res.writeHead(200, { "content-type": "application/json" });
    res.end(
      JSON.stringify({
        id: "chatcmpl-fake",
        object: "chat.completion",
        created: 1,
        model: call.body.model,
        choices: [
          {
            index: 0,
            message: { role: "assistant", content: text ?? `fake answer from ${String(call.body.model)}` },
            finish_reason: "stop",
            logprobs: null,
          },
        ],
        usage,
      }),
    );
  };
}

export function embeddings(): Behaviour {
  return (call, _req, res) => {
    const input = call.body.input;
    const n = Array.isArray(input) ? input.length : 1;
    res.writeHead(200, { "content-type": "application/json" });
    res.end(
      JSON.stringify({
        object: "list",
        model: call.body.model,
        data: Array.from({ length: n }, (_, index) => ({
          object: "embedding",
          index,
          embedding: [0.1, 0.2, 0.3],
        })),
        usage: { prompt_tokens: 7, total_tokens: 7 },
      }),
    );
  };
}

export interface StreamScript {
  /** Content pieces. @default ["Hel", "lo", "!"] */
  readonly pieces?: readonly string[];
  /** Destroy the socket after this many content chunks (no [DONE]). */
  readonly cutAfter?: number;
  /** Delay between chunks. @default 0 */
  readonly delayMs?: number;
  /** Send no [DONE] and end the response normally after the chunks. */
  readonly omitDone?: boolean;
  /** Delay between `data: [DONE]` and the end of the response (as when they arrive in separate packets). */
  readonly endDelayMs?: number;
}

export function stream(script: StreamScript = {}): Behaviour {
  return async (call, req, res) => {
    const pieces = script.pieces ?? ["Hel", "lo", "!"];
    const base = { id: "chatcmpl-fake", object: "chat.completion.chunk", created: 1, model: call.body.model };
    res.writeHead(200, { "content-type": "text/event-stream" });
    const send = (value: unknown) => res.write(`data: ${JSON.stringify(value)}\n\n`);
    send({
      ...base,
      choices: [{ index: 0, delta: { role: "assistant", content: "" }, finish_reason: null }],
    });
    for (const [i, piece] of pieces.entries()) {
      if (script.cutAfter !== undefined && i === script.cutAfter) {
        await new Promise((r) => setTimeout(r, 50)); // let the chunks already written reach the client
        req.socket.destroy();
        return;
      }
      if (script.delayMs) await new Promise((r) => setTimeout(r, script.delayMs));
      if (res.destroyed) return;
      send({ ...base, choices: [{ index: 0, delta: { content: piece }, finish_reason: null }] });
    }
    send({ ...base, choices: [{ index: 0, delta: {}, finish_reason: "stop" }] });
    const options = call.body.stream_options as { include_usage?: boolean } | undefined;
    if (options?.include_usage === true) send({ ...base, choices: [], usage: USAGE });
    if (script.omitDone) {
      res.end();
    } else if (script.endDelayMs !== undefined) {
      res.write("data: [DONE]\n\n");
      setTimeout(() => res.end(), script.endDelayMs);
    } else {
      res.end("data: [DONE]\n\n");
    }
  };
}

export function status(
  code: number,
  body: unknown = { error: { message: `fake ${code}` } },
  headers = {},
): Behaviour {
  return (_call, _req, res) => {
    res.writeHead(code, { "content-type": "application/json", ...headers });
    res.end(JSON.stringify(body));
  };
}

/** Closes the connection without an answer. */
export function reset(): Behaviour {
  return (_call, req) => {
    req.socket.destroy();
  };
}

/** Never answers (until the client gives up). */
export function hang(): Behaviour {
  return () => {};
}
