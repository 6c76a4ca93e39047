import { beforeAll, describe, expect, it } from "vitest";
import { parseImage } from "../../policies/kubernetes";
import { badKubernetes, goodKubernetes } from "../fixtures/policy-programs/kubernetes";
import { familyPolicies, findings, flagged, type Judgement, judge } from "./harness";

const K8S = familyPolicies("kubernetes");

describe("kubernetes policies through the analyzer", () => {
  let good: Judgement;
  let bad: Judgement;
  beforeAll(async () => {
    good = await judge(goodKubernetes);
    bad = await judge(badKubernetes);
  });

  it("passes a hardened Deployment with PDB and HPA inside a component, and a Job without probes", () => {
    expect(findings(good.violations, K8S)).toEqual([]);
  });

  it("fails at least one resource for every policy of the family, and passes the good program", () => {
    expect(new Set(bad.violations.map((v) => v.policy).filter((p) => K8S.includes(p)))).toEqual(new Set(K8S));
    expect(K8S.length).toBeGreaterThan(3);
  });

  it("flags each kubernetes policy on the offending workload", () => {
    expect(flagged(bad.violations, K8S)).toEqual([
      "k8s-drop-all-capabilities → worker",
      "k8s-image-tag → worker",
      "k8s-min-replicas → worker",
      "k8s-no-privilege-escalation → worker",
      "k8s-pod-disruption-budget → worker",
      "k8s-probes → worker",
      "k8s-read-only-root-fs → worker",
      "k8s-resources → worker",
      "k8s-run-as-non-root → worker",
    ]);
  });

  it("names the container, the field and the fix", () => {
    const c = 'spec.template.spec.containers[0] ("worker")';
    const init = 'spec.template.spec.initContainers[0] ("init")';
    expect(findings(bad.violations, K8S)).toEqual(
      expect.arrayContaining([
        `k8s-resources → worker: ${c}: resources requests.cpu, requests.memory, limits.cpu, limits.memory unset; set resources.requests.cpu, resources.requests.memory, resources.limits.cpu, resources.limits.memory.`,
        `k8s-resources → worker: ${init}: resources limits.cpu, limits.memory unset; set resources.limits.cpu, resources.limits.memory.`,
        `k8s-run-as-non-root → worker: ${c}: securityContext.runAsUser is 0 (root); set a non-zero runAsUser and runAsNonRoot: true.`,
        `k8s-run-as-non-root → worker: ${init}: securityContext.runAsNonRoot is unset; set it to true.`,
        `k8s-read-only-root-fs → worker: ${c}: securityContext.readOnlyRootFilesystem is unset; set it to true.`,
        `k8s-no-privilege-escalation → worker: ${c}: securityContext.allowPrivilegeEscalation is true; set it to false.`,
        `k8s-drop-all-capabilities → worker: ${c}: securityContext.capabilities.drop is unset; set it to ["ALL"]; capabilities.add has SYS_ADMIN; remove them (allowed: none).`,
        `k8s-probes → worker: ${c}: livenessProbe and readinessProbe unset; add livenessProbe and readinessProbe (e.g. httpGet on /healthz and /readyz).`,
        `k8s-image-tag → worker: ${c}: image "ghcr.io/openclaw/worker:latest" uses :latest; pin a release tag or a digest.`,
        `k8s-image-tag → worker: ${init}: image "busybox" has no tag (means :latest); pin a release tag or a digest.`,
        "k8s-min-replicas → worker: spec.replicas is 1; set it to 2 or more, or target the workload with a HorizontalPodAutoscaler whose minReplicas is.",
        'k8s-pod-disruption-budget → worker: No PodDisruptionBudget in namespace "openclaw" selects this workload\'s pod labels {"app.kubernetes.io/managed-by":"pulumi","app.kubernetes.io/name":"worker","app.kubernetes.io/part-of":"openclaw"}; add one with spec.selector.matchLabels set to them and minAvailable: 1.',
      ]),
    );
  });
});

describe("parseImage", () => {
  it("reads tags after the last slash only, and digests", () => {
    expect(parseImage("registry:5000/team/app")).toEqual({ digest: false });
    expect(parseImage("registry:5000/team/app:1.2")).toEqual({ tag: "1.2", digest: false });
    expect(parseImage("app@sha256:abc")).toEqual({ digest: true });
  });
});
