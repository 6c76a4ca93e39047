import { type ChildProcess, spawn } from "node:child_process";
import * as path from "node:path";
import * as grpc from "@grpc/grpc-js";
import { AnalyzerClient } from "@pulumi/pulumi/proto/analyzer_grpc_pb";
import {
  AnalyzeRequest,
  type AnalyzerInfo,
  AnalyzerResourceOptions,
  ConfigureAnalyzerRequest,
  PolicyConfig,
  EnforcementLevel as WireLevel,
} from "@pulumi/pulumi/proto/analyzer_pb";
import { Empty } from "google-protobuf/google/protobuf/empty_pb";
import { Struct } from "google-protobuf/google/protobuf/struct_pb";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { catalog, PACK_NAME } from "../../policies/policies";
import { PACK_DIR } from "./harness";

/**
 * The pack under the runner `pulumi preview --policy-pack policies` uses: @pulumi/pulumi's run-policy-pack
 * (ts-node with type checking, cwd = the pack directory), driven over gRPC like the engine. The engine passes
 * unknown config keys through to the pack, so the pack's own strict config check is what stops a typo there.
 */
const RUNNER = path.resolve(__dirname, "../../node_modules/@pulumi/pulumi/cmd/run-policy-pack");

function startRunner(): Promise<{ child: ChildProcess; port: number }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [RUNNER, "127.0.0.1:1", "."], {
      cwd: PACK_DIR,
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stderr = "";
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`run-policy-pack did not print a port within 90 s: ${stderr}`));
    }, 90_000);
    child.stderr?.on("data", (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    child.stdout?.on("data", (chunk: Buffer) => {
      const port = Number(chunk.toString().trim().split("\n")[0]);
      if (Number.isInteger(port) && port > 0) {
        clearTimeout(timer);
        resolve({ child, port });
      }
    });
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`run-policy-pack exited ${code}: ${stderr}`));
    });
  });
}

function unary<Req, Res>(client: AnalyzerClient, method: string, request: Req): Promise<Res> {
  return new Promise((resolve, reject) => {
    // The generated client's methods share one callback shape; indexing by name loses the overload types.
    const fn = (
      client as unknown as Record<string, (r: Req, cb: (e: grpc.ServiceError | null, v: Res) => void) => void>
    )[method];
    fn?.call(client, request, (error, value) => (error ? reject(error) : resolve(value)));
  });
}

function configure(policy: string, properties: Record<string, unknown>): ConfigureAnalyzerRequest {
  const request = new ConfigureAnalyzerRequest();
  const config = new PolicyConfig();
  config.setEnforcementlevel(WireLevel.MANDATORY);
  config.setProperties(Struct.fromJavaScript(properties as Parameters<typeof Struct.fromJavaScript>[0]));
  request.getPolicyconfigMap().set(policy, config);
  return request;
}

function analyzeBucket(): AnalyzeRequest {
  const request = new AnalyzeRequest();
  request.setType("aws:s3/bucket:Bucket");
  request.setUrn("urn:pulumi:dev::openclaw::aws:s3/bucket:Bucket::assets");
  request.setName("assets");
  request.setProperties(Struct.fromJavaScript({}));
  request.setOptions(new AnalyzerResourceOptions());
  return request;
}

describe("the pack under Pulumi's own run-policy-pack", () => {
  let runner: { child: ChildProcess; port: number };
  let client: AnalyzerClient;
  beforeAll(async () => {
    runner = await startRunner();
    client = new AnalyzerClient(`127.0.0.1:${runner.port}`, grpc.credentials.createInsecure());
  }, 120_000);
  afterAll(() => {
    client?.close();
    runner?.child.kill("SIGKILL");
  });

  it("loads with type checking and serves every policy in the catalog", async () => {
    const info = await unary<Empty, AnalyzerInfo>(client, "getAnalyzerInfo", new Empty());
    expect(info.getName()).toBe(PACK_NAME);
    expect(info.getPoliciesList().map((p) => p.getName())).toEqual(catalog.map((entry) => entry.policy.name));
  });

  it("rejects an unknown config key the engine lets through, naming the field", async () => {
    await unary(client, "configure", configure("cost-spot-share", { minSpotPercnt: 80 }));
    await expect(unary(client, "analyze", analyzeBucket())).rejects.toThrow(
      /invalid config for policy "cost-spot-share": unknown field "minSpotPercnt" \(allowed: minSpotPercentOutsideProd, environment, environmentTag\)/,
    );
  });

  it("rejects a wrongly typed config value, naming the field and the value", async () => {
    await unary(client, "configure", configure("cost-spot-share", { minSpotPercentOutsideProd: "eighty" }));
    await expect(unary(client, "analyze", analyzeBucket())).rejects.toThrow(
      /invalid config for policy "cost-spot-share": field "minSpotPercentOutsideProd" must be integer, got "eighty"/,
    );
  });
});
