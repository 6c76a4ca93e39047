import * as path from "node:path";

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

/** Stack-frame locations of an error, most recent first, without node internals. */
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

/** esbuild/tsx transform errors name the location in their message instead of the stack. */
const MESSAGE_LOCATION = /((?:\/|[A-Za-z]:\\)[^\s:]+\.[cm]?[jt]sx?):(\d+):(\d+)/;

/**
 * Picks the frame that best explains a failure: the program file itself first, then any user file
 * (outside node_modules and outside this planner).
 */
export function locateInUserCode(
  error: unknown,
  programFile: string | undefined,
): SourceLocation | undefined {
  const message = error instanceof Error ? error.message : String(error);
  const inMessage = MESSAGE_LOCATION.exec(message);
  const frames = frameLocations(error);
  if (programFile) {
    const own = frames.find((f) => f.file === programFile);
    if (own) return own;
    if (inMessage?.[1] === programFile) {
      return { file: programFile, line: Number(inMessage[2]), column: Number(inMessage[3]) };
    }
  }
  const plannerDir = path.resolve(__dirname);
  const user = frames.find(
    (f) => !f.file.includes(`${path.sep}node_modules${path.sep}`) && !f.file.startsWith(plannerDir),
  );
  if (user) return user;
  if (inMessage?.[1]) return { file: inMessage[1], line: Number(inMessage[2]), column: Number(inMessage[3]) };
  return programFile ? { file: programFile } : undefined;
}

/** The first line of an error's message, without the noise Node and Pulumi prepend. */
export function oneLineReason(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const firstLine =
    message
      .split("\n")
      .map((l) => l.trim())
      .find((l) => l !== "") ?? "unknown error";
  return firstLine.replace(/^Error:\s*/, "");
}
