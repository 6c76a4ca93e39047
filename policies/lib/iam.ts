import {
  get,
  isObject,
  isUnknown,
  list,
  type Plain,
  parseJsonValue,
  str,
  UNKNOWN,
  type Unknown,
} from "./values";

/** One IAM policy statement as plain data. */
export type Statement = Record<string, Plain>;

/** The statements of a policy document given as JSON text or an object; UNKNOWN when not known yet. */
export function statementsOf(policy: Plain | undefined): Statement[] | Unknown {
  const doc = parseJsonValue(policy);
  if (isUnknown(doc)) return UNKNOWN;
  const raw = get(doc, "Statement");
  if (isUnknown(raw)) return UNKNOWN;
  const items = Array.isArray(raw) ? raw : raw === undefined ? [] : [raw];
  return items.filter(isObject);
}

/** Values of a field that may be one string or a list of strings. */
export function stringsOf(value: Plain | undefined): string[] {
  const items = list(Array.isArray(value) ? value : value === undefined ? [] : [value]);
  return isUnknown(items)
    ? []
    : items.map((item) => str(item)).filter((item): item is string => item !== undefined);
}

/** True for Principal "*" or { AWS: "*" } (alone or in a list). */
export function isEveryonePrincipal(principal: Plain | undefined): boolean {
  if (principal === "*") return true;
  if (isObject(principal)) return stringsOf(principal.AWS).includes("*");
  return false;
}

/** Condition keys (lower-cased) used anywhere in a statement's Condition block. */
export function conditionKeys(statement: Statement): Set<string> {
  const keys = new Set<string>();
  const condition = statement.Condition;
  if (!isObject(condition)) return keys;
  for (const operator of Object.values(condition)) {
    if (isObject(operator)) for (const key of Object.keys(operator)) keys.add(key.toLowerCase());
  }
  return keys;
}

/** The value a Condition block gives a key under an operator, as strings (case-insensitive key match). */
export function conditionValues(statement: Statement, operator: string, key: string): string[] {
  const condition = statement.Condition;
  if (!isObject(condition)) return [];
  const block = condition[operator];
  if (!isObject(block)) return [];
  for (const [candidate, value] of Object.entries(block)) {
    if (candidate.toLowerCase() === key.toLowerCase()) {
      if (typeof value === "boolean") return [String(value)];
      return stringsOf(value);
    }
  }
  return [];
}
