import {
  type AnalyzeDiagnostic,
  AnalyzeRequest,
  type AnalyzerInfo,
  AnalyzerPropertyDependencies,
  AnalyzerProviderResource,
  AnalyzerResource,
  AnalyzerResourceOptions,
  ConfigureAnalyzerRequest,
  PolicyConfig,
  EnforcementLevel as WireLevel,
  PolicySeverity as WireSeverity,
} from "@pulumi/pulumi/proto/analyzer_pb";
import { Struct } from "google-protobuf/google/protobuf/struct_pb";
import type { PolicyConfigEntry, PolicyDescriptor, ReconciledPolicyConfig } from "./policy-config";
import type { CapturedResource, EnforcementLevel, PolicySeverity, PolicyViolation } from "./types";

// Conversions between the planner's shapes and the analyzer protocol's messages (proto/analyzer.proto).

const FROM_WIRE: Record<WireLevel, EnforcementLevel> = {
  [WireLevel.ADVISORY]: "advisory",
  [WireLevel.MANDATORY]: "mandatory",
  [WireLevel.DISABLED]: "disabled",
  [WireLevel.REMEDIATE]: "remediate",
};
const TO_WIRE: Record<EnforcementLevel, WireLevel> = {
  advisory: WireLevel.ADVISORY,
  mandatory: WireLevel.MANDATORY,
  disabled: WireLevel.DISABLED,
  remediate: WireLevel.REMEDIATE,
};

const SEVERITY_FROM_WIRE: Record<WireSeverity, PolicySeverity | undefined> = {
  [WireSeverity.POLICY_SEVERITY_UNSPECIFIED]: undefined,
  [WireSeverity.POLICY_SEVERITY_LOW]: "low",
  [WireSeverity.POLICY_SEVERITY_MEDIUM]: "medium",
  [WireSeverity.POLICY_SEVERITY_HIGH]: "high",
  [WireSeverity.POLICY_SEVERITY_CRITICAL]: "critical",
};

export function describePolicies(info: AnalyzerInfo): PolicyDescriptor[] {
  return info.getPoliciesList().map((p) => {
    const schema = p.getConfigschema();
    const descriptor: PolicyDescriptor = {
      name: p.getName(),
      description: p.getDescription(),
      enforcementLevel: FROM_WIRE[p.getEnforcementlevel()],
    };
    const properties = schema?.getProperties()?.toJavaScript();
    if (properties) descriptor.configProperties = properties as Record<string, unknown>;
    if (schema && schema.getRequiredList().length > 0) descriptor.required = schema.getRequiredList();
    if (p.getRemediationSteps()) descriptor.remediationSteps = p.getRemediationSteps();
    const severity = SEVERITY_FROM_WIRE[p.getSeverity()];
    if (severity) descriptor.severity = severity;
    return descriptor;
  });
}

/**
 * The pack's `initialConfig`. On the wire an unset enforcement level reads as ADVISORY (enum zero), so an
 * entry that carries properties and ADVISORY is taken to set only properties.
 */
export function initialConfigOf(info: AnalyzerInfo): Record<string, PolicyConfigEntry> {
  const entries: Record<string, PolicyConfigEntry> = {};
  info.getInitialconfigMap().forEach((config: PolicyConfig, name: string) => {
    const properties = (config.getProperties()?.toJavaScript() ?? {}) as Record<string, unknown>;
    const level = config.getEnforcementlevel();
    const hasProperties = Object.keys(properties).length > 0;
    entries[name] =
      hasProperties && level === WireLevel.ADVISORY
        ? { properties }
        : { enforcementLevel: FROM_WIRE[level], properties };
  });
  return entries;
}

export function configureRequest(
  reconciled: Record<string, ReconciledPolicyConfig>,
): ConfigureAnalyzerRequest {
  const request = new ConfigureAnalyzerRequest();
  const map = request.getPolicyconfigMap();
  for (const [name, config] of Object.entries(reconciled)) {
    const wire = new PolicyConfig();
    wire.setEnforcementlevel(TO_WIRE[config.enforcementLevel]);
    wire.setProperties(
      Struct.fromJavaScript(config.properties as Parameters<typeof Struct.fromJavaScript>[0]),
    );
    map.set(name, wire);
  }
  return request;
}

