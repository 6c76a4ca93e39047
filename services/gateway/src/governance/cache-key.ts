import { createHash } from "node:crypto";

/**
 * Request fields that cannot change the answer, left out of the cache key so that requests differing
 * only in them share one entry:
 * - `user`, `metadata`, `store`: attribution and logging on the provider's side;
 * - `stream`, `stream_options`: transport only; the core caches the complete answer and may replay it
 *   as a stream.
 * `model` is taken from `parts.model` (the resolved model), never from the body.
 * Everything else (messages, temperature, seed, tools, n, response_format, ...) is part of the key.
 */
export const CACHE_KEY_EXCLUDED_FIELDS: readonly string[] = [
  "user",
  "metadata",
  "store",
  "stream",
  "stream_options",
  "model",
];

export interface CacheKeyParts {
  /** Whose cache this is (e.g. the key id), so one team never receives another team's cached answer. */
  readonly keyScope: string;
  readonly model: string;
  /** The request body as the client sent it. */
  readonly body: unknown;
}

/** sha256 (hex) of the canonical JSON of the fields that decide the answer; stable under key reordering. */
export function cacheKey(parts: CacheKeyParts): string {
  const body = isPlainObject(parts.body) ? withoutExcluded(parts.body) : parts.body;
  const canonical = canonicalJson({ v: 1, scope: parts.keyScope, model: parts.model, body });
  return createHash("sha256").update(canonical).digest("hex");
}

/** JSON with object keys sorted at every depth; `undefined` members are dropped, as JSON.stringify does. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map((item) => canonicalJson(item ?? null)).join(",")}]`;
  if (isPlainObject(value)) {
    const members = Object.keys(value)
      .filter((name) => value[name] !== undefined)
      .sort()
      .map((name) => `${JSON.stringify(name)}:${canonicalJson(value[name])}`);
    return `{${members.join(",")}}`;
  }
  return JSON.stringify(value) ?? "null";
}

function withoutExcluded(body: Record<string, unknown>): Record<string, unknown> {
  const kept: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(body)) {
    if (!CACHE_KEY_EXCLUDED_FIELDS.includes(name)) kept[name] = value;
  }
  return kept;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
