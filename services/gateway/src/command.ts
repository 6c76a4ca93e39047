/**
 * The `gateway` command's options and their checks, shared by the gateway's own entry (src/bin.ts, what the
 * container runs) and by `openclaw --help`. Light on purpose: importing it loads commander and node:fs only,
 * so the planner's CLI can list the command without loading the gateway.
 */
import { existsSync } from "node:fs";
import type { Command } from "commander";
import type { GatewayCliOptions } from "./main";

/** The options as commander hands them over: strings, unchecked. */
export interface GatewayCommandOptions {
  readonly config?: string;
  readonly port?: string;
  readonly host?: string;
}

/** A bad command line: the CLI prints `openclaw: <message>` and exits 2. */
export class GatewayUsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "GatewayUsageError";
  }
}

export function describeGatewayCommand(command: Command): Command {
  return command
    .description("Start the OpenAI-compatible LLM gateway.")
    .option("--config <gateway.yaml>", "gateway config file")
    .option("--port <n>", "port to listen on")
    .option("--host <addr>", "address to bind");
}

function parsePort(raw: string | undefined): number | undefined {
  if (raw === undefined) return undefined;
  const port = Number(raw);
  if (!/^\d+$/.test(raw) || !Number.isInteger(port) || port < 0 || port > 65_535) {
    throw new GatewayUsageError(`--port "${raw}": expected an integer from 0 to 65535`);
  }
  return port;
}

/** @throws GatewayUsageError naming the option and the value */
export function toStartOptions(opts: GatewayCommandOptions): GatewayCliOptions {
  const port = parsePort(opts.port);
  if (opts.config !== undefined && !existsSync(opts.config)) {
    throw new GatewayUsageError(`--config ${opts.config}: no such file`);
  }
  return {
    ...(opts.config === undefined ? {} : { config: opts.config }),
    ...(port === undefined ? {} : { port }),
    ...(opts.host === undefined ? {} : { host: opts.host }),
  };
}
