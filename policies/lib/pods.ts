import type { Subject } from "./policy";
import { T } from "./types";
import { get, isObject, isUnknown, list, type Plain, type PlainObject, str } from "./values";

/** One container of a pod spec, with where it sits (for messages). */
export interface ContainerRef {
  readonly container: PlainObject;
  readonly podSpec: PlainObject;
  /** e.g. 'spec.template.spec.containers[0] ("gateway")'. */
  readonly path: string;
  readonly init: boolean;
}

/** Path of the pod spec inside each kind. */
export function podSpecPath(type: string): string[] {
  if (type === T.k8sPod) return ["spec"];
  if (type === T.k8sCronJob) return ["spec", "jobTemplate", "spec", "template", "spec"];
  return ["spec", "template", "spec"];
}

/** Every known container (and init container) of a workload; unknown lists are skipped. */
export function containersOf(subject: Subject): ContainerRef[] {
  const path = podSpecPath(subject.type);
  const podSpec = get(subject.props, ...path);
  if (!isObject(podSpec)) return [];
  const refs: ContainerRef[] = [];
  for (const [key, init] of [
    ["containers", false],
    ["initContainers", true],
  ] as const) {
    const items = list(podSpec[key]);
    if (isUnknown(items)) continue;
    items.forEach((container, i) => {
      if (!isObject(container)) return;
      const name = str(container.name);
      refs.push({
        container,
        podSpec,
        init,
        path: `${path.join(".")}.${key}[${i}]${name ? ` ("${name}")` : ""}`,
      });
    });
  }
  return refs;
}

/** A container setting, falling back to the pod-level securityContext where Kubernetes does. */
export function securitySetting(ref: ContainerRef, field: string): Plain | undefined {
  const own = get(ref.container, "securityContext", field);
  if (own !== undefined) return own;
  return get(ref.podSpec, "securityContext", field);
}

/** Pod template labels of a template workload (selector matching). */
export function templateLabels(subject: Subject): Plain | undefined {
  return get(subject.props, "spec", "template", "metadata", "labels");
}

export function namespaceOf(subject: Subject): Plain {
  return get(subject.props, "metadata", "namespace") ?? "default";
}
