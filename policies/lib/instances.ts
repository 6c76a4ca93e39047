import type { Subject } from "./policy";
import { T } from "./types";
import { get, isUnknown, list, type Plain, str } from "./values";

/** An instance type a resource asks for, with the property path that asks (for the message). */
export interface InstanceTypeUse {
  readonly instanceType: string;
  readonly path: string;
}

/** Every known instance type a resource would launch; unknown values are skipped (unknown passes). */
export function instanceTypesOf(subject: Subject): InstanceTypeUse[] {
  const props = subject.props;
  const uses: InstanceTypeUse[] = [];
  const add = (value: Plain | undefined, path: string) => {
    const instanceType = str(value);
    if (instanceType !== undefined) uses.push({ instanceType, path });
  };
  switch (subject.type) {
    case T.instance:
    case T.launchTemplate:
    case T.launchConfiguration:
      add(props.instanceType, "instanceType");
      break;
    case T.asg: {
      const overrides = list(get(props, "mixedInstancesPolicy", "launchTemplate", "overrides"));
      if (!isUnknown(overrides)) {
        for (const [i, override] of overrides.entries()) {
          add(
            get(override, "instanceType"),
            `mixedInstancesPolicy.launchTemplate.overrides[${i}].instanceType`,
          );
        }
      }
      break;
    }
    case T.eksNodeGroup: {
      const types = list(props.instanceTypes);
      if (!isUnknown(types)) {
        for (const [i, value] of types.entries()) add(value, `instanceTypes[${i}]`);
      }
      break;
    }
  }
  return uses;
}

export const INSTANCE_LAUNCHING_TYPES: readonly string[] = [
  T.instance,
  T.launchTemplate,
  T.launchConfiguration,
  T.asg,
  T.eksNodeGroup,
];

const SIZE_RANKS: Record<string, number> = { nano: 0, micro: 1, small: 2, medium: 3, large: 4, xlarge: 5 };

/** Orders sizes: nano < … < large < xlarge < 2xlarge < … < metal. undefined for an unparsable size. */
export function sizeRank(size: string): number | undefined {
  if (size.startsWith("metal")) return 1000;
  const known = SIZE_RANKS[size];
  if (known !== undefined) return known;
  const multiple = /^(\d+)xlarge$/.exec(size);
  return multiple ? 5 + Number(multiple[1]) : undefined;
}

/** "m6i.2xlarge" → "2xlarge". */
export function sizeOf(instanceType: string): string {
  return instanceType.slice(instanceType.indexOf(".") + 1);
}

/** Matches "m6i.large" against patterns like "t3.*", "m6i.large", "*.large". */
export function matchesPattern(instanceType: string, pattern: string): boolean {
  const regex = new RegExp(`^${pattern.split("*").map(escapeRegex).join(".*")}$`);
  return regex.test(instanceType);
}

function escapeRegex(text: string): string {
  return text.replace(/[.+?^${}()|[\]\\]/g, "\\$&");
}
