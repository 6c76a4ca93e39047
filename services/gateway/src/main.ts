/**
 * The process around the app: `openclaw gateway` calls `startGatewayFromCli`. It loads the config,
 * listens, prints one log line with the URL, reloads on SIGHUP and on file change (a bad config is
 * logged and the old one keeps serving), and drains on SIGTERM/SIGINT: readyz goes 503, new requests get
 * 503, in-flight requests and streams finish (bounded by server.drainTimeoutMs), then exit 0.
 */
import { type FSWatcher, watch } from "node:fs";
import { basename, dirname, resolve } from "node:path";
import type { FastifyInstance } from "fastify";
import { buildApp } from "./app";
import { ConfigError, loadConfigFile } from "./config/load";

/** examples/mock.yaml beside this service, whatever the working directory. */
export const DEFAULT_CONFIG = resolve(__dirname, "../examples/mock.yaml");
export const DEFAULT_HOST = "127.0.0.1";
export const DEFAULT_PORT = 8787;
const RELOAD_DEBOUNCE_MS = 200;

export interface GatewayCliOptions {
  readonly config?: string;
  readonly port?: number;
  readonly host?: string;
}

export async function startGatewayFromCli(opts: GatewayCliOptions = {}): Promise<void> {
  const configPath = resolve(opts.config ?? DEFAULT_CONFIG);
  let config: Awaited<ReturnType<typeof loadConfigFile>>;
  try {
    config = await loadConfigFile(configPath);
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`${err.message}\n`);
      process.exitCode = 2;
      return;
    }
    throw err;
  }
  const app = buildApp(config);
  const host = opts.host ?? DEFAULT_HOST;
  await app.listen({ port: opts.port ?? DEFAULT_PORT, host });
  const address = app.server.address();
  const port = typeof address === "object" && address !== null ? address.port : opts.port;
  const urlHost = host.includes(":") ? `[${host}]` : host;
  // Always printed, whatever server.logLevel says: with --port 0 it is how callers learn the port.
  app.log
    .child({}, { level: "info" })
    .info({ url: `http://${urlHost}:${port}`, config: configPath }, "gateway listening");

  const reload = reloader(app, configPath);
  const watcher = watchConfig(configPath, reload);
  process.on("SIGHUP", () => void reload("SIGHUP"));
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    watcher?.close();
    void drainAndExit(app, signal);
  };
  process.on("SIGTERM", () => stop("SIGTERM"));
  process.on("SIGINT", () => stop("SIGINT"));
}

function reloader(app: FastifyInstance, configPath: string): (why: string) => Promise<void> {
  let running: Promise<void> = Promise.resolve();
  return (why) => {
    running = running.then(async () => {
      try {
        const next = await loadConfigFile(configPath);
        app.gateway.reload(next);
        app.log.info({ trigger: why, config: configPath }, "config reloaded");
      } catch (err) {
        const problems = err instanceof ConfigError ? err.problems : [(err as Error).message];
        app.log.error(
          { trigger: why, config: configPath, problems },
          "config reload rejected; keeping the old config",
        );
      }
    });
    return running;
  };
}

/** Watches the directory (editors replace files by rename, which would end a watch on the file itself). */
function watchConfig(configPath: string, reload: (why: string) => Promise<void>): FSWatcher | undefined {
  const name = basename(configPath);
  let timer: NodeJS.Timeout | undefined;
  try {
    const watcher = watch(dirname(configPath), (_event, changed) => {
      if (changed !== null && changed !== name) return;
      clearTimeout(timer);
      timer = setTimeout(() => void reload("file change"), RELOAD_DEBOUNCE_MS);
    });
    watcher.unref();
    return watcher;
  } catch {
    return undefined; // no fs.watch on this filesystem: SIGHUP still reloads
  }
}

async function drainAndExit(app: FastifyInstance, signal: string): Promise<void> {
  const state = app.gateway;
  const timeoutMs = state.current().config.server.drainTimeoutMs;
  state.beginDrain();
  app.log.info({ signal, inFlight: state.inFlight, timeoutMs }, "draining");
  const idle = await state.waitIdle(timeoutMs);
  if (!idle)
    app.log.warn({ inFlight: state.inFlight }, "drain timeout reached; closing with requests in flight");
  await app.close();
  app.log.info({ signal }, "gateway stopped");
  process.exit(0);
}
