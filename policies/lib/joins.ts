import type { Subject } from "./policy";
import { str } from "./values";

/**
 * Joins between resources by actual reference, never by resource name. A child (a BucketVersioning, a
 * BucketPolicy…) refers to a target through one input (`bucket`):
 *   1. the input's value equals one of the target's identities (its `id`/`bucket` outputs), or
 *   2. the engine says the input's value came from the target (propertyDependencies), or
 *   3. failing any property-level information, the value is unknown and the target is the only resource of
 *      its kind among the child's dependencies.
 * A child whose reference can't be resolved at all is "unresolved": policies then can't say which target lacks
 * it, and they pass (unknown passes).
 */
export interface JoinResult {
  /** Target URN → children referring to it. */
  readonly byTarget: ReadonlyMap<string, Subject[]>;
  /** True when some child's reference could not be resolved. */
  readonly unresolved: boolean;
}

function identities(target: Subject, keys: readonly string[]): Set<string> {
  const ids = new Set<string>();
  for (const key of keys) {
    const value = str(target.props[key]);
    if (value !== undefined && value !== "") ids.add(value);
  }
  return ids;
}

export function joinByReference(
  targets: readonly Subject[],
  children: readonly Subject[],
  property: string,
  targetKeys: readonly string[] = ["id", "bucket"],
): JoinResult {
  const byTarget = new Map<string, Subject[]>(targets.map((target) => [target.urn, []]));
  const targetIds = targets.map((target) => ({ target, ids: identities(target, targetKeys) }));
  const targetUrns = new Set(targets.map((target) => target.urn));
  let unresolved = false;
  for (const child of children) {
    const value = str(child.props[property]);
    const fromDeps = child.propertyDependencies[property];
    const matched = new Set<string>();
    for (const { target, ids } of targetIds) {
      if (value !== undefined && ids.has(value)) matched.add(target.urn);
      if (fromDeps?.includes(target.urn)) matched.add(target.urn);
    }
    if (matched.size === 0 && value === undefined && fromDeps === undefined) {
      const candidates = child.dependencies.filter((urn) => targetUrns.has(urn));
      if (candidates.length === 1 && candidates[0] !== undefined) matched.add(candidates[0]);
      else unresolved = true;
    }
    for (const urn of matched) byTarget.get(urn)?.push(child);
  }
  return { byTarget, unresolved };
}
