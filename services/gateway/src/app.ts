/**
 * `buildApp(config, deps)` builds the gateway as a fastify app and never listens (main.ts does). One
 * plugin per concern: health, metrics, and the authenticated /v1 API; errors mapped in one handler.
 */
import { randomUUID } from "node:crypto";
import Fastify, { type FastifyBaseLogger, type FastifyInstance, LogController } from "fastify";
import type { DestinationStream, Logger } from "pino";
import type { GatewayConfig } from "./config/schema";
import { GatewayState } from "./core/state";
import { GatewayError } from "./errors";
import { createGovernance, createResponseCache, type Governance, type ResponseCache } from "./governance";
import { apiRoutes } from "./http/api";
import { DEFAULT_DRAIN_LIMITS, type DrainLimits } from "./http/body-drain";
import "./http/context";
import { installCors } from "./http/cors";
import { installErrorHandling } from "./http/error-handler";
import { openAIErrorSchema } from "./http/response-schemas";
import { buildResponseSerializer, type CompilersFactory } from "./http/response-serializer";
import { healthRoutes } from "./http/routes/health";
import { metricsRoutes } from "./http/routes/metrics";
import { zodValidatorCompiler } from "./http/validation";
import { lazyChildLoggerFactory } from "./observability/lazy-child-logger";
import { createLogger } from "./observability/logger";
import { GatewayMetrics } from "./observability/metrics";

export interface GatewayDeps {
  /** Where JSON logs go (tests capture them). @default stdout */
  readonly logStream?: DestinationStream;
  readonly logger?: Logger;
  /** @default createGovernance({ redisUrl: server.redisUrl, onStoreFailure: server.redisFailureMode }) */
  readonly governance?: Governance;
  /** @default createResponseCache({ redisUrl: server.redisUrl, maxEntries: server.cacheMaxEntries }) */
  readonly cache?: ResponseCache;
  /** Uniform [0, 1) for weighted routing and backoff jitter. @default Math.random */
  readonly random?: () => number;
  /** How much of a refused upload is read and discarded before closing. @default DEFAULT_DRAIN_LIMITS */
  readonly drainLimits?: DrainLimits;
}

const SANE_REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;
const UNGATED = new Set(["/healthz", "/readyz", "/metrics"]);

export function buildApp(config: GatewayConfig, deps: GatewayDeps = {}): FastifyInstance {
  const logger = deps.logger ?? createLogger(config.server.logLevel, deps.logStream);
  const redisUrl = config.server.redisUrl;
  const onStoreError = (err: Error) =>
    logger.error({ err: { message: err.message } }, "governance store error");
  const state = new GatewayState(config, {
    logger,
    metrics: new GatewayMetrics(),
    governance:
      deps.governance ??
      createGovernance({
        redisUrl,
        onStoreFailure: config.server.redisFailureMode,
        onError: onStoreError,
      }),
    cache:
      deps.cache ??
      createResponseCache({ redisUrl, maxEntries: config.server.cacheMaxEntries, onError: onStoreError }),
    random: deps.random ?? Math.random,
  });

  const app = Fastify({
    loggerInstance: logger as FastifyBaseLogger,
    // one line per request is written by the gateway itself (with cost and provider), not by fastify
    logController: new LogController({ disableRequestLogging: true, requestIdLogLabel: "requestId" }),
    childLoggerFactory: lazyChildLoggerFactory,
    bodyLimit: config.server.bodyLimitBytes,
    requestIdHeader: false,
    // Requests are validated by zod and responses serialized by a compiler for the few response schemas
    // the routes declare: fastify's ajv and fast-json-stringify compilers (and ajv) are never loaded.
    schemaController: {
      compilersFactory: {
        // fastify types this factory for ajv; the compiler it returns is the one setValidatorCompiler installs.
        buildValidator: (() => zodValidatorCompiler) as unknown as CompilersFactory["buildValidator"],
        buildSerializer: buildResponseSerializer,
      },
    },
    genReqId: (req) => {
      const incoming = req.headers["x-request-id"];
      return typeof incoming === "string" && SANE_REQUEST_ID.test(incoming) ? incoming : randomUUID();
    },
  });
  app.decorate("gateway", state);
  app.decorateRequest("gw", null as never);
  app.setValidatorCompiler(zodValidatorCompiler);
  app.addSchema(openAIErrorSchema);
  installErrorHandling(app, () => config.server.bodyLimitBytes, deps.drainLimits ?? DEFAULT_DRAIN_LIMITS);

  // Callback-style hooks: this runs on every request, and async hooks cost a promise each.
  app.addHook("onRequest", (request, reply, done) => {
    request.gw = { snapshot: state.current(), key: undefined, exchange: undefined };
    reply.header("x-request-id", request.id);
    // probes and scrapes neither count as in flight nor get refused while draining
    if (UNGATED.has(request.routeOptions.url ?? "")) return done();
    if (state.draining) {
      reply.header("connection", "close");
      return done(
        new GatewayError(503, "server_draining", "The gateway is shutting down; retry on another replica.", {
          retryAfterSeconds: 1,
        }),
      );
    }
    state.enter();
    reply.raw.once("close", () => state.leave());
    done();
  });
  installCors(app, () => state.current().config.server.cors);
  app.register(healthRoutes);
  app.register(metricsRoutes);
  app.register(apiRoutes);
  app.addHook("onClose", () => state.close());
  return app;
}
