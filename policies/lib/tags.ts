import type { Subject } from "./policy";
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

/** Tags as a map; a value may be UNKNOWN (preview), and the whole map may be UNKNOWN. */
export type TagMap = Record<string, string | Unknown>;

const ASG_TYPE = "aws:autoscaling/group:Group";

function tagMapOf(value: Plain | undefined): TagMap | Unknown {
  if (isUnknown(value)) return UNKNOWN;
  const tags: TagMap = {};
  if (!isObject(value)) return tags;
  for (const [key, tagValue] of Object.entries(value)) {
    if (isUnknown(tagValue)) tags[key] = UNKNOWN;
    else if (typeof tagValue === "string") tags[key] = tagValue;
  }
  return tags;
}

/** ASG `tags` are a list of { key, value, propagateAtLaunch } blocks. */
function asgTagMap(value: Plain | undefined): TagMap | Unknown {
  const blocks = list(value);
  if (isUnknown(blocks)) return UNKNOWN;
  const tags: TagMap = {};
  for (const block of blocks) {
    const key = str(get(block, "key"));
    const tagValue = get(block, "value");
    if (key !== undefined) tags[key] = isUnknown(tagValue) ? UNKNOWN : (str(tagValue) ?? "");
  }
  return tags;
}

/**
 * The provider's `defaultTags.tags`. Provider inputs reach the analyzer JSON-encoded (`"{\"tags\":{…}}"`), as
 * the engine stores provider config; programs under mocks may also send the object itself. Both are accepted,
 * as is the one-element-list form of the block.
 */
export function providerDefaultTags(subject: Subject): TagMap | Unknown {
  const provider = subject.provider;
  if (!provider?.type.startsWith("pulumi:providers:aws")) return {};
  let block = parseJsonValue(provider.props.defaultTags);
  if (Array.isArray(block)) block = block[0];
  if (isUnknown(block)) return UNKNOWN;
  return tagMapOf(parseJsonValue(get(block, "tags")));
}

/** The resource's own tags (map, or ASG tag blocks). */
export function ownTags(subject: Subject): TagMap | Unknown {
  return subject.type === ASG_TYPE ? asgTagMap(subject.props.tags) : tagMapOf(subject.props.tags);
}

/**
 * Tags as AWS will apply them (`tagsAll`): provider defaultTags overlaid with the resource's own tags. Under
 * mocks and during preview nothing computes `tagsAll` for us, so the pack merges like the AWS provider does.
 * `UNKNOWN` when either side is wholly unknown.
 */
export function effectiveTags(subject: Subject): TagMap | Unknown {
  const defaults = providerDefaultTags(subject);
  const own = ownTags(subject);
  if (isUnknown(defaults) || isUnknown(own)) return UNKNOWN;
  return { ...defaults, ...own };
}

/**
 * The environment a resource belongs to: its effective `environment` tag, else the policy config's
 * `environment`. `UNKNOWN` while the tag value is unknown (the policy then passes), undefined when neither says.
 */
export function environmentOf(
  subject: Subject,
  config: { environment?: string; environmentTag?: string },
): string | Unknown | undefined {
  const tags = effectiveTags(subject);
  if (isUnknown(tags)) return UNKNOWN;
  const tagged = tags[config.environmentTag ?? "environment"];
  if (isUnknown(tagged)) return UNKNOWN;
  return tagged ?? config.environment;
}
