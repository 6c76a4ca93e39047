import { createRequire } from "node:module";

interface DebuggableModule {
  debuggablePromise: (p: Promise<unknown>, ctx: unknown) => Promise<unknown>;
}

/**
 * Turns off @pulumi/pulumi's promise-leak bookkeeping while `run` evaluates a program, and restores it.
 *
 * The SDK wraps every internal promise (about 120 per AWS resource: one per output property and step) in
 * `debuggablePromise`, which captures `new Error().stack` and chains two more promises, only so a leak can
 * be described when the process exits. Under mocks that bookkeeping was about half of the evaluation's CPU
 * time (docs/plan.md, benchmark). The SDK's modules call it through the module's exports, so swapping the
 * export is enough; if the SDK's shape ever changes, this silently does nothing.
 */
export async function withLeanPromiseTracking<T>(run: () => Promise<T>): Promise<T> {
  let debuggable: Partial<DebuggableModule> | undefined;
  try {
    debuggable = createRequire(__filename)("@pulumi/pulumi/runtime/debuggable") as Partial<DebuggableModule>;
  } catch {
    debuggable = undefined;
  }
  const original = debuggable?.debuggablePromise;
  if (!debuggable || typeof original !== "function") return run();
  debuggable.debuggablePromise = (p) => p;
  try {
    return await run();
  } finally {
    debuggable.debuggablePromise = original;
  }
}
