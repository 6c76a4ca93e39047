import { type CatalogEntry, resourcePolicy } from "./lib/policy";
import { effectiveTags, ownTags } from "./lib/tags";
import { K8S_POD_KINDS, T, TAGGABLE_AWS_TYPES } from "./lib/types";
import { get, isObject, isUnknown, list, str } from "./lib/values";

/** Must match infra/tags.ts REQUIRED_TAG_KEYS (a test keeps them in step). */
export const DEFAULT_REQUIRED_TAG_KEYS = ["owner", "cost-center", "environment", "service", "managed-by"];
export const DEFAULT_ENVIRONMENTS = ["dev", "staging", "prod"];
export const DEFAULT_K8S_LABELS = [
  "app.kubernetes.io/name",
  "app.kubernetes.io/part-of",
  "app.kubernetes.io/managed-by",
];

const requiredKeysProperty = {
  type: "array",
  items: { type: "string", minLength: 1 },
  default: DEFAULT_REQUIRED_TAG_KEYS,
  description: "Tag keys every taggable resource must carry (non-empty).",
} as const;

interface RequiredTagsConfig {
  requiredKeys: string[];
  exemptTypes: string[];
}

export const requiredTags = resourcePolicy<RequiredTagsConfig>({
  name: "required-tags",
  family: "tags",
  description:
    "Checks whether every taggable AWS resource carries the required tag keys, counting the tags its provider's defaultTags adds (as AWS computes tagsAll).",
  enforcementLevel: "mandatory",
  remediationSteps:
    "Add the missing keys to the aws.Provider defaultTags.tags the resource uses (infra/tags.ts buildRequiredTags), or to the resource's own tags.",
  configSchema: {
    properties: {
      requiredKeys: requiredKeysProperty,
      exemptTypes: {
        type: "array",
        items: { type: "string" },
        default: [],
        description: "Resource type tokens exempt from this policy.",
      },
    },
  },
  types: (type) => type.startsWith("aws:") && type !== T.asg,
  check: (subject, config, report) => {
    if (config.exemptTypes.includes(subject.type)) return;
    // Types we don't list are checked once they use tags at all: a missing `tags` input there proves nothing.
    if (!TAGGABLE_AWS_TYPES.includes(subject.type) && subject.props.tags === undefined) return;
    const tags = effectiveTags(subject);
    if (isUnknown(tags)) return;
    const missing = config.requiredKeys.filter((key) => tags[key] === undefined || tags[key] === "");
    if (missing.length === 0) return;
    const via = subject.provider ? ` (after merging defaultTags of provider ${subject.provider.urn})` : "";
    report(
      `Missing required tags: ${missing.join(", ")}${via}. Set them in the aws.Provider defaultTags.tags ` +
        `(preferred) or in this resource's tags; required keys: ${config.requiredKeys.join(", ")}.`,
    );
  },
});

interface AllowedValuesConfig {
  allowedValues: Record<string, string[]>;
}

export const allowedTagValues = resourcePolicy<AllowedValuesConfig>({
  name: "allowed-tag-values",
  family: "tags",
  description:
    "Checks whether tags with a controlled vocabulary (environment by default) use an allowed value, after merging provider defaultTags.",
  enforcementLevel: "mandatory",
  remediationSteps:
    "Change the tag value (on the resource or in the provider's defaultTags) to an allowed one.",
  configSchema: {
    properties: {
      allowedValues: {
        type: "object",
        additionalProperties: { type: "array", items: { type: "string" }, minItems: 1 },
        default: { environment: DEFAULT_ENVIRONMENTS },
        description: "Tag key → allowed values.",
      },
    },
  },
  types: (type) => type.startsWith("aws:"),
  check: (subject, config, report) => {
    const tags = effectiveTags(subject);
    if (isUnknown(tags)) return;
    for (const [key, allowed] of Object.entries(config.allowedValues)) {
      const value = tags[key];
      if (value === undefined || isUnknown(value) || allowed.includes(value)) continue;
      report(`Tag "${key}" is "${value}"; set it to one of: ${allowed.join(", ")}.`);
    }
  },
});

interface AsgTagsConfig {
  requiredKeys: string[];
}

export const asgTagsPropagate = resourcePolicy<AsgTagsConfig>({
  name: "asg-tags-propagate",
  family: "tags",
  description:
    "Checks whether Auto Scaling groups carry every required tag as a tag block with propagateAtLaunch: true, since provider defaultTags reach neither the group nor the instances it launches.",
  enforcementLevel: "mandatory",
  remediationSteps:
    "Add a { key, value, propagateAtLaunch: true } entry to the group's tags for each required key (infra/tags.ts asgTagBlocks).",
  configSchema: { properties: { requiredKeys: requiredKeysProperty } },
  types: [T.asg],
  check: (subject, config, report) => {
    const blocks = list(subject.props.tags);
    if (isUnknown(blocks)) return;
    const own = ownTags(subject);
    if (isUnknown(own)) return;
    const missing = config.requiredKeys.filter((key) => own[key] === undefined || own[key] === "");
    const notPropagated = config.requiredKeys.filter((key) =>
      blocks.some((block) => str(get(block, "key")) === key && get(block, "propagateAtLaunch") === false),
    );
    const problems: string[] = [];
    if (missing.length > 0) problems.push(`missing tag blocks for ${missing.join(", ")}`);
    if (notPropagated.length > 0) problems.push(`propagateAtLaunch is false for ${notPropagated.join(", ")}`);
    if (problems.length === 0) return;
    report(
      `Auto Scaling group tags: ${problems.join("; ")}. Each of ${config.requiredKeys.join(", ")} needs a ` +
        "tags entry { key, value, propagateAtLaunch: true } (provider defaultTags do not apply to Auto Scaling groups).",
    );
  },
});

interface K8sLabelsConfig {
  requiredLabels: string[];
}

export const kubernetesLabels = resourcePolicy<K8sLabelsConfig>({
  name: "kubernetes-labels",
  family: "tags",
  description:
    "Checks whether Kubernetes workloads and Services carry the recommended app.kubernetes.io labels (name, part-of, managed-by by default) in metadata.labels.",
  enforcementLevel: "mandatory",
  remediationSteps: "Add the missing keys to metadata.labels.",
  configSchema: {
    properties: {
      requiredLabels: {
        type: "array",
        items: { type: "string", minLength: 1 },
        default: DEFAULT_K8S_LABELS,
        description: "Label keys every workload and Service must carry.",
      },
    },
  },
  types: [...K8S_POD_KINDS, T.k8sService],
  check: (subject, config, report) => {
    const labels = get(subject.props, "metadata", "labels");
    if (isUnknown(labels)) return;
    const present = isObject(labels) ? labels : {};
    const missing = config.requiredLabels.filter((key) => present[key] === undefined || present[key] === "");
    if (missing.length === 0) return;
    report(
      `metadata.labels is missing ${missing.join(", ")}; add them (required: ${config.requiredLabels.join(", ")}).`,
    );
  },
});

export const tagPolicies: CatalogEntry[] = [
  requiredTags,
  allowedTagValues,
  asgTagsPropagate,
  kubernetesLabels,
];
