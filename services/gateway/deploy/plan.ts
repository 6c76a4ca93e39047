/**
 * The planning maths behind GatewayService, pure so it can be tested without Pulumi: Kubernetes resource
 * quantities, the disruption budget, the termination grace period and the rollout checksum.
 */
import { createHash } from "node:crypto";

const DECIMAL_SUFFIXES: Record<string, number> = {
  n: 1e-9,
  u: 1e-6,
  m: 1e-3,
  "": 1,
  k: 1e3,
  M: 1e6,
  G: 1e9,
  T: 1e12,
  P: 1e15,
  E: 1e18,
};
const BINARY_SUFFIXES: Record<string, number> = {
  Ki: 2 ** 10,
  Mi: 2 ** 20,
  Gi: 2 ** 30,
  Ti: 2 ** 40,
  Pi: 2 ** 50,
  Ei: 2 ** 60,
};
const QUANTITY = /^([+]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?)(Ki|Mi|Gi|Ti|Pi|Ei|[numkMGTPE]?)$/;

/**
 * A Kubernetes quantity ("250m", "1.5", "512Mi", "1G", "1e3") in base units (cores or bytes), or
 * undefined when it is not one.
 */
export function parseQuantity(quantity: string): number | undefined {
  const match = QUANTITY.exec(quantity.trim());
  if (!match) return undefined;
  const [, number, suffix = ""] = match;
  const scale = BINARY_SUFFIXES[suffix] ?? DECIMAL_SUFFIXES[suffix];
  return scale === undefined ? undefined : Number(number) * scale;
}

/**
 * Pods the PodDisruptionBudget keeps up during voluntary disruptions: always below `minReplicas` (so a
 * node drain can evict at least one pod and never deadlocks), letting a quarter of a larger fleet go at once.
 */
export function pdbMinAvailable(minReplicas: number): number {
  return Math.max(0, minReplicas - Math.max(1, Math.floor(minReplicas / 4)));
}

/** Seconds the preStop hook waits so endpoints stop routing to the pod before SIGTERM starts the drain. */
export const PRE_STOP_SECONDS = 5;
/** Slack after the drain for the process to close and exit before the kubelet's SIGKILL. */
const EXIT_SLACK_SECONDS = 5;

/**
 * terminationGracePeriodSeconds matched to the gateway's drain: the preStop wait, then up to
 * `drainTimeoutMs` of in-flight requests finishing, then time to exit.
 */
export function terminationGraceSeconds(drainTimeoutMs: number): number {
  return PRE_STOP_SECONDS + Math.ceil(drainTimeoutMs / 1000) + EXIT_SLACK_SECONDS;
}

/** An environment variable name for a secret keyed by a config id (`openai-main` → `..._OPENAI_MAIN`). */
export function secretEnvName(prefix: string, id: string): string {
  return `${prefix}_${id.toUpperCase().replace(/[^A-Z0-9]/g, "_")}`;
}

/**
 * The pod template's rollout checksum: the rendered config plus a digest of each secret entry. Secret
 * values are hashed one by one before they meet the checksum, so the annotation never carries key material.
 */
export function rolloutChecksum(configYaml: string, secretEntries: Record<string, string>): string {
  const hash = createHash("sha256").update(configYaml, "utf8");
  for (const key of Object.keys(secretEntries).sort()) {
    const digest = createHash("sha256")
      .update(secretEntries[key] ?? "", "utf8")
      .digest("hex");
    hash.update(`\n${key}=${digest}`, "utf8");
  }
  return hash.digest("hex");
}
