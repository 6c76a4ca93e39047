import { findSourceMap } from "node:module";
import * as path from "node:path";
import { fileURLToPath } from "node:url";

/** Where in the user's code something went wrong. */
export interface SourceLocation {
  file: string;
  line?: number;
  column?: number;
}

/** A program that could not be evaluated: thrown at load, in an `apply`, or by a failed registration. */
export class ProgramError extends Error {
  override readonly name = "ProgramError";
  constructor(
    /** The program being evaluated (file path, or "<function>" for a function program). */
    readonly program: string,
    /** The one-line reason. */
    readonly reason: string,
    /** The user code that threw, when a stack frame points into it. */
    readonly location: SourceLocation | undefined,
    options?: { cause?: unknown },
  ) {
    super(`${formatLocation(location, program)}: ${reason}`, options);
  }
}

/** A user error in how the planner was asked to run (bad flag, bad config, missing file). */
export class UsageError extends Error {
  override readonly name = "UsageError";
}

/** An analyzer-side failure: the pack failed to load, rejected its config, or crashed. */
export class PolicyPackError extends Error {
  override readonly name = "PolicyPackError";
}

function formatLocation(location: SourceLocation | undefined, program: string): string {
  if (!location) return program;
  const file = relativeIfInside(location.file);
  if (location.line === undefined) return file;
  return location.column === undefined
    ? `${file}:${location.line}`
    : `${file}:${location.line}:${location.column}`;
}

function relativeIfInside(file: string): string {
  const rel = path.relative(process.cwd(), file);
  return rel.startsWith("..") || path.isAbsolute(rel) ? file : rel;
}

const FRAME = /\(?((?:file:\/\/)?\/[^():]+|[A-Za-z]:\\[^():]+):(\d+):(\d+)\)?\s*$/;

type PrepareStackTrace = (error: Error, sites: NodeJS.CallSite[]) => unknown;

/** @pulumi/pulumi functions whose `new Error().stack` is bookkeeping, not an error (runtime/debuggable.js, resource.js). */
const SDK_BOOKKEEPING = new Set(["debuggablePromise"]);
/** Resource.callsites (resource.js) parses the stack for each registration's source position. */
const SDK_SOURCE_POSITION = "callsites";

/**
 * One frame as the SDK's frame parser reads it, `at name (file:line:column)`, at the raw generated position.
 * Anonymous frames (a module's top-level code) get a name too, or the parser would skip them.
 */
function rawFrame(site: NodeJS.CallSite): string {
  const raw = site.getFileName() ?? "";
  const file = raw.startsWith("file://") ? fileURLToPath(raw) : raw;
  return `    at ${site.getFunctionName() ?? "<anonymous>"} (${file}:${site.getLineNumber()}:${site.getColumnNumber()})`;
}

/**
 * Records V8's structured call sites (raw generated positions) of every error whose stack is formatted
 * while installed. The formatted stack cannot be trusted to be source-mapped: Node maps it, but a test
 * runner's own `Error.prepareStackTrace` may not. Raw positions mapped through `findSourceMap` always point
 * at the TypeScript the user wrote.
 */
export class CallSiteRecorder {
  private readonly sites = new WeakMap<object, NodeJS.CallSite[]>();
  private saved: PrepareStackTrace | undefined;

  install(): void {
    const saved = Error.prepareStackTrace as PrepareStackTrace | undefined;
    this.saved = saved;
    Error.prepareStackTrace = (error: Error, sites: NodeJS.CallSite[]) => {
      // The SDK takes a stack for every promise (debug context no analyzer sees) and every resource (its
      // source position). Source-mapping those dominated evaluation time, so promises get the bare message
      // and resources raw positions; user errors keep their full, mapped stacks.
      const sdkFunction = sites[0]?.getFunctionName() ?? "";
      if (SDK_BOOKKEEPING.has(sdkFunction)) return String(error);
      // Raw generated positions, cheap to format; the capture maps the one it keeps through the source map.
      if (sdkFunction === SDK_SOURCE_POSITION) return [String(error), ...sites.map(rawFrame)].join("\n");
      this.sites.set(error, sites);
      return saved
        ? saved(error, sites)
        : [String(error), ...sites.map((site) => `    at ${site}`)].join("\n");
    };
  }

