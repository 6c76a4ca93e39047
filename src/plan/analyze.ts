import * as grpc from "@grpc/grpc-js";
import { AnalyzerClient } from "@pulumi/pulumi/proto/analyzer_grpc_pb";
import {
  type AnalyzeDiagnostic,
  AnalyzeRequest,
  type AnalyzeResponse,
  type AnalyzerInfo,
  AnalyzerPropertyDependencies,
  AnalyzerProviderResource,
  AnalyzerResource,
  AnalyzerResourceOptions,
  AnalyzerStackConfigureRequest,
  AnalyzeStackRequest,
  ConfigureAnalyzerRequest,
  PolicyConfig,
  EnforcementLevel as WireLevel,
} from "@pulumi/pulumi/proto/analyzer_pb";
import { Empty } from "google-protobuf/google/protobuf/empty_pb";
import { Struct } from "google-protobuf/google/protobuf/struct_pb";
import { startAnalyzer } from "./analyzer-process";
import { PolicyPackError } from "./errors";
import {
  type PolicyConfigEntry,
  type PolicyDescriptor,
  parsePolicyConfig,
  reconcilePolicyConfig,
} from "./policy-config";
import type { CapturedResource, EnforcementLevel, PolicyViolation } from "./types";

/** What a report says about the pack that ran. */
export interface AnalyzerSummary {
  name: string;
  version: string;
  policies: number;
}

export interface AnalyzeOptions {
  /** Directory of the policy pack (its package.json names the entry and the version). */
  packDir: string;
  /** User policy config, in the format of `pulumi preview --policy-pack-config`. */
  policyConfig?: Record<string, unknown>;
  /** Receives progress lines for analyses that take longer than about a second. */
  onProgress?: (msg: string) => void;
  /** Called once with the pack's name, version and policy count (for reports). */
  onAnalyzerInfo?: (info: AnalyzerSummary) => void;
  /** Called with the analyzer child's pid once it serves (diagnostics, tests). */
  onAnalyzerStarted?: (pid: number) => void;
  /** Passed to the pack through ConfigureStack, as the engine does. */
  stack?: string;
  project?: string;
}

/** How many Analyze calls are in flight at once: enough to hide the round trip, few enough to stay gentle. */
const CONCURRENCY = 16;
const PROGRESS_AFTER_MS = 1_000;

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

/**
 * Runs a CrossGuard policy pack over captured resources through the analyzer gRPC protocol, the way the
 * Pulumi engine does during `pulumi preview --policy-pack`: GetAnalyzerInfo, Configure with the reconciled
 * config, Analyze per resource, AnalyzeStack over all of them. The pack's process is always stopped.
 *
 * @throws PolicyPackError when the pack fails to start, rejects its config, or a policy throws.
 */
export async function analyzeResources(
  resources: CapturedResource[],
  opts: AnalyzeOptions,
): Promise<PolicyViolation[]> {
  const userConfig = parsePolicyConfig(opts.policyConfig ?? {}, "policy config");
  const analyzer = await startAnalyzer(opts.packDir);
  opts.onAnalyzerStarted?.(analyzer.pid);
  const client = new AnalyzerClient(`127.0.0.1:${analyzer.port}`, grpc.credentials.createInsecure(), {
    "grpc.max_receive_message_length": 400 * 1024 * 1024,
    "grpc.max_send_message_length": 400 * 1024 * 1024,
  });
  try {
    const info = await call<Empty, AnalyzerInfo>(client, "getAnalyzerInfo", new Empty());
    const policies = describePolicies(info);
    opts.onAnalyzerInfo?.({ name: info.getName(), version: info.getVersion(), policies: policies.length });
    const reconciled = reconcilePolicyConfig(policies, initialConfigOf(info), userConfig);
    await call(client, "configure", configureRequest(reconciled));
    if (opts.stack !== undefined) {
      const stackRequest = new AnalyzerStackConfigureRequest();
      stackRequest.setStack(opts.stack);
      stackRequest.setProject(opts.project ?? "");
      await call(client, "configureStack", stackRequest).catch(() => undefined);
    }
    const progress = progressReporter(resources.length, opts.onProgress);
    const wire = toWireResources(resources);
    // Indexed so the report order follows the program's registration order, not gRPC timing.
    const perResource: PolicyViolation[][] = [];
    await forEachBounded(wire, CONCURRENCY, async ({ request }, index) => {
      const response = await call<AnalyzeRequest, AnalyzeResponse>(client, "analyze", request);
      perResource[index] = response.getDiagnosticsList().map((d) => toViolation(d, resources[index]?.urn));
      progress.tick();
    });
    const diagnostics = perResource.flat();
    const stackRequest = new AnalyzeStackRequest();
    stackRequest.setResourcesList(wire.map((w) => w.stackEntry));
    const stackResponse = await call<AnalyzeStackRequest, AnalyzeResponse>(
      client,
      "analyzeStack",
      stackRequest,
    );
    diagnostics.push(...stackResponse.getDiagnosticsList().map((d) => toViolation(d, undefined)));
    progress.done();
    return diagnostics.filter((d) => d.enforcementLevel !== "disabled");
  } finally {
    client.close();
    await analyzer.stop();
  }
}

