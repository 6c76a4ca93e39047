/**
 * The gateway's process entry, built to dist/gateway.js: what `openclaw gateway` (bin/openclaw.js) and the
 * container image run. It loads the gateway and commander, never the planner, Pulumi or tsx.
 *
 *   node dist/gateway.js [--config <gateway.yaml>] [--port <n>] [--host <addr>]
 */
import { Command, CommanderError } from "commander";
import {
  describeGatewayCommand,
  type GatewayCommandOptions,
  GatewayUsageError,
  toStartOptions,
} from "./command";
import { startGatewayFromCli } from "./main";

const USAGE_EXIT = 2;
const QUIET_EXITS = new Set(["commander.helpDisplayed", "commander.help", "commander.version"]);

/**
 * Parses `args` (what follows `gateway`) and starts the gateway, which then owns the process. A bad command
 * line prints one `openclaw: ...` line on stderr and sets exit code 2, as the rest of the CLI does.
 */
export async function runGatewayCli(args: readonly string[]): Promise<void> {
  const command = describeGatewayCommand(new Command("openclaw gateway"))
    .exitOverride()
    .configureOutput({ writeErr: () => undefined });
  try {
    command.parse([...args], { from: "user" });
    await startGatewayFromCli(toStartOptions(command.opts<GatewayCommandOptions>()));
  } catch (error) {
    if (error instanceof CommanderError && QUIET_EXITS.has(error.code)) return;
    if (!(error instanceof CommanderError || error instanceof GatewayUsageError)) throw error;
    process.stderr.write(`openclaw: ${error.message.replace(/^error:\s*/, "")}\n`);
    process.exitCode = USAGE_EXIT;
  }
}

/** Runs the command line; an unexpected failure (not a usage error) is printed and exits 1. */
export function main(args: readonly string[]): void {
  runGatewayCli(args).catch((error: unknown) => {
    process.stderr.write(`openclaw gateway: ${error instanceof Error ? error.stack : String(error)}\n`);
    process.exit(1);
  });
}

// For `openclaw gateway` in-process (src/cli/gateway-command.ts), with options already checked.
export { startGatewayFromCli };

if (require.main === module) main(process.argv.slice(2));
