/**
 * Bench role: a fake OpenAI upstream on 127.0.0.1:0. Fixed JSON answers; SSE streams (3 chunks, or 12
 * chunks 500 ms apart for a body containing "slow"). Prints `{"port":N}` once listening.
 */
import { createServer } from "node:http";

const COMPLETION = JSON.stringify({
  id: "chatcmpl-bench",
  object: "chat.completion",
  created: 1,
  model: "bench-model",
  choices: [
    { index: 0, message: { role: "assistant", content: "ok" }, finish_reason: "stop", logprobs: null },
  ],
  usage: { prompt_tokens: 8, completion_tokens: 1, total_tokens: 9 },
});

const chunk = (delta: object) =>
  `data: ${JSON.stringify({ id: "c", object: "chat.completion.chunk", created: 1, model: "bench-model", choices: [{ index: 0, delta, finish_reason: null }] })}\n\n`;

const usageChunk = (pieces: number) =>
  `data: ${JSON.stringify({ id: "c", object: "chat.completion.chunk", created: 1, model: "bench-model", choices: [], usage: { prompt_tokens: 8, completion_tokens: pieces, total_tokens: 8 + pieces } })}\n\n`;

export function runFakeUpstream(): void {
  const server = createServer((req, res) => {
    let body = "";
    req.setEncoding("utf8");
    req.on("data", (c: string) => {
      body += c;
    });
    req.on("end", () => {
      if (!/"stream":\s*true/.test(body)) {
        res.writeHead(200, {
          "content-type": "application/json",
          "content-length": Buffer.byteLength(COMPLETION),
        });
        res.end(COMPLETION);
        return;
      }
      res.writeHead(200, { "content-type": "text/event-stream" });
      res.write(chunk({ role: "assistant", content: "" }));
      const slow = body.includes('"slow"');
      const pieces = slow ? 12 : 3;
      let sent = 0;
      const next = () => {
        if (res.destroyed) return;
        if (sent === pieces) {
          res.write(usageChunk(pieces));
          res.end("data: [DONE]\n\n");
          return;
        }
        sent += 1;
        res.write(chunk({ content: "tok " }));
        if (slow) setTimeout(next, 500);
        else next();
      };
      next();
    });
  });
  server.keepAliveTimeout = 60_000;
  server.listen(0, "127.0.0.1", () => {
    const address = server.address();
    process.stdout.write(
      `${JSON.stringify({ port: typeof address === "object" && address ? address.port : 0 })}\n`,
    );
  });
}
