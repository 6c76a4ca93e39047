import { environmentProperty, environmentTagProperty } from "./lib/config";
import { type CatalogEntry, resourcePolicy } from "./lib/policy";
import { environmentOf } from "./lib/tags";
import { LISTENER_TYPES, LOAD_BALANCER_TYPES } from "./lib/types";
import { bool, get, isUnknown, list, type Plain, show, str } from "./lib/values";

/**
 * Load balancer guardrails (aws.lb.* and its aws.alb.* aliases). Environment-aware policies read the
 * environment from the resource's tags merged with its provider's defaultTags, falling back to the
 * policy's `environment` config; with neither, or while unknown, they pass.
 */

interface EnvConfig {
  environment?: string;
  environmentTag: string;
}

const envProperties = { environment: environmentProperty, environmentTag: environmentTagProperty };

/** Application load balancers only: network and gateway load balancers have no HTTP features. */
function isApplication(props: Record<string, Plain>): boolean {
  const kind = props.loadBalancerType;
  return kind === undefined || kind === null || kind === "application" || isUnknown(kind);
}

/** True when every default action of an HTTP listener redirects to HTTPS. */
function redirectsToHttps(actions: Plain | undefined): boolean {
  const items = list(actions);
  if (isUnknown(items) || items.length === 0) return false;
  return items.every(
    (action) =>
      get(action, "type") === "redirect" &&
      str(get(action, "redirect", "protocol"))?.toUpperCase() === "HTTPS",
  );
}

interface HttpsConfig extends EnvConfig {
  plainHttpEnvironments: string[];
}

export const albListenerHttps = resourcePolicy<HttpsConfig>({
  name: "alb-listener-https",
  family: "load-balancer",
  description:
    "Checks whether load balancer listeners use HTTPS (or only redirect HTTP to HTTPS) outside the environments allowed plain HTTP, dev by default (CKV_AWS_2).",
  enforcementLevel: "mandatory",
  checkov: ["CKV_AWS_2"],
  remediationSteps:
    'Set protocol "HTTPS" with an ACM certificateArn and a modern sslPolicy; keep port 80 only as a redirect ({ type: "redirect", redirect: { protocol: "HTTPS", port: "443", statusCode: "HTTP_301" } }).',
  configSchema: {
    properties: {
      plainHttpEnvironments: {
        type: "array",
        items: { type: "string" },
        default: ["dev"],
        description:
          "Environments where a listener may forward plain HTTP (e.g. dev behind CloudFront, no certificate).",
      },
      ...envProperties,
    },
  },
  types: LISTENER_TYPES,
  check: (subject, config, report) => {
    const env = environmentOf(subject, config);
    if (env === undefined || isUnknown(env) || config.plainHttpEnvironments.includes(env)) return;
    const protocol = subject.props.protocol;
    if (isUnknown(protocol) || protocol === "HTTPS" || protocol === "TLS") return;
    if (protocol === "HTTP" && redirectsToHttps(subject.props.defaultActions)) return;
    const port = show(subject.props.port);
    report(
      `Listener on port ${port} has protocol ${show(protocol)} and forwards traffic unencrypted in ${env}; ` +
        'use protocol "HTTPS" with certificateArn, or make its only default action a redirect to HTTPS.',
    );
  },
});

interface TlsPolicyConfig {
  allowedSslPolicies: string[];
}

export const MODERN_TLS_POLICIES = [
  "ELBSecurityPolicy-TLS13-1-2-2021-06",
  "ELBSecurityPolicy-TLS13-1-2-Res-2021-06",
  "ELBSecurityPolicy-TLS13-1-3-2021-06",
  "ELBSecurityPolicy-TLS13-1-2-FIPS-2023-04",
  "ELBSecurityPolicy-TLS13-1-3-FIPS-2023-04",
];

