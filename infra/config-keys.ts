import { closest } from "fastest-levenshtein";

/**
 * Which keys of a project's config namespace a stack may set. A key nobody declares is almost always a typo
 * (`monthlyBudgetUsdd`), and a typo must never silently drop what the user meant to set: both the program
 * (infra/config.ts, so `pulumi up` fails) and `openclaw plan` (src/cli/stack-config.ts) refuse it, naming the
 * closest declared key.
 */

/**
 * Keys `openclaw plan` and the budget policy read from any project's stack config, whether or not its program
 * declares them (this project declares `monthlyBudgetUsd` too: its stack provisions an AWS Budget from it).
 */
export const PLANNER_KEYS: readonly string[] = ["monthlyBudgetUsd", "usage"];

export interface UndeclaredKey {
  /** The key as the stack gives it, namespace included (`openclaw:monthlyBudgetUsdd`). */
  readonly key: string;
  /** The declared key nearest to it by edit distance, namespace included. */
  readonly closest: string | undefined;
}

/**
 * The keys of `namespace` in `keys` ("namespace:name" or bare names, taken as the namespace's) that are neither
 * in `declared` (bare names) nor planner keys.
 */
export function undeclaredKeys(
  keys: Iterable<string>,
  namespace: string,
  declared: readonly string[],
): UndeclaredKey[] {
  const allowed = [...declared, ...PLANNER_KEYS];
  const found: UndeclaredKey[] = [];
  for (const key of keys) {
    const [space, name] = key.includes(":") ? splitKey(key) : [namespace, key];
    if (space !== namespace || allowed.includes(name)) continue;
    found.push({
      key: `${namespace}:${name}`,
      closest: allowed.length > 0 ? `${namespace}:${closest(name, allowed)}` : undefined,
    });
  }
  return found;
}

function splitKey(key: string): [string, string] {
  const colon = key.indexOf(":");
  return [key.slice(0, colon), key.slice(colon + 1)];
}

/** "is not a config key this project declares; did you mean openclaw:monthlyBudgetUsd?" */
export function undeclaredReason(undeclared: UndeclaredKey): string {
  const hint = undeclared.closest === undefined ? "" : `; did you mean ${undeclared.closest}?`;
  return `is not a config key this project declares${hint}`;
}
