import * as fs from "node:fs";
import { createRequire } from "node:module";
import * as path from "node:path";
import { UsageError } from "../plan/errors";

export interface GatewayCommandOptions {
  config?: string;
  port?: string;
  host?: string;
}

/** What services/gateway/src/main.ts exports for this launcher. */
interface GatewayEntry {
  startGatewayFromCli(opts: { config?: string; port?: number; host?: string }): unknown;
}

function parsePort(raw: string | undefined): number | undefined {
  if (raw === undefined) return undefined;
  const port = Number(raw);
  if (!/^\d+$/.test(raw) || !Number.isInteger(port) || port < 0 || port > 65_535) {
    throw new UsageError(`--port "${raw}": expected an integer from 0 to 65535`);
  }
  return port;
}

/**
 * `openclaw gateway`: hands over to the gateway service. Loaded only here, lazily, so `openclaw plan`
 * never pulls in the gateway's dependencies.
 */
export async function runGateway(opts: GatewayCommandOptions, repoRoot: string): Promise<void> {
  const port = parsePort(opts.port);
  if (opts.config !== undefined && !fs.existsSync(opts.config)) {
    throw new UsageError(`--config ${opts.config}: no such file`);
  }
  const entryFile = path.join(repoRoot, "services", "gateway", "src", "main.ts");
  if (!fs.existsSync(entryFile)) {
    throw new UsageError(`the gateway is not available in this checkout (${entryFile} is missing)`);
  }
  const entry = createRequire(__filename)(entryFile) as Partial<GatewayEntry>;
  if (typeof entry.startGatewayFromCli !== "function") {
    throw new UsageError(`${entryFile} does not export startGatewayFromCli`);
  }
  const args: { config?: string; port?: number; host?: string } = {};
  if (opts.config !== undefined) args.config = opts.config;
  if (port !== undefined) args.port = port;
  if (opts.host !== undefined) args.host = opts.host;
  await entry.startGatewayFromCli(args);
}
