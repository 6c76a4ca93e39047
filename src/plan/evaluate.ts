import * as fs from "node:fs";
import Module, { createRequire } from "node:module";
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { type MonitorLike, ResourceCapture } from "./capture";
import { withDefaultProviders } from "./default-providers";
import {
  CallSiteRecorder,
  locateInUserCode,
  oneLineReason,
  ProgramError,
  type SourceLocation,
  UsageError,
} from "./errors";
import { createMocks } from "./mocks";
import { leanPromiseTracking } from "./sdk-speedups";
import type { EvaluationResult } from "./types";

export interface EvaluateOptions {
  /** A Pulumi TypeScript program file (its top-level code declares resources) or a function that does. */
  program: string | (() => unknown | Promise<unknown>);
  stack: string;
  /** @default "openclaw" */
  project?: string;
  /** "namespace:key" → value; objects as JSON strings, as `pulumi config` stores them. */
  config?: Record<string, string>;
  /** Run as a preview: outputs the mocks don't know stay unknown and `apply` callbacks on them never run. */
  preview?: boolean;
  /**
   * Add the default providers the engine would create for custom resources that name no provider
   * (`pulumi:providers:aws::default_7_48_0`, inputs from the package's config keys) and point those
   * resources at them, as `pulumi preview` shows analyzers. `openclaw plan` turns this on.
   * @default false
   */
  defaultProviders?: boolean;
  /**
   * How long the program and its registrations may take (a promise or Output that never settles would
   * otherwise hang the plan).
   * @default 300000
   */
  timeoutMs?: number;
}

const DEFAULT_TIMEOUT_MS = 300_000;

// The Pulumi runtime is process-global state: evaluations run one at a time.
let queue: Promise<unknown> = Promise.resolve();

/**
 * Runs a Pulumi program under mocks and captures every resource it registers (components, providers and
 * the root stack included) with parent, provider and dependencies, as the engine would see them.
 *
 * @throws ProgramError when the program throws, an `apply` throws, or a registration fails.
 * @throws UsageError when the program file does not exist.
 */
export function evaluateProgram(opts: EvaluateOptions): Promise<EvaluationResult> {
  const run = queue.then(() => evaluateExclusively(opts));
  queue = run.catch(() => undefined);
  return run;
}

async function evaluateExclusively(opts: EvaluateOptions): Promise<EvaluationResult> {
  const project = opts.project ?? "openclaw";
  const config = opts.config ?? {};
  const programFile = typeof opts.program === "string" ? path.resolve(opts.program) : undefined;
  if (programFile !== undefined && !fs.existsSync(programFile)) {
    throw new UsageError(`program file ${opts.program} does not exist`);
  }
  const programLabel = programFile ?? "<function program>";

  await pulumi.runtime.setMocks(
    createMocks({ region: config["aws:region"] ?? "us-east-1" }),
    project,
    opts.stack,
    opts.preview ?? false,
  );
  // Replaces, not merges: nothing from a previous evaluation survives.
  pulumi.runtime.setAllConfig(config);

  const capture = new ResourceCapture();
  const detach = capture.attach(pulumi.runtime.getMonitor() as unknown as MonitorLike, opts.stack, project);
  // Failures in `apply` callbacks and registrations surface as unhandled rejections, as in `pulumi up`.
  const failures: Array<{ error: unknown; frames: SourceLocation[] }> = [];
  const callSites = new CallSiteRecorder();
  callSites.install();
  const onFailure = (error: unknown) => failures.push({ error, frames: callSites.locations(error) });
  process.on("unhandledRejection", onFailure);
  process.on("uncaughtException", onFailure);
  const modulesBefore = new Set(Object.keys(moduleCache()));

  let outputs: Record<string, unknown> = {};
  const restorePromiseTracking = leanPromiseTracking();
  const timeoutMs = opts.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  let timer: NodeJS.Timeout | undefined;
  try {
    // Registrations continue after the program returns, until disconnect has drained them.
    const work = (async () => {
      try {
        const result = await pulumi.runtime.runInPulumiStack(() => runProgram(opts.program, programFile));
        outputs = isRecord(result) ? result : {};
      } catch (error) {
        failures.unshift({ error, frames: callSites.locations(error) });
      }
      await pulumi.runtime.disconnect().catch(onFailure);
      // Let rejections queued during the drain reach the handlers before they go.
      await new Promise((resolve) => setImmediate(resolve));
      return true;
    })();
    const expired = new Promise<false>((resolve) => {
      timer = setTimeout(() => resolve(false), timeoutMs);
    });
    if (!(await Promise.race([work, expired]))) {
      const reason = `did not finish within ${timeoutMs} ms (a promise or Output that never settles?)`;
      failures.unshift({ error: new Error(reason), frames: [] });
    }
  } finally {
    clearTimeout(timer);
    restorePromiseTracking();
    process.off("unhandledRejection", onFailure);
    process.off("uncaughtException", onFailure);
    callSites.uninstall();
    detach();
    forgetModulesLoadedSince(modulesBefore);
  }

  const first = failures[0];
  if (first) {
    throw new ProgramError(
      programLabel,
      oneLineReason(first.error),
      locateInUserCode(first.error, first.frames, programFile),
      { cause: first.error },
    );
  }
  const resources = opts.defaultProviders
    ? withDefaultProviders(capture.resources, {
        stack: opts.stack,
        project,
        config,
        versions: capture.versions,
      })
    : capture.resources;
  return { stack: opts.stack, project, resources, outputs };
}

async function runProgram(
  program: EvaluateOptions["program"],
  programFile: string | undefined,
): Promise<unknown> {
  if (typeof program === "function") return await program();
  if (programFile === undefined) throw new UsageError("program file missing");
  ensureTypeScriptLoader();
  const loaded: unknown = createRequire(programFile)(programFile);
  // Like Pulumi's Node.js host: a module that exports a function is a program to call.
  if (typeof loaded === "function") return await loaded();
  if (isRecord(loaded) && typeof loaded.default === "function") return await loaded.default();
  return loaded;
}

/** tsx's CommonJS hook: bin/openclaw.js installs it; tests running under vitest may not have. */
function ensureTypeScriptLoader(): void {
  const extensions = (Module as unknown as { _extensions: Record<string, unknown> })._extensions;
  if (extensions[".ts"]) return;
  const { register } = createRequire(__filename)("tsx/cjs/api") as { register: () => unknown };
  register();
  // Error locations must point at the TypeScript lines the user wrote.
  process.setSourceMapsEnabled(true);
}

function moduleCache(): NodeJS.Dict<NodeJS.Module> {
  return createRequire(__filename).cache;
}

/**
 * Drops the modules the program loaded so the next evaluation runs its top-level code again; packages in
 * node_modules stay loaded (the Pulumi SDK must stay a single instance).
 */
function forgetModulesLoadedSince(before: Set<string>): void {
  const cache = moduleCache();
  for (const key of Object.keys(cache)) {
    if (!before.has(key) && !key.includes(`${path.sep}node_modules${path.sep}`)) delete cache[key];
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}
