/**
 * Child processes for the gateway benchmark: started pinned to a core when `taskset` exists, awaited on
 * a line they print, read for CPU time from /proc, and all killed at the end.
 */
import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { loadavg } from "node:os";

const children: ChildProcess[] = [];
const TICKS_PER_SECOND = 100; // USER_HZ on Linux

export const canPin = existsSync("/usr/bin/taskset") || existsSync("/bin/taskset");

/** Pins this process (the load generator) to `core`; children inherit it unless started pinned elsewhere. */
export function pinSelf(core: number): boolean {
  if (!canPin) return false;
  execFileSync("taskset", ["-pc", String(core), String(process.pid)], { stdio: "ignore" });
  return true;
}

export interface Started {
  readonly child: ChildProcess;
  /** What `match` returned for the first matching stdout line. */
  readonly value: string;
}

export interface StartOptions {
  readonly cwd: string;
  /** Run on this core only (taskset), when possible. */
  readonly core?: number;
  readonly env?: NodeJS.ProcessEnv;
  readonly timeoutMs?: number;
}

/** Starts `node <args>` and resolves with the first stdout line `match` accepts; stdout is then discarded. */
export function startNode(
  args: readonly string[],
  match: (line: string) => string | undefined,
  options: StartOptions,
): Promise<Started> {
  const pinned = options.core !== undefined && canPin;
  const command = pinned ? "taskset" : process.execPath;
  const argv = pinned ? ["-c", String(options.core), process.execPath, ...args] : [...args];
  const child = spawn(command, argv, {
    cwd: options.cwd,
    env: options.env ?? process.env,
    stdio: ["ignore", "pipe", "inherit"],
  });
  children.push(child);
  return new Promise((resolve, reject) => {
    let buffered = "";
    const timer = setTimeout(
      () => reject(new Error(`${args.join(" ")} did not start`)),
      options.timeoutMs ?? 30_000,
    );
    const onData = (data: Buffer) => {
      buffered += data.toString();
      for (const line of buffered.split("\n")) {
        const value = match(line);
        if (value === undefined) continue;
        clearTimeout(timer);
        child.stdout?.off("data", onData);
        child.stdout?.resume(); // keep draining, never into this process's memory
        resolve({ child, value });
        return;
      }
      buffered = buffered.slice(buffered.lastIndexOf("\n") + 1);
    };
    child.stdout?.on("data", onData);
    child.once("exit", (code) => reject(new Error(`${args.join(" ")} exited with ${code}`)));
  });
}

export const portLine = (line: string): string | undefined => /"port":(\d+)/.exec(line)?.[1];

/** The gateway's start-up line names its URL. */
export const urlLine = (line: string): string | undefined => /"url":"(http:[^"]+)"/.exec(line)?.[1];

/** User + system CPU time of a process so far, in µs (10 ms resolution). */
export function cpuMicros(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
  // fields after the ")" that ends the command name: state is field 3, utime 14, stime 15
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return ((Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND) * 1e6;
}

/** Ends a child and waits for it to exit (so e.g. a --cpu-prof file is written). */
export function stop(child: ChildProcess, timeoutMs = 15_000): Promise<void> {
  if (child.exitCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      resolve();
    }, timeoutMs);
    child.once("exit", () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill("SIGTERM");
  });
}

export function killAll(): void {
  for (const child of children) if (child.exitCode === null) child.kill("SIGKILL");
}

/** The 1/5/15-minute load averages, for a benchmark's header: other work inflates every number. */
export function loadAverage(): string {
  return loadavg()
    .map((l) => l.toFixed(2))
    .join(" / ");
}

/** Runs a benchmark's main; on failure prints the stack, kills every child and exits 1. */
export function runBench(main: () => Promise<void>): void {
  main().catch((err: unknown) => {
    process.stderr.write(`${err instanceof Error ? err.stack : String(err)}\n`);
    killAll();
    process.exit(1);
  });
}