export interface WireResource {
  request: AnalyzeRequest;
  stackEntry: AnalyzerResource;
}

function toStruct(value: Record<string, unknown>): Struct {
  return Struct.fromJavaScript(value as Parameters<typeof Struct.fromJavaScript>[0]);
}

/** Builds both wire shapes once per resource; the provider's inputs travel with each resource it manages. */
export function toWireResources(resources: CapturedResource[]): WireResource[] {
  const byUrn = new Map(resources.map((r) => [r.urn, r]));
  return resources.map((resource) => {
    const properties = toStruct(resource.inputs);
    const options = new AnalyzerResourceOptions();
    if (resource.parent) options.setParent(resource.parent);
    const provider = providerOf(resource, byUrn);

    const request = new AnalyzeRequest();
    request.setType(resource.type);
    request.setUrn(resource.urn);
    request.setName(resource.name);
    request.setProperties(properties);
    request.setOptions(options);
    if (provider) request.setProvider(provider);

    const stackEntry = new AnalyzerResource();
    stackEntry.setType(resource.type);
    stackEntry.setUrn(resource.urn);
    stackEntry.setName(resource.name);
    stackEntry.setProperties(properties);
    stackEntry.setOptions(options);
    if (provider) stackEntry.setProvider(provider);
    if (resource.parent) stackEntry.setParent(resource.parent);
    stackEntry.setDependenciesList(resource.dependencies);
    const propertyDependencies = stackEntry.getPropertydependenciesMap();
    for (const [key, urns] of Object.entries(resource.propertyDependencies ?? {})) {
      const deps = new AnalyzerPropertyDependencies();
      deps.setUrnsList(urns);
      propertyDependencies.set(key, deps);
    }
    return { request, stackEntry };
  });
}

/** Provider references are "<urn>::<id>"; the URN itself contains "::", so split at the last one. */
function providerOf(
  resource: CapturedResource,
  byUrn: Map<string, CapturedResource>,
): AnalyzerProviderResource | undefined {
  if (!resource.provider) return undefined;
  const urn = resource.provider.slice(0, resource.provider.lastIndexOf("::"));
  const provider = byUrn.get(urn);
  if (!provider) return undefined;
  const wire = new AnalyzerProviderResource();
  wire.setType(provider.type);
  wire.setName(provider.name);
  wire.setUrn(provider.urn);
  wire.setProperties(toStruct(provider.inputs));
  return wire;
}

/**
 * A diagnostic as a violation. `policy` (from GetAnalyzerInfo) adds what the diagnostic doesn't carry:
 * the remediation steps, and the severity when the diagnostic has none.
 */
export function toViolation(
  diagnostic: AnalyzeDiagnostic,
  analyzedUrn: string | undefined,
  policy?: PolicyDescriptor,
): PolicyViolation {
  const violation: PolicyViolation = {
    policy: diagnostic.getPolicyname(),
    packName: diagnostic.getPolicypackname(),
    enforcementLevel: FROM_WIRE[diagnostic.getEnforcementlevel()],
    message: withoutDescription(diagnostic.getMessage(), diagnostic.getDescription()),
  };
  const urn = diagnostic.getUrn() || analyzedUrn;
  if (urn) violation.urn = urn;
  if (diagnostic.getDescription()) violation.description = diagnostic.getDescription();
  if (policy?.remediationSteps) violation.remediation = policy.remediationSteps;
  const severity = SEVERITY_FROM_WIRE[diagnostic.getSeverity()] ?? policy?.severity;
  if (severity) violation.severity = severity;
  return violation;
}

/** The policy SDK prefixes every message with the policy's description and a newline; keep them apart. */
function withoutDescription(message: string, description: string): string {
  return description && message.startsWith(`${description}\n`)
    ? message.slice(description.length + 1)
    : message;
}