export const albListenerTlsPolicy = resourcePolicy<TlsPolicyConfig>({
  name: "alb-listener-tls-policy",
  family: "load-balancer",
  description:
    "Checks whether HTTPS and TLS listeners name a modern security policy (TLS 1.3 with TLS 1.2 forward-secret ciphers at most; CKV_AWS_103).",
  enforcementLevel: "mandatory",
  checkov: ["CKV_AWS_103"],
  remediationSteps: 'Set sslPolicy to "ELBSecurityPolicy-TLS13-1-2-2021-06" (or a stricter TLS13 policy).',
  configSchema: {
    properties: {
      allowedSslPolicies: {
        type: "array",
        items: { type: "string" },
        minItems: 1,
        default: MODERN_TLS_POLICIES,
        description: "Listener security policies accepted.",
      },
    },
  },
  types: LISTENER_TYPES,
  check: (subject, config, report) => {
    const protocol = subject.props.protocol;
    if (protocol !== "HTTPS" && protocol !== "TLS") return;
    const policy = subject.props.sslPolicy;
    if (isUnknown(policy) || (typeof policy === "string" && config.allowedSslPolicies.includes(policy)))
      return;
    const what =
      policy === undefined
        ? "unset (AWS then applies ELBSecurityPolicy-2016-08, which allows TLS 1.0)"
        : show(policy);
    report(`sslPolicy is ${what}; set it to one of: ${config.allowedSslPolicies.join(", ")}.`);
  },
});

export const albDropInvalidHeaders = resourcePolicy({
  name: "alb-drop-invalid-headers",
  family: "load-balancer",
  description:
    "Checks whether application load balancers drop HTTP headers with invalid names (dropInvalidHeaderFields), closing a request-smuggling path (CKV_AWS_131).",
  enforcementLevel: "mandatory",
  checkov: ["CKV_AWS_131"],
  remediationSteps: "Set dropInvalidHeaderFields: true on the aws.lb.LoadBalancer.",
  types: LOAD_BALANCER_TYPES,
  check: (subject, _config, report) => {
    if (!isApplication(subject.props)) return;
    const value = subject.props.dropInvalidHeaderFields;
    if (isUnknown(value) || bool(value) === true) return;
    report(`dropInvalidHeaderFields is ${show(value)}; set it to true.`);
  },
});

export const albAccessLogs = resourcePolicy({
  name: "alb-access-logs",
  family: "load-balancer",
  description:
    "Checks whether application load balancers write access logs to S3 (accessLogs.enabled with a bucket) (CKV_AWS_91).",
  enforcementLevel: "mandatory",
  checkov: ["CKV_AWS_91"],
  remediationSteps:
    "Set accessLogs: { bucket: <log bucket name>, enabled: true } and grant the region's ELB log-delivery account s3:PutObject in the bucket policy (SSE-S3 bucket).",
  types: LOAD_BALANCER_TYPES,
  check: (subject, _config, report) => {
    if (!isApplication(subject.props)) return;
    const logs = subject.props.accessLogs;
    if (isUnknown(logs)) return;
    const bucket = get(logs, "bucket");
    const enabled = get(logs, "enabled");
    const hasBucket = isUnknown(bucket) || (typeof bucket === "string" && bucket !== "");
    // The provider enables logging when a bucket is given and `enabled` is left unset.
    if (hasBucket && (isUnknown(enabled) || bool(enabled) !== false)) return;
    report(
      `accessLogs is ${hasBucket ? "disabled" : "not configured"}; set accessLogs to { bucket: <log bucket name>, enabled: true }.`,
    );
  },
});

export const albDeletionProtection = resourcePolicy<EnvConfig>({
  name: "alb-deletion-protection",
  family: "load-balancer",
  description:
    "Checks whether load balancers in prod have deletion protection on, so a stray destroy cannot take the front door and its DNS name (CKV_AWS_150).",
  enforcementLevel: "mandatory",
  checkov: ["CKV_AWS_150"],
  remediationSteps: "Set enableDeletionProtection: true in prod.",
  configSchema: { properties: { ...envProperties } },
  types: LOAD_BALANCER_TYPES,
  check: (subject, config, report) => {
    const env = environmentOf(subject, config);
    if (env !== "prod") return;
    const value = subject.props.enableDeletionProtection;
    if (isUnknown(value) || bool(value) === true) return;
    report(`enableDeletionProtection is ${show(value)} in prod; set it to true.`);
  },
});

export const loadBalancerPolicies: CatalogEntry[] = [
  albListenerHttps,
  albListenerTlsPolicy,
  albDropInvalidHeaders,
  albAccessLogs,
  albDeletionProtection,
];
