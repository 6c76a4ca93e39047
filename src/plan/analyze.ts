import * as grpc from "@grpc/grpc-js";
import { AnalyzerClient } from "@pulumi/pulumi/proto/analyzer_grpc_pb";
import {
  type AnalyzeRequest,
  type AnalyzeResponse,
  type AnalyzerInfo,
  AnalyzerStackConfigureRequest,
  AnalyzeStackRequest,
} from "@pulumi/pulumi/proto/analyzer_pb";
import { Empty } from "google-protobuf/google/protobuf/empty_pb";
import { type AnalyzerProcess, startAnalyzer } from "./analyzer-process";
import {
  configureRequest,
  describePolicies,
  initialConfigOf,
  toViolation,
  toWireResources,
} from "./analyzer-wire";
import { PolicyPackError } from "./errors";
import { parsePolicyConfig, reconcilePolicyConfig } from "./policy-config";
import { progressReporter } from "./progress";
import type { CapturedResource, PolicyViolation } from "./types";

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
  /**
   * The pack's process, already starting (from `startAnalyzer(packDir)`): lets a caller load the pack while
   * it evaluates the program. Stopped at the end like one started here.
   */
  analyzer?: Promise<AnalyzerProcess>;
  /**
   * Policy properties that come from the stack's own config (e.g. `cost-monthly-budget.monthlyBudgetUsd`
   * from `<project>:monthlyBudgetUsd`): applied beneath the user's policy config, and only to policies
   * the pack has, so another pack is not refused for them.
   */
  stackPolicyConfig?: Record<string, Record<string, unknown>>;
  /** Passed to the pack through ConfigureStack, as the engine does. */
  stack?: string;
  project?: string;
}

/** How many Analyze calls are in flight at once: enough to hide the round trip, few enough to stay gentle. */
const CONCURRENCY = 16;

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
  const starting = opts.analyzer ?? startAnalyzer(opts.packDir);
  let userConfig: ReturnType<typeof parsePolicyConfig>;
  try {
    userConfig = parsePolicyConfig(opts.policyConfig ?? {}, "policy config");
  } catch (error) {
    await starting.then((a) => a.stop()).catch(() => undefined);
    throw error;
  }
  const analyzer = await starting;
  opts.onAnalyzerStarted?.(analyzer.pid);
  const client = new AnalyzerClient(`127.0.0.1:${analyzer.port}`, grpc.credentials.createInsecure(), {
    "grpc.max_receive_message_length": 400 * 1024 * 1024,
    "grpc.max_send_message_length": 400 * 1024 * 1024,
  });
  try {
    const info = await call<Empty, AnalyzerInfo>(client, "getAnalyzerInfo", new Empty());
    const policies = describePolicies(info);
    const policyByName = new Map(policies.map((p) => [p.name, p]));
    opts.onAnalyzerInfo?.({ name: info.getName(), version: info.getVersion(), policies: policies.length });
    for (const [name, properties] of Object.entries(opts.stackPolicyConfig ?? {})) {
      if (!policyByName.has(name)) continue;
      const entry = userConfig[name];
      userConfig[name] = { ...entry, properties: { ...properties, ...entry?.properties } };
    }
    const reconciled = reconcilePolicyConfig(policies, initialConfigOf(info), userConfig);
    await call(client, "configure", configureRequest(reconciled));
    if (opts.stack !== undefined) {
      const stackRequest = new AnalyzerStackConfigureRequest();
      stackRequest.setStack(opts.stack);
      stackRequest.setProject(opts.project ?? "");
      // Optional in the protocol (packs built with older SDKs don't implement it); the engine ignores that too.
      await call(client, "configureStack", stackRequest).catch(() => undefined);
    }
    const progress = progressReporter(resources.length, opts.onProgress);
    const wire = toWireResources(resources);
    // Indexed so the report order follows the program's registration order, not gRPC timing.
    const perResource: PolicyViolation[][] = [];
    await forEachBounded(wire, CONCURRENCY, async ({ request }, index) => {
      const response = await call<AnalyzeRequest, AnalyzeResponse>(client, "analyze", request);
      perResource[index] = response
        .getDiagnosticsList()
        .map((d) => toViolation(d, resources[index]?.urn, policyByName.get(d.getPolicyname())));
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
    diagnostics.push(
      ...stackResponse
        .getDiagnosticsList()
        .map((d) => toViolation(d, undefined, policyByName.get(d.getPolicyname()))),
    );
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