type Method = "getAnalyzerInfo" | "configure" | "configureStack" | "analyze" | "analyzeStack";

function call<Req, Res>(client: AnalyzerClient, method: Method, request: Req): Promise<Res> {
  return new Promise((resolve, reject) => {
    // The generated client's overloads don't narrow through a method-name union; the shapes are checked
    // by the typed wrappers around this one call site.
    const fn = (
      client[method] as unknown as (r: Req, cb: (e: grpc.ServiceError | null, res: Res) => void) => void
    ).bind(client);
    fn(request, (error, response) => {
      if (error)
        reject(
          new PolicyPackError(`analyzer ${method} failed: ${firstLines(error.details || error.message)}`),
        );
      else resolve(response);
    });
  });
}

function firstLines(text: string): string {
  return text.split("\n").slice(0, 6).join("\n");
}

function describePolicies(info: AnalyzerInfo): PolicyDescriptor[] {
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
    return descriptor;
  });
}

/**
 * The pack's `initialConfig`. On the wire an unset enforcement level reads as ADVISORY (enum zero), so an
 * entry that carries properties and ADVISORY is taken to set only properties.
 */
function initialConfigOf(info: AnalyzerInfo): Record<string, PolicyConfigEntry> {
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

function configureRequest(
  reconciled: Record<string, { enforcementLevel: EnforcementLevel; properties: Record<string, unknown> }>,
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

interface WireResource {
  request: AnalyzeRequest;
  stackEntry: AnalyzerResource;
}

function toStruct(value: Record<string, unknown>): Struct {
  return Struct.fromJavaScript(value as Parameters<typeof Struct.fromJavaScript>[0]);
}

/** Builds both wire shapes once per resource; the provider's inputs travel with each resource it manages. */
function toWireResources(resources: CapturedResource[]): WireResource[] {
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

function toViolation(diagnostic: AnalyzeDiagnostic, analyzedUrn: string | undefined): PolicyViolation {
  const violation: PolicyViolation = {
    policy: diagnostic.getPolicyname(),
    packName: diagnostic.getPolicypackname(),
    enforcementLevel: FROM_WIRE[diagnostic.getEnforcementlevel()],
    message: withoutDescription(diagnostic.getMessage(), diagnostic.getDescription()),
  };
  const urn = diagnostic.getUrn() || analyzedUrn;
  if (urn) violation.urn = urn;
  if (diagnostic.getDescription()) violation.description = diagnostic.getDescription();
  return violation;
}

/** The policy SDK prefixes every message with the policy's description and a newline; keep them apart. */
function withoutDescription(message: string, description: string): string {
  return description && message.startsWith(`${description}\n`)
    ? message.slice(description.length + 1)
    : message;
}

async function forEachBounded<T>(
  items: T[],
  limit: number,
  work: (item: T, index: number) => Promise<void>,
): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const index = next++;
      await work(items[index] as T, index);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}

function progressReporter(total: number, onProgress: ((msg: string) => void) | undefined) {
  const started = Date.now();
  let done = 0;
  let lastReport = started;
  return {
    tick(): void {
      done += 1;
      const now = Date.now();
      if (onProgress && now - started > PROGRESS_AFTER_MS && now - lastReport >= PROGRESS_AFTER_MS) {
        lastReport = now;
        onProgress(`analyzed ${done}/${total} resources (${now - started} ms)`);
      }
    },
    done(): void {
      const elapsed = Date.now() - started;
      if (onProgress && elapsed > PROGRESS_AFTER_MS) {
        onProgress(`analysis finished: ${total} resources in ${elapsed} ms`);
      }
    },
  };
}
