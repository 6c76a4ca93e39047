/**
 * Bench role: the floor. A bare Node passthrough proxy (node:http both ways, keep-alive), no parsing,
 * no logic: what any Node gateway pays for one extra hop. Prints `{"port":N}` once listening.
 */
import { Agent, createServer, request } from "node:http";

export function runPassthrough(upstreamOrigin: string): void {
  const target = new URL(upstreamOrigin);
  const agent = new Agent({ keepAlive: true, maxSockets: 256 });
  const server = createServer((req, res) => {
    const upstream = request(
      {
        agent,
        host: target.hostname,
        port: target.port,
        method: req.method,
        path: req.url,
        headers: { "content-type": req.headers["content-type"] ?? "application/json" },
      },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    upstream.on("error", () => {
      if (!res.headersSent) res.writeHead(502);
      res.end();
    });
    req.pipe(upstream);
  });
  server.keepAliveTimeout = 60_000;
  server.listen(0, "127.0.0.1", () => {
    const address = server.address();
    process.stdout.write(
      `${JSON.stringify({ port: typeof address === "object" && address ? address.port : 0 })}\n`,
    );
  });
}
