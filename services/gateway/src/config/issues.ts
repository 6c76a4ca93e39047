/** Turns zod issues into messages that name the exact field path, the value and what is allowed. */
import type { z } from "zod";

/** `["messages", 1, "role"]` → `messages[1].role`. */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = "";
  for (const part of path) {
    if (typeof part === "number") out += `[${part}]`;
    else out += out === "" ? String(part) : `.${String(part)}`;
  }
  return out;
}

/** The path of the first issue; an unknown key names the key itself (`server.bodyLimt`). */
export function issuePath(issue: z.core.$ZodIssue): string {
  if (issue.code === "unrecognized_keys" && issue.keys.length > 0) {
    return formatPath([...issue.path, issue.keys[0] as string]);
  }
  return formatPath(issue.path);
}

export function describeIssue(issue: z.core.$ZodIssue, input?: unknown): string {
  const where = issuePath(issue) || "(root)";
  if (issue.code === "unrecognized_keys") {
    return `${where}: unknown field (not allowed here; check the spelling)`;
  }
  const received = input === undefined ? "" : receivedValue(input, issue.path);
  return `${where}: ${issue.message}${received}`;
}

function receivedValue(input: unknown, path: readonly PropertyKey[]): string {
  let cur: unknown = input;
  for (const part of path) {
    if (cur === null || typeof cur !== "object") return "";
    cur = (cur as Record<PropertyKey, unknown>)[part];
  }
  if (cur === undefined || (typeof cur === "object" && cur !== null)) return "";
  const text = JSON.stringify(cur);
  return ` (got ${text.length > 60 ? `${text.slice(0, 57)}...` : text})`;
}
