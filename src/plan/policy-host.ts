/**
 * Child-process entry for the analyzer: loads a TypeScript policy pack, whose `new PolicyPack(...)` starts
 * @pulumi/policy's gRPC analyzer server and prints its port on stdout.
 *
 * This does what `@pulumi/pulumi/cmd/run-policy-pack` does for the Pulumi CLI, minus one step: that entry
 * point always registers a vendored ts-node 7 with type checking, which re-compiles tsx's output (and fails
 * on it) and costs seconds per run. Here tsx's require hook (preloaded by the parent with `--require`)
 * loads the pack instead. The server, the protocol and the policy SDK are the same.
 *
 * Usage: node --require tsx/cjs policy-host.ts <packDir>
 */
import * as path from "node:path";

function fail(error: unknown): never {
  const text = error instanceof Error ? (error.stack ?? error.message) : String(error);
  process.stderr.write(`policy pack failed: ${text}\n`);
  process.exit(1);
}

const packDir = process.argv[2];
if (!packDir) fail(new Error("usage: policy-host <packDir>"));
process.on("uncaughtException", fail);
process.on("unhandledRejection", fail);
require(path.resolve(packDir));
