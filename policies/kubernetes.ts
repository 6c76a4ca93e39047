import { type ContainerRef, containersOf, namespaceOf, securitySetting, templateLabels } from "./lib/pods";
import { type CatalogEntry, resourcePolicy, type Subject, stackPolicy } from "./lib/policy";
import { K8S_POD_KINDS, T } from "./lib/types";
import { bool, get, isObject, isUnknown, list, num, show, str } from "./lib/values";

/** Runs `judge` on each container; judges get the container and report with its path. */
function perContainer(
  subject: Subject,
  report: (message: string) => void,
  judge: (ref: ContainerRef) => string | undefined,
  includeInit = true,
): void {
  for (const ref of containersOf(subject)) {
    if (ref.init && !includeInit) continue;
    const problem = judge(ref);
    if (problem !== undefined) report(`${ref.path}: ${problem}`);
  }
}

interface ResourcesConfig {
  required: string[];
}

const RESOURCE_FIELDS = ["requests.cpu", "requests.memory", "limits.cpu", "limits.memory"];

export const k8sResources = resourcePolicy<ResourcesConfig>({
  name: "k8s-resources",
  family: "kubernetes",
  description:
    "Checks whether every container sets CPU and memory requests and limits (CKV_K8S_10, CKV_K8S_11, CKV_K8S_12, CKV_K8S_13).",
  enforcementLevel: "mandatory",
  checkov: ["CKV_K8S_10", "CKV_K8S_11", "CKV_K8S_12", "CKV_K8S_13"],
  remediationSteps:
    'Set resources: { requests: { cpu: "250m", memory: "256Mi" }, limits: { cpu: "1", memory: "512Mi" } }.',
  configSchema: {
    properties: {
      required: {
        type: "array",
        items: { type: "string", enum: RESOURCE_FIELDS },
        default: RESOURCE_FIELDS,
        description:
          "Which of requests.cpu, requests.memory, limits.cpu, limits.memory every container must set.",
      },
    },
  },
  types: K8S_POD_KINDS,
  check: (subject, config, report) =>
    perContainer(subject, report, ({ container }) => {
      if (isUnknown(container.resources)) return undefined;
      const missing = config.required.filter(
        (field) => get(container, "resources", ...field.split(".")) === undefined,
      );
      if (missing.length === 0) return undefined;
      return `resources ${missing.join(", ")} unset; set ${missing.map((m) => `resources.${m}`).join(", ")}.`;
    }),
});

export const k8sRunAsNonRoot = resourcePolicy({
  name: "k8s-run-as-non-root",
  family: "kubernetes",
  description:
    "Checks whether every container runs as non-root (securityContext.runAsNonRoot true at container or pod level, never runAsUser 0) (CKV_K8S_23).",
  enforcementLevel: "mandatory",
  checkov: ["CKV_K8S_23"],
  remediationSteps:
    "Set securityContext.runAsNonRoot: true (and a non-zero runAsUser) on the pod or each container.",
  types: K8S_POD_KINDS,
  check: (subject, _config, report) =>
    perContainer(subject, report, (ref) => {
      const nonRoot = securitySetting(ref, "runAsNonRoot");
      const user = num(securitySetting(ref, "runAsUser"));
      if (user === 0)
        return "securityContext.runAsUser is 0 (root); set a non-zero runAsUser and runAsNonRoot: true.";
      if (isUnknown(nonRoot) || bool(nonRoot) === true) return undefined;
      return `securityContext.runAsNonRoot is ${show(nonRoot)}; set it to true.`;
    }),
});

/** A per-container boolean security setting that must have one value. */
function containerFlag(
  name: string,
  checkov: string,
  field: string,
  expected: boolean,
  description: string,
): CatalogEntry {
  return resourcePolicy({
    name,
    family: "kubernetes",
    description,
    enforcementLevel: "mandatory",
    checkov: [checkov],
    remediationSteps: `Set securityContext.${field}: ${expected} on every container.`,
    types: K8S_POD_KINDS,
    check: (subject, _config, report) =>
      perContainer(subject, report, ({ container }) => {
        const value = get(container, "securityContext", field);
        if (isUnknown(value) || bool(value) === expected) return undefined;
        return `securityContext.${field} is ${show(value)}; set it to ${expected}.`;
      }),
  });
}

export const k8sReadOnlyRootFilesystem = containerFlag(
  "k8s-read-only-root-fs",
  "CKV_K8S_22",
  "readOnlyRootFilesystem",
  true,
  "Checks whether every container mounts its root filesystem read-only (securityContext.readOnlyRootFilesystem true) (CKV_K8S_22).",
);

export const k8sNoPrivilegeEscalation = containerFlag(
  "k8s-no-privilege-escalation",
  "CKV_K8S_20",
  "allowPrivilegeEscalation",
  false,
  "Checks whether every container sets securityContext.allowPrivilegeEscalation to false (CKV_K8S_20).",
);

interface CapabilitiesConfig {
  allowedAdd: string[];
}

