/**
 * CORS through @fastify/cors, off unless `server.cors` lists origins. One static options object; the
 * origin check reads the current config, so a reload that changes `server.cors` applies at once.
 */
import cors from "@fastify/cors";
import type { FastifyInstance } from "fastify";

/** `allowedOrigins()` returns `server.cors` of the config in force (undefined: CORS off). */
export function installCors(app: FastifyInstance, allowedOrigins: () => readonly string[] | undefined): void {
  app.register(cors, {
    // An unlisted origin (or CORS off) gets no CORS headers, and its preflight falls through to the
    // OpenAI-shaped 404; a listed one is echoed back.
    origin: (origin, callback) => {
      const allowed = allowedOrigins();
      callback(
        null,
        origin !== undefined && allowed !== undefined && (allowed.includes(origin) || allowed.includes("*")),
      );
    },
    methods: ["GET", "POST", "OPTIONS"],
    allowedHeaders: ["authorization", "content-type", "x-request-id"],
    exposedHeaders: [
      "x-request-id",
      "x-openclaw-provider",
      "x-openclaw-attempts",
      "x-openclaw-cost-usd",
      "x-openclaw-cache",
    ],
    maxAge: 600,
  });
}
