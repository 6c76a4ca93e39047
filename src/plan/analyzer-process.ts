import { type ChildProcess, spawn } from "node:child_process";
import * as fs from "node:fs";
import { createRequire } from "node:module";
import * as path from "node:path";
import { PolicyPackError } from "./errors";

/** How long a pack may take to load (ts-node type-checks it on a cold cache) and print its port. */
const START_TIMEOUT_MS = 90_000;

/** Every analyzer child still alive, so signal handlers can end them. */
const liveChildren = new Set<ChildProcess>();

export interface AnalyzerProcess {
  readonly pid: number;
  readonly port: number;
  /** Kills the child (SIGKILL if it ignores SIGTERM) and resolves once it has exited. */
  stop(): Promise<void>;
}

/** Kills every analyzer child synchronously; for signal and exit handlers. */
export function killAllAnalyzers(): void {
  for (const child of liveChildren) child.kill("SIGKILL");
  liveChildren.clear();
}

/**
 * The entry point the Pulumi CLI itself runs a Node.js policy pack with: it registers ts-node for the
 * pack's TypeScript and calls the pack, whose `new PolicyPack(...)` serves the analyzer and prints its
 * port. Using it (rather than our own loader) keeps `openclaw plan` judging exactly what
 * `pulumi preview --policy-pack` judges, type errors in the pack included.
 */
function runPolicyPackEntry(): string {
  return createRequire(__filename).resolve("@pulumi/pulumi/cmd/run-policy-pack");
}

/**
 * Starts the policy pack in a child process and waits for the port its analyzer server prints.
 *
 * @throws PolicyPackError when the directory is not a pack or the pack fails to load (with its stderr).
 */
export async function startAnalyzer(packDir: string): Promise<AnalyzerProcess> {
  const dir = path.resolve(packDir);
  if (!fs.existsSync(path.join(dir, "package.json"))) {
    throw new PolicyPackError(
      `policy pack ${packDir} has no package.json (the PolicyPack needs its version)`,
    );
  }
  const child = spawn(
    process.execPath,
    // The engine address is unused by a pack that only analyzes; 127.0.0.1:1 is what the CLI's tests pass.
    [runPolicyPackEntry(), "127.0.0.1:1", dir],
    {
      cwd: dir,
      stdio: ["ignore", "pipe", "pipe"],
      // No tsx hook in the child: ts-node would compile tsx's output a second time and fail.
      env: { ...process.env, NODE_OPTIONS: "" },
    },
  );
  liveChildren.add(child);
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  exited.then(() => liveChildren.delete(child));

  const stop = async (): Promise<void> => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill("SIGTERM");
      const timer = setTimeout(() => child.kill("SIGKILL"), 2_000);
      await exited;
      clearTimeout(timer);
    }
    liveChildren.delete(child);
  };

  try {
    const port = await readPort(child, packDir);
    return { pid: child.pid ?? -1, port, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

function readPort(child: ChildProcess, packDir: string): Promise<number> {
  return new Promise((resolve, reject) => {
    let stdout = "";
    let stderr = "";
    const timer = setTimeout(
      () => finish(new PolicyPackError(`policy pack ${packDir} did not start within ${START_TIMEOUT_MS} ms`)),
      START_TIMEOUT_MS,
    );
    const finish = (result: number | Error) => {
      clearTimeout(timer);
      child.stdout?.removeAllListeners("data");
      child.removeAllListeners("error");
      child.removeListener("exit", onExit);
      // Keep draining so a chatty pack never blocks on a full pipe.
      child.stdout?.resume();
      child.stderr?.resume();
      if (typeof result === "number") resolve(result);
      else reject(result);
    };
    const onExit = (code: number | null) => {
      const detail = stderr.trim().split("\n").slice(0, 20).join("\n");
      finish(new PolicyPackError(`policy pack ${packDir} exited (code ${code}) before serving: ${detail}`));
    };
    child.stdout?.on("data", (chunk: Buffer) => {
      stdout += chunk.toString();
      const line = stdout.split("\n").find((l) => /^\d+$/.test(l.trim()));
      if (line !== undefined && stdout.includes("\n")) finish(Number(line.trim()));
    });
    child.stderr?.on("data", (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    child.once("error", (error) => finish(new PolicyPackError(`cannot start policy pack: ${error.message}`)));
    child.once("exit", onExit);
  });
}
