import { type ArgIssue, argIssue } from "../../../infra/arg-errors";
import type { ResourceList, ServiceExposure } from "./args";
import { ServiceExposure as Exposures } from "./args";
import { parseQuantity } from "./plan";

/** GatewayService args after defaults: what validation and the resources see. */
export interface ResolvedSizing {
  readonly minReplicas: number;
  readonly maxReplicas: number;
  readonly targetCpuUtilization: number;
  readonly targetMemoryUtilization: number;
  readonly requests: Required<ResourceList>;
  readonly limits: Required<ResourceList>;
  readonly exposure: ServiceExposure;
  readonly nodePort: number;
  readonly egressPorts: readonly number[];
}

const isInt = (n: number, min: number, max = Number.MAX_SAFE_INTEGER) =>
  Number.isInteger(n) && n >= min && n <= max;

export function validateSizing(s: ResolvedSizing): ArgIssue[] {
  const issues: ArgIssue[] = [];
  if (!isInt(s.minReplicas, 1))
    issues.push(argIssue("minReplicas", "must be an integer >= 1", s.minReplicas));
  if (!isInt(s.maxReplicas, 1))
    issues.push(argIssue("maxReplicas", "must be an integer >= 1", s.maxReplicas));
  else if (s.minReplicas > s.maxReplicas) {
    issues.push(argIssue("minReplicas", `must not exceed maxReplicas (${s.maxReplicas})`, s.minReplicas));
  }
  for (const [arg, value] of [
    ["targetCpuUtilization", s.targetCpuUtilization],
    ["targetMemoryUtilization", s.targetMemoryUtilization],
  ] as const) {
    if (!isInt(value, 1, 100)) issues.push(argIssue(arg, "must be an integer percentage 1-100", value));
  }
  for (const resource of ["cpu", "memory"] as const) {
    const request = parseQuantity(s.requests[resource]);
    const limit = parseQuantity(s.limits[resource]);
    if (request === undefined) {
      issues.push(quantityIssue(`resources.requests.${resource}`, s.requests[resource]));
    }
    if (limit === undefined) issues.push(quantityIssue(`resources.limits.${resource}`, s.limits[resource]));
    if (request !== undefined && limit !== undefined && limit < request) {
      issues.push(
        argIssue(
          `resources.limits.${resource}`,
          `must be at least resources.requests.${resource} (${s.requests[resource]})`,
          s.limits[resource],
        ),
      );
    }
  }
  const exposures = Object.values(Exposures) as string[];
  if (!exposures.includes(s.exposure)) {
    issues.push(argIssue("exposure", `must be one of ${exposures.join(", ")}`, s.exposure));
  }
  if (!isInt(s.nodePort, 30000, 32767)) {
    issues.push(argIssue("nodePort", "must be in Kubernetes' NodePort range 30000-32767", s.nodePort));
  }
  s.egressPorts.forEach((port, i) => {
    if (!isInt(port, 1, 65535)) issues.push(argIssue(`egressPorts[${i}]`, "must be a port 1-65535", port));
  });
  return issues;
}

function quantityIssue(path: string, value: string): ArgIssue {
  return argIssue(path, 'must be a Kubernetes quantity (e.g. "250m", "1", "512Mi")', value);
}
