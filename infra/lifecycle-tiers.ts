// Pure planning of S3 lifecycle tiers for TieredStorage. No Pulumi imports: easy to unit-test.
import { type ArgIssue, argIssue } from "./arg-errors";

/** Days after creation at which objects move down each tier; `null` skips a tier. */
export interface TierDays {
  /** Standard → Standard-IA. S3 refuses fewer than 30 days. @default 30 */
  readonly standardIaAfterDays?: number | null;
  /** → Glacier Instant Retrieval. @default 90 */
  readonly glacierInstantRetrievalAfterDays?: number | null;
  /** → Glacier Deep Archive. @default 180 */
  readonly deepArchiveAfterDays?: number | null;
}

export type StorageClass = "STANDARD_IA" | "GLACIER_IR" | "DEEP_ARCHIVE" | "INTELLIGENT_TIERING";

export interface Transition {
  readonly storageClass: StorageClass;
  readonly days: number;
}

interface TierRule {
  readonly key: keyof TierDays;
  readonly storageClass: StorageClass;
  readonly defaultDays: number;
  /** Earliest day S3 accepts for this transition. */
  readonly minDays: number;
  /**
   * Days an object must have spent in this tier before the next transition: S3 rejects moving
   * Standard-IA objects on within 30 days, and we hold Glacier IR objects for its 90-day minimum storage
   * charge rather than pay for days we don't use.
   */
  readonly minStayDays: number;
}

/** Tiers in the order objects move through them. */
export const TIERS: readonly TierRule[] = [
  { key: "standardIaAfterDays", storageClass: "STANDARD_IA", defaultDays: 30, minDays: 30, minStayDays: 30 },
  {
    key: "glacierInstantRetrievalAfterDays",
    storageClass: "GLACIER_IR",
    defaultDays: 90,
    minDays: 0,
    minStayDays: 90,
  },
  {
    key: "deepArchiveAfterDays",
    storageClass: "DEEP_ARCHIVE",
    defaultDays: 180,
    minDays: 0,
    minStayDays: 180,
  },
];

/**
 * Turns tier days into S3 transitions, applying defaults. Checks that days are whole, increase tier by
 * tier with each tier's minimum stay, and respect S3's minimums.
 */
export function planTransitions(days: TierDays): { transitions: Transition[]; issues: ArgIssue[] } {
  const transitions: Transition[] = [];
  const issues: ArgIssue[] = [];
  let previous: { rule: TierRule; days: number } | undefined;
  for (const rule of TIERS) {
    const given = days[rule.key];
    const value = given === undefined ? rule.defaultDays : given;
    if (value === null) continue;
    if (!Number.isInteger(value) || value < rule.minDays) {
      issues.push(
        argIssue(`lifecycle.${rule.key}`, `must be a whole number of days >= ${rule.minDays}`, value),
      );
      continue;
    }
    if (previous && value < previous.days + previous.rule.minStayDays) {
      issues.push(
        argIssue(
          `lifecycle.${rule.key}`,
          `must be at least ${previous.rule.minStayDays} days after ${previous.rule.key} (${previous.days})`,
          value,
        ),
      );
      continue;
    }
    transitions.push({ storageClass: rule.storageClass, days: value });
    previous = { rule, days: value };
  }
  return { transitions, issues };
}

/** The day the last tier is reached (0 when there are no tiers): expiry must come after it. */
export function lastTransitionDay(transitions: readonly Transition[]): number {
  return transitions.reduce((max, t) => Math.max(max, t.days), 0);
}

/** Intelligent-Tiering's optional archive tiers accept these day ranges. */
export const INTELLIGENT_TIERING_ARCHIVE_DAYS = { min: 90, max: 730 } as const;
export const INTELLIGENT_TIERING_DEEP_ARCHIVE_DAYS = { min: 180, max: 730 } as const;
