/**
 * Reading a client's JSON body safely: the body is typed as OpenAI's params but arrives from the network,
 * so fields are read as `unknown` and checked where used. A wrong shape is a 400 naming the exact path.
 */
import { showValue, unsupported } from "./errors";

export type Fields = Readonly<Record<string, unknown>>;

export function isFields(value: unknown): value is Fields {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** The value as an object, or a 400 naming `path`. */
export function fields(value: unknown, path: string): Fields {
  if (!isFields(value)) throw unsupported(path, `'${path}' must be an object, got ${showValue(value)}`);
  return value;
}

/** The value as a string, or a 400 naming `path`. */
export function str(value: unknown, path: string): string {
  if (typeof value !== "string")
    throw unsupported(path, `'${path}' must be a string, got ${showValue(value)}`);
  return value;
}