export const k8sDropAllCapabilities = resourcePolicy<CapabilitiesConfig>({
  name: "k8s-drop-all-capabilities",
  family: "kubernetes",
  description:
    "Checks whether every container drops ALL Linux capabilities and adds back only allowed ones (CKV_K8S_28, CKV_K8S_37).",
  enforcementLevel: "mandatory",
  checkov: ["CKV_K8S_28", "CKV_K8S_37"],
  remediationSteps: 'Set securityContext.capabilities: { drop: ["ALL"] } (add back only what is allowed).',
  configSchema: {
    properties: {
      allowedAdd: {
        type: "array",
        items: { type: "string" },
        default: [],
        description: 'Capabilities a container may add back after dropping ALL (e.g. "NET_BIND_SERVICE").',
      },
    },
  },
  types: K8S_POD_KINDS,
  check: (subject, config, report) =>
    perContainer(subject, report, ({ container }) => {
      const drop = list(get(container, "securityContext", "capabilities", "drop"));
      const add = list(get(container, "securityContext", "capabilities", "add"));
      if (isUnknown(drop) || isUnknown(add)) return undefined;
      const problems: string[] = [];
      if (!drop.some((c) => c === "ALL" || isUnknown(c))) {
        problems.push(
          `securityContext.capabilities.drop is ${show(drop.length ? drop : undefined)}; set it to ["ALL"]`,
        );
      }
      const extra = add.filter((c): c is string => typeof c === "string" && !config.allowedAdd.includes(c));
      if (extra.length > 0) {
        problems.push(
          `capabilities.add has ${extra.join(", ")}; remove them (allowed: ${config.allowedAdd.join(", ") || "none"})`,
        );
      }
      return problems.length ? `${problems.join("; ")}.` : undefined;
    }),
});

/** Kinds with long-running pods: probes matter there, not in Jobs. */
const SERVING_KINDS: readonly string[] = [
  T.k8sDeployment,
  T.k8sStatefulSet,
  T.k8sDaemonSet,
  T.k8sReplicaSet,
  T.k8sPod,
];

export const k8sProbes = resourcePolicy({
  name: "k8s-probes",
  family: "kubernetes",
  description:
    "Checks whether every long-running container defines a livenessProbe and a readinessProbe (CKV_K8S_8, CKV_K8S_9).",
  enforcementLevel: "mandatory",
  checkov: ["CKV_K8S_8", "CKV_K8S_9"],
  remediationSteps:
    "Add readinessProbe (e.g. httpGet /readyz) and livenessProbe (e.g. httpGet /healthz) to each container.",
  types: SERVING_KINDS,
  check: (subject, _config, report) =>
    perContainer(
      subject,
      report,
      ({ container }) => {
        const missing = ["livenessProbe", "readinessProbe"].filter((probe) => container[probe] === undefined);
        if (missing.length === 0) return undefined;
        return `${missing.join(" and ")} unset; add ${missing.join(" and ")} (e.g. httpGet on /healthz and /readyz).`;
      },
      false,
    ),
});

/** "repo/name:tag@sha256:…" → tag (or undefined) and whether a digest pins it. */
export function parseImage(image: string): { tag?: string; digest: boolean } {
  const digest = image.includes("@");
  const withoutDigest = image.split("@")[0] ?? image;
  const lastSlash = withoutDigest.lastIndexOf("/");
  const lastColon = withoutDigest.lastIndexOf(":");
  const tag = lastColon > lastSlash ? withoutDigest.slice(lastColon + 1) : undefined;
  return tag === undefined ? { digest } : { tag, digest };
}

export const k8sImageTag = resourcePolicy({
  name: "k8s-image-tag",
  family: "kubernetes",
  description:
    'Checks whether every container image is pinned by a tag other than "latest" or by digest (CKV_K8S_14).',
  enforcementLevel: "mandatory",
  checkov: ["CKV_K8S_14"],
  remediationSteps: "Pin the image to a release tag (e.g. :1.4.2) or a digest (@sha256:…).",
  types: K8S_POD_KINDS,
  check: (subject, _config, report) =>
    perContainer(subject, report, ({ container }) => {
      const image = container.image;
      if (isUnknown(image)) return undefined;
      const name = str(image);
      if (name === undefined) return "image is unset; set a pinned image.";
      const { tag, digest } = parseImage(name);
      if (digest) return undefined;
      if (tag === undefined)
        return `image "${name}" has no tag (means :latest); pin a release tag or a digest.`;
      if (tag === "latest") return `image "${name}" uses :latest; pin a release tag or a digest.`;
      return undefined;
    }),
});

interface ReplicasConfig {
  minReplicas: number;
}

const REPLICATED_KINDS: readonly string[] = [T.k8sDeployment, T.k8sStatefulSet];
const HPA_TYPES: readonly string[] = [T.k8sHpa, "kubernetes:autoscaling/v1:HorizontalPodAutoscaler"];