  uninstall(): void {
    (Error as { prepareStackTrace?: PrepareStackTrace }).prepareStackTrace = this.saved;
  }

  /** Frames of an error, most recent first, mapped to original sources; [] if nothing is known. */
  locations(error: unknown): SourceLocation[] {
    if (!(error instanceof Error)) return [];
    void error.stack; // formats it now, while installed, if nothing has yet
    const sites = this.sites.get(error);
    if (!sites) return frameLocations(error);
    const locations: SourceLocation[] = [];
    for (const site of sites) {
      const file = site.getFileName();
      const line = site.getLineNumber();
      const column = site.getColumnNumber();
      if (!file || line === null || column === null || file.startsWith("node:")) continue;
      locations.push(
        mapThroughSourceMap(file.startsWith("file://") ? fileURLToPath(file) : file, line, column),
      );
    }
    return locations;
  }
}

/** A position V8 reported (generated code) mapped back to the source it came from, when a source map says. */
export function mapThroughSourceMap(file: string, line: number, column: number): SourceLocation {
  const map = findSourceMap(file);
  if (!map) return { file, line, column };
  const entry = map.findEntry(line - 1, column - 1) as {
    originalSource?: string;
    originalLine?: number;
    originalColumn?: number;
  };
  if (entry.originalLine === undefined || entry.originalColumn === undefined) return { file, line, column };
  const source = entry.originalSource?.startsWith("file://") ? fileURLToPath(entry.originalSource) : file;
  return { file: source, line: entry.originalLine + 1, column: entry.originalColumn + 1 };
}

/** Stack-frame locations parsed from an error's formatted stack, most recent first. */
export function frameLocations(error: unknown): SourceLocation[] {
  const stack = error instanceof Error && typeof error.stack === "string" ? error.stack : "";
  const frames: SourceLocation[] = [];
  for (const raw of stack.split("\n").slice(1)) {
    const match = FRAME.exec(raw.trim());
    if (!match?.[1]) continue;
    const file = match[1].startsWith("file://") ? new URL(match[1]).pathname : match[1];
    frames.push({ file, line: Number(match[2]), column: Number(match[3]) });
  }
  return frames;
}

/** esbuild/tsx transform errors name the location in their message (column 0-based) instead of the stack. */
const MESSAGE_LOCATION = /((?:\/|[A-Za-z]:\\)[^\s:]+\.[cm]?[jt]sx?):(\d+):(\d+)/;

/**
 * Picks the frame that best explains a failure: the program file itself first, then any user file
 * (outside node_modules and outside this planner).
 */
export function locateInUserCode(
  error: unknown,
  frames: SourceLocation[],
  programFile: string | undefined,
): SourceLocation | undefined {
  const message = error instanceof Error ? error.message : String(error);
  const inMessage = MESSAGE_LOCATION.exec(message);
  if (programFile) {
    const own = frames.find((f) => f.file === programFile);
    if (own) return own;
    if (inMessage?.[1] === programFile) {
      return { file: programFile, line: Number(inMessage[2]), column: Number(inMessage[3]) + 1 };
    }
  }
  const plannerDir = path.resolve(__dirname);
  const user = frames.find(
    (f) => !f.file.includes(`${path.sep}node_modules${path.sep}`) && !f.file.startsWith(plannerDir),
  );
  if (user) return user;
  if (inMessage?.[1])
    return { file: inMessage[1], line: Number(inMessage[2]), column: Number(inMessage[3]) + 1 };
  return programFile ? { file: programFile } : undefined;
}

/** The first line of an error's message, without the noise Node and Pulumi prepend. */
export function oneLineReason(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  // esbuild (tsx) reports "Transform failed with N error(s):" and the real reason on the next lines.
  const compileError = /:\d+:\d+: ERROR: (.+)/.exec(message);
  if (message.startsWith("Transform failed") && compileError?.[1]) return `syntax error: ${compileError[1]}`;
  const firstLine =
    message
      .split("\n")
      .map((l) => l.trim())
      .find((l) => l !== "") ?? "unknown error";
  return firstLine.replace(/^Error:\s*/, "");
}
