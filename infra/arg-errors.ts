import * as pulumi from "@pulumi/pulumi";

/** One problem with one component argument: where it is and what is wrong with it. */
export interface ArgIssue {
  /** Dotted path of the offending argument, e.g. `mix.onDemandBaseCapacity`. */
  readonly propertyPath: string;
  /** What must be true, followed by the value that was given. */
  readonly reason: string;
}

/** Builds an issue whose reason always ends with the offending value, so users see what they passed. */
export function argIssue(propertyPath: string, mustBe: string, value: unknown): ArgIssue {
  return { propertyPath, reason: `${propertyPath} ${mustBe}; got ${describeValue(value)}` };
}

/** Renders a value the way a user would have typed it in code or config. */
export function describeValue(value: unknown): string {
  if (value === undefined) return "undefined";
  return JSON.stringify(value) ?? String(value);
}

/**
 * Throws the issues the way the Pulumi engine pretty-prints them: one `InputPropertyError` for a single
 * issue, one `InputPropertiesError` for several. Does nothing when there are none.
 */
export function throwIfArgIssues(component: string, issues: readonly ArgIssue[]): void {
  if (issues.length === 0) return;
  if (issues.length === 1) {
    const [only] = issues as [ArgIssue];
    throw new pulumi.InputPropertyError({
      propertyPath: only.propertyPath,
      reason: `${component}: ${only.reason}`,
    });
  }
  throw new pulumi.InputPropertiesError({
    message: `${component}: ${issues.map((i) => i.reason).join("; ")}`,
    errors: issues.map((i) => ({ propertyPath: i.propertyPath, reason: i.reason })),
  });
}
