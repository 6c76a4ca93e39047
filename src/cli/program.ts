import * as fs from "node:fs";
import { createRequire } from "node:module";
import * as path from "node:path";
import { Command, CommanderError, Option } from "commander";
import {
  describeGatewayCommand,
  type GatewayCommandOptions,
  GatewayUsageError,
} from "../../services/gateway/src/command";
import { killAllAnalyzers } from "../plan/analyzer-process";
import { PolicyPackError, ProgramError, UsageError } from "../plan/errors";
import { FORMATS } from "../plan/reporters";
import { runGateway } from "./gateway-command";
import type { PlanCommandOptions } from "./plan-command";

/**
 * The plan engine loads the Pulumi SDK (about a second); load it only when `plan` actually runs, so usage
 * errors and `--help` answer at once.
 */
function loadPlanCommand(): typeof import("./plan-command") {
  return createRequire(__filename)("./plan-command.ts") as typeof import("./plan-command");
}

/** Exit codes of the `openclaw` CLI (docs/cli.md#exit-codes). */
export const EXIT = { ok: 0, blocked: 1, usage: 2 } as const;

export interface CliIo {
  stdout: (text: string) => void;
  stderr: (line: string) => void;
  /** Show stack traces (OPENCLAW_DEBUG=1). */
  debug: boolean;
}

const repoRoot = path.resolve(__dirname, "..", "..");

function toolVersion(): string {
  try {
    const pkg = JSON.parse(fs.readFileSync(path.join(repoRoot, "package.json"), "utf8")) as {
      version?: string;
    };
    return pkg.version ?? "0.0.0";
  } catch {
    return "0.0.0";
  }
}

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

/** How a CLI run ended: its exit code, and whether a server it started is still serving. */
export interface CliOutcome {
  code: number;
  serving: boolean;
}

function buildProgram(io: CliIo, outcome: CliOutcome): Command {
  const program = new Command("openclaw")
    .description("OpenClaw Platform: offline plan of the Pulumi stack, and the LLM gateway.")
    .version(toolVersion())
    .exitOverride()
    .showSuggestionAfterError(true)
    .configureOutput({ writeOut: (s) => io.stdout(s), writeErr: () => undefined });

  program
    .command("plan")
    .description("Evaluate a Pulumi program offline, run the policy pack over it and report.")
    .option("--stack <name>", "stack whose Pulumi.<stack>.yaml config to use (default: dev)")
    .option("--program <file.ts>", "Pulumi TypeScript program to evaluate (default: the repo's index.ts)")
    .option(
      "--config <key=value>",
      "override one config key; repeatable; bare keys get the project namespace",
      collect,
      [],
    )
    .addOption(new Option("--format <format>", "output format").choices([...FORMATS]).default("text"))
    .option("--out <file>", "write the report to a file instead of stdout")
    .option("--policy-pack <dir>", "policy pack directory (default: the repo's policies/ if present)")
    .option("--policy-config <file.json>", "policy config, as for pulumi preview --policy-pack-config")
    .option("--no-policies", "skip the policy pack")
    .option(
      "--compare <baseline.json>",
      "diff the cost against an earlier plan's JSON report (e.g. the base branch)",
    )
    .action(async (opts: PlanCommandOptions) => {
      // An interrupted plan must not leave the policy pack's process behind.
      const onSignal = (signal: NodeJS.Signals) => {
        killAllAnalyzers();
        process.exit(signal === "SIGINT" ? 130 : 143);
      };
      process.once("SIGINT", onSignal);
      process.once("SIGTERM", onSignal);
      try {
        const { runPlan } = loadPlanCommand();
        outcome.code = await runPlan(opts, {
          repoRoot,
          toolVersion: toolVersion(),
          stdout: io.stdout,
          stderr: io.stderr,
        });
      } finally {
        process.off("SIGINT", onSignal);
        process.off("SIGTERM", onSignal);
      }
    });

  describeGatewayCommand(program.command("gateway")).action(async (opts: GatewayCommandOptions) => {
    await runGateway(opts);
    outcome.serving = true;
  });
  return program;
}

/** One readable line for anything that ends the CLI with exit 2 or an internal failure. */
function describeFailure(error: unknown): { code: number; line: string } {
  if (error instanceof CommanderError) {
    return { code: EXIT.usage, line: error.message.replace(/^error:\s*/, "") };
  }
  if (error instanceof UsageError || error instanceof GatewayUsageError)
    return { code: EXIT.usage, line: error.message };
  if (error instanceof ProgramError) return { code: EXIT.usage, line: `program failed: ${error.message}` };
  if (error instanceof PolicyPackError)
    return { code: EXIT.usage, line: `policy pack: ${error.message.split("\n")[0]}` };
  const message = error instanceof Error ? error.message : String(error);
  return {
    code: EXIT.usage,
    line: `unexpected error: ${message.split("\n")[0]} (OPENCLAW_DEBUG=1 for details)`,
  };
}

const HELP_CODES = new Set(["commander.helpDisplayed", "commander.version", "commander.help"]);

/** Runs the CLI with `argv` (as process.argv). Never throws. */
export async function runCli(argv: string[], io: CliIo): Promise<CliOutcome> {
  const outcome: CliOutcome = { code: EXIT.ok, serving: false };
  const program = buildProgram(io, outcome);
  if (argv.length <= 2) {
    // No command is a usage error: say what the commands are.
    io.stderr(program.helpInformation().trimEnd());
    return { code: EXIT.usage, serving: false };
  }
  try {
    await program.parseAsync(argv);
    return outcome;
  } catch (error) {
    if (error instanceof CommanderError && HELP_CODES.has(error.code))
      return { code: EXIT.ok, serving: false };
    const { code, line } = describeFailure(error);
    io.stderr(`openclaw: ${line}`);
    if (io.debug && error instanceof Error) {
      io.stderr(String(error.stack));
      if (error.cause instanceof Error) io.stderr(`caused by: ${error.cause.stack}`);
    }
    return { code, serving: false };
  } finally {
    killAllAnalyzers();
  }
}