export const k8sMinReplicas = stackPolicy<ReplicasConfig>({
  name: "k8s-min-replicas",
  family: "kubernetes",
  description:
    "Checks whether Deployments and StatefulSets run at least the configured replicas, counting a HorizontalPodAutoscaler's minReplicas when one targets the workload.",
  enforcementLevel: "mandatory",
  remediationSteps: "Set spec.replicas (or the HPA's minReplicas) to 2 or more.",
  configSchema: {
    properties: {
      minReplicas: {
        type: "integer",
        minimum: 1,
        default: 2,
        description: "Fewest replicas a workload may run.",
      },
    },
  },
  check: (resources, config, report) => {
    const workloads = resources.filter((r) => REPLICATED_KINDS.includes(r.type));
    const hpas = resources.filter((r) => HPA_TYPES.includes(r.type));
    for (const workload of workloads) {
      const replicas = get(workload.props, "spec", "replicas");
      if (isUnknown(replicas)) continue;
      const count = num(replicas) ?? 1;
      const hpa = hpas.find((candidate) => targets(candidate, workload));
      if (hpa) {
        const min = get(hpa.props, "spec", "minReplicas");
        if (isUnknown(min) || (num(min) ?? 1) >= config.minReplicas) continue;
        report(
          `HPA ${hpa.name} spec.minReplicas is ${show(min)}; set it to ${config.minReplicas} or more.`,
          hpa.urn,
        );
        continue;
      }
      if (count >= config.minReplicas) continue;
      report(
        `spec.replicas is ${show(replicas)}${replicas === undefined ? " (1)" : ""}; set it to ${config.minReplicas} ` +
          "or more, or target the workload with a HorizontalPodAutoscaler whose minReplicas is.",
        workload.urn,
      );
    }
  },
});

/** True when an HPA's scaleTargetRef names the workload (by kind + name value, or by reference). */
function targets(hpa: Subject, workload: Subject): boolean {
  const ref = get(hpa.props, "spec", "scaleTargetRef");
  const name = get(ref, "name");
  const kind = get(ref, "kind");
  const workloadName = get(workload.props, "metadata", "name");
  const sameNamespace =
    isUnknown(namespaceOf(hpa)) ||
    isUnknown(namespaceOf(workload)) ||
    namespaceOf(hpa) === namespaceOf(workload);
  if (typeof name === "string" && typeof workloadName === "string") {
    return (
      sameNamespace &&
      name === workloadName &&
      (kind === undefined || workload.type.endsWith(`:${String(kind)}`))
    );
  }
  return (hpa.propertyDependencies.spec ?? []).includes(workload.urn);
}

export const k8sPodDisruptionBudget = stackPolicy({
  name: "k8s-pod-disruption-budget",
  family: "kubernetes",
  description:
    "Checks whether each Deployment and StatefulSet is selected by a PodDisruptionBudget in its namespace (matchLabels a subset of the pod template labels).",
  enforcementLevel: "mandatory",
  remediationSteps:
    "Add a policy/v1 PodDisruptionBudget in the workload's namespace with spec.selector.matchLabels equal to the pod template labels and minAvailable: 1.",
  check: (resources, _config, report) => {
    const pdbs = resources.filter((r) => r.type === T.k8sPdb);
    for (const workload of resources.filter((r) => REPLICATED_KINDS.includes(r.type))) {
      const labels = templateLabels(workload);
      if (isUnknown(labels)) continue;
      const selected = pdbs.some((pdb) => selects(pdb, workload, isObject(labels) ? labels : {}));
      if (selected) continue;
      report(
        `No PodDisruptionBudget in namespace ${show(namespaceOf(workload))} selects this workload's pod labels ` +
          `${show(labels)}; add one with spec.selector.matchLabels set to them and minAvailable: 1.`,
        workload.urn,
      );
    }
  },
});

function selects(pdb: Subject, workload: Subject, labels: Record<string, unknown>): boolean {
  const pdbNamespace = namespaceOf(pdb);
  const workloadNamespace = namespaceOf(workload);
  if (!isUnknown(pdbNamespace) && !isUnknown(workloadNamespace) && pdbNamespace !== workloadNamespace)
    return false;
  const matchLabels = get(pdb.props, "spec", "selector", "matchLabels");
  if (isUnknown(matchLabels)) return true;
  if (!isObject(matchLabels) || Object.keys(matchLabels).length === 0) {
    // An empty selector selects every pod in the namespace.
    return (
      get(pdb.props, "spec", "selector") !== undefined &&
      get(pdb.props, "spec", "selector", "matchExpressions") === undefined
    );
  }
  return Object.entries(matchLabels).every(
    ([key, value]) => isUnknown(value) || labels[key] === value || isUnknown(labels[key]),
  );
}

export const kubernetesPolicies: CatalogEntry[] = [
  k8sResources,
  k8sRunAsNonRoot,
  k8sReadOnlyRootFilesystem,
  k8sNoPrivilegeEscalation,
  k8sDropAllCapabilities,
  k8sProbes,
  k8sImageTag,
  k8sMinReplicas,
  k8sPodDisruptionBudget,
];
