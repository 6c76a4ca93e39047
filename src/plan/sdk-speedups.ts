import { createRequire } from "node:module";

interface DebuggableModule {
  debuggablePromise: (p: Promise<unknown>, ctx: unknown) => Promise<unknown>;
}

/**
 * Turns off @pulumi/pulumi's promise-leak bookkeeping until the returned function is called.
 *
 * The SDK wraps every internal promise (about 120 per AWS resource: one per output property and step) in
 * `debuggablePromise`, which captures `new Error().stack` and chains two more promises, only so a leak can
 * be described when the process exits. Under mocks that bookkeeping was about half of the evaluation's CPU
 * time (docs/plan.md, benchmark). The SDK's modules call it through the module's exports, so swapping the
 * export is enough; if the SDK's shape ever changes, this does nothing.
 *
 * @returns a function that restores the SDK's own bookkeeping.
 */
export function leanPromiseTracking(): () => void {
  let debuggable: Partial<DebuggableModule> | undefined;
  try {
    debuggable = createRequire(__filename)("@pulumi/pulumi/runtime/debuggable") as Partial<DebuggableModule>;
  } catch {
    return () => undefined;
  }
  const original = debuggable.debuggablePromise;
  if (typeof original !== "function") return () => undefined;
  const module = debuggable;
  module.debuggablePromise = (p) => p;
  return () => {
    module.debuggablePromise = original;
  };
}

/** Runs `run` with the SDK's promise-leak bookkeeping off, restoring it however `run` ends. */
export async function withLeanPromiseTracking<T>(run: () => Promise<T>): Promise<T> {
  const restore = leanPromiseTracking();
  try {
    return await run();
  } finally {
    restore();
  }
}
