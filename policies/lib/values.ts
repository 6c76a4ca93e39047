/**
 * Reading resource properties the way a policy must: without ever judging a value it cannot see.
 *
 * During `pulumi preview` (and `openclaw plan --preview`) some inputs are unknown until deploy time. The policy
 * SDK hands policies a proxy that throws on unknown values, which the SDK then turns into a "can't run policy
 * during preview" advisory. We want "unknown passes" instead: a value we cannot see is not a violation. So every
 * policy reads plain data from `normalize()`, where each unknown has become the `UNKNOWN` symbol, and every
 * check treats `UNKNOWN` as compliant.
 */

/** The type of the one value marking "not known yet". A class, not a symbol, so TypeScript never widens it. */
export class UnknownValue {
  // A private member makes the class nominal: no plain object or array is structurally an UnknownValue.
  protected readonly unknownBrand = true;
  toString(): string {
    return "<unknown>";
  }
}

/** Marks a value that is not known yet (preview). Checks treat it as compliant. */
export const UNKNOWN = new UnknownValue();
export type Unknown = UnknownValue;

/**
 * Pulumi's wire sentinels for unknown values (one per type; the engine sends the string one). They are part of
 * the Pulumi resource protocol, shared by every SDK.
 */
const UNKNOWN_SENTINELS: ReadonlySet<string> = new Set([
  "04da6b54-80e4-46f7-96ec-b56ff0331ba9",
  "1c4a061d-8072-4f0a-a4cb-0ff528b18fe7",
  "3eeb2bf0-c639-47a8-9e75-3b44932eb421",
  "6a19a0b0-7e62-4c92-b797-7f8e31da9cc2",
  "030794c1-ac77-496b-92df-f27374a8bd58",
  "e48ece36-62e2-4504-bad9-02848725956a",
  "dd056dcd-154b-4c76-9bd3-c8f88648b5ff",
]);

/** The policy SDK's proxy answers this key with the object it wraps (see @pulumi/policy proxy.js). */
const PROXY_TARGET_KEY = "__getSpecialProxyTarget";

export type Plain = string | number | boolean | null | Unknown | Plain[] | { [key: string]: Plain };
export type PlainObject = { [key: string]: Plain };

function unwrapProxy(value: unknown): unknown {
  if (value !== null && typeof value === "object") {
    const target = (value as Record<string, unknown>)[PROXY_TARGET_KEY];
    if (target !== undefined && target !== null && typeof target === "object") return target;
  }
  return value;
}

/** Deep copy of resource properties as plain data with every unknown replaced by `UNKNOWN`. */
export function normalize(props: unknown): PlainObject {
  const value = toPlain(unwrapProxy(props));
  return isObject(value) ? value : {};
}

function toPlain(value: unknown): Plain {
  if (value === undefined || value === null) return null;
  // Already normalised (a cost model reading a policy's subject normalises again).
  if (value instanceof UnknownValue) return value;
  if (typeof value === "string") return UNKNOWN_SENTINELS.has(value) ? UNKNOWN : value;
  if (typeof value === "number" || typeof value === "boolean") return value;
  if (Array.isArray(value)) return value.map(toPlain);
  if (typeof value === "object") {
    const out: PlainObject = {};
    for (const [key, inner] of Object.entries(value as Record<string, unknown>)) {
      if (inner !== undefined) out[key] = toPlain(inner);
    }
    return out;
  }
  return null;
}

export function isUnknown(value: unknown): value is Unknown {
  return value === UNKNOWN;
}

export function isObject(value: unknown): value is PlainObject {
  return (
    value !== null && typeof value === "object" && !Array.isArray(value) && !(value instanceof UnknownValue)
  );
}

/**
 * The value at `path`, `UNKNOWN` if any step on the way is unknown, `undefined` if absent. Terraform-style
 * single-element blocks may arrive as one-element arrays; a numeric step indexes arrays.
 */
export function get(value: Plain | undefined, ...path: (string | number)[]): Plain | undefined {
  let current: Plain | undefined = value;
  for (const step of path) {
    if (isUnknown(current)) return UNKNOWN;
    if (current === undefined || current === null) return undefined;
    if (typeof step === "number") {
      current = Array.isArray(current) ? current[step] : undefined;
    } else if (isObject(current)) {
      current = current[step];
    } else {
      return undefined;
    }
  }
  return current === null ? undefined : current;
}

/** Elements of an array value; `UNKNOWN` if the array is unknown; `[]` if absent. */
export function list(value: Plain | undefined): Plain[] | Unknown {
  if (isUnknown(value)) return UNKNOWN;
  return Array.isArray(value) ? value : [];
}

/** A known string, else undefined (absent, unknown or another type). */
export function str(value: Plain | undefined): string | undefined {
  return typeof value === "string" ? value : undefined;
}

/** A known number (numeric strings accepted: some providers model numbers as strings). */
export function num(value: Plain | undefined): number | undefined {
  if (typeof value === "number") return value;
  if (typeof value === "string" && value.trim() !== "" && Number.isFinite(Number(value)))
    return Number(value);
  return undefined;
}

/** A known boolean; the strings "true"/"false" count (launch templates model booleans as strings). */
export function bool(value: Plain | undefined): boolean | undefined {
  if (typeof value === "boolean") return value;
  if (value === "true") return true;
  if (value === "false") return false;
  return undefined;
}

/** True when the value or anything inside it is unknown. */
export function containsUnknown(value: Plain | undefined): boolean {
  if (isUnknown(value)) return true;
  if (Array.isArray(value)) return value.some(containsUnknown);
  if (isObject(value)) return Object.values(value).some(containsUnknown);
  return false;
}

/** Parses a JSON document that may arrive as a string (IAM policies, provider config); unknown stays unknown. */
export function parseJsonValue(value: Plain | undefined): Plain | undefined {
  if (typeof value !== "string") return value;
  try {
    return toPlain(JSON.parse(value) as unknown);
  } catch {
    return undefined;
  }
}

/** Formats a value for a message: strings quoted, absent as "unset". */
export function show(value: Plain | undefined): string {
  if (value === undefined || value === null) return "unset";
  if (isUnknown(value)) return "unknown";
  return JSON.stringify(value);
}
