import type * as aws from "@pulumi/aws";

/** Environments the policy pack knows; anything else is a typo. */
export const ENVIRONMENTS = ["dev", "staging", "prod"] as const;
export type Environment = (typeof ENVIRONMENTS)[number];

/** The tag keys every taggable resource must carry (checked by the `required-tags` policy). */
export const REQUIRED_TAG_KEYS = ["owner", "cost-center", "environment", "service", "managed-by"] as const;
export type RequiredTagKey = (typeof REQUIRED_TAG_KEYS)[number];

export interface RequiredTagInputs {
  /** Team or person accountable for the resources (e.g. an email or a team slug). */
  readonly owner: string;
  /** Finance cost center the spend is booked to. */
  readonly costCenter: string;
  readonly environment: Environment;
  /** Service or product name the resources belong to. */
  readonly service: string;
}

/** The tool that manages the resources: lets people tell IaC-owned resources from hand-made ones. */
export const MANAGED_BY = "pulumi";

/** Builds the required tag set, plus any extra tags (which may not override a required key). */
export function buildRequiredTags(
  inputs: RequiredTagInputs,
  extra: Readonly<Record<string, string>> = {},
): Record<string, string> {
  const required: Record<RequiredTagKey, string> = {
    owner: inputs.owner,
    "cost-center": inputs.costCenter,
    environment: inputs.environment,
    service: inputs.service,
    "managed-by": MANAGED_BY,
  };
  return { ...extra, ...required };
}

/**
 * ASG `tag` blocks for the same tags. Provider `defaultTags` do not reach Auto Scaling groups or the
 * instances they launch, so the group carries them itself and propagates them at launch.
 */
export function asgTagBlocks(tags: Readonly<Record<string, string>>): aws.types.input.autoscaling.GroupTag[] {
  return Object.entries(tags)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([key, value]) => ({ key, value, propagateAtLaunch: true }));
}
