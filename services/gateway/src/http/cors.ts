/**
 * CORS through @fastify/cors, off unless `server.cors` lists origins. The options come from the
 * request's snapshot, so a reload that changes `server.cors` applies to the next request.
 */
import cors, { type FastifyCorsOptions } from "@fastify/cors";
import type { FastifyInstance } from "fastify";
import type { ServerConfig } from "../config/schema";

const OFF: FastifyCorsOptions = { origin: false };
const byConfig = new WeakMap<ServerConfig, FastifyCorsOptions>();

/** One options object per config version (the plugin reads it on every request). */
export function corsOptions(server: ServerConfig): FastifyCorsOptions {
  const allowed = server.cors;
  if (allowed === undefined) return OFF;
  let options = byConfig.get(server);
  if (options === undefined) {
    const any = allowed.includes("*");
    options = {
      // an unlisted origin gets no CORS at all (its preflight is the 404 below), a listed one is echoed
      origin: (origin, callback) => callback(null, origin !== undefined && (any || allowed.includes(origin))),
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
    };
    byConfig.set(server, options);
  }
  return options;
}

export function installCors(app: FastifyInstance): void {
  app.register(cors, {
    // a preflight with CORS off or from an unlisted origin falls through to the OpenAI-shaped 404
    delegator: (request, callback) => callback(null, corsOptions(request.gw.snapshot.config.server)),
  });
}
