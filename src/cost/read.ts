/** Safe readers over captured resource inputs (plain JSON of unknown shape). */

export type Json = unknown;

export function field(value: Json, ...path: (string | number)[]): Json {
  let cur: Json = value;
  for (const key of path) {
    if (cur === null || typeof cur !== "object") return undefined;
    cur = (cur as Record<string | number, Json>)[key];
  }
  return cur;
}

export function num(value: Json): number | undefined {
  if (typeof value === "number" && Number.isFinite(value)) return value;
  if (typeof value === "string" && value.trim() !== "" && Number.isFinite(Number(value)))
    return Number(value);
  return undefined;
}

export function str(value: Json): string | undefined {
  return typeof value === "string" ? value : undefined;
}

export function list(value: Json): Json[] {
  return Array.isArray(value) ? value : [];
}

export function round2(n: number): number {
  return Math.round(n * 100) / 100;
}

export function bool(value: Json): boolean | undefined {
  if (typeof value === "boolean") return value;
  if (value === "true" || value === "false") return value === "true";
  return undefined;
}
