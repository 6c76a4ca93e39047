import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { describe, expect, it } from "vitest";
import { evaluateProgram } from "../../../src/plan/evaluate";
import { buildReport, type CostSection } from "../../../src/plan/report";
import { renderJson } from "../../../src/plan/reporters/json";
import { LOGS_URN, sampleReport } from "./sample-report";

describe("renderJson", () => {
  it("follows the interface contract: stack, resources{urn,type,name}, violations", () => {
    const body = JSON.parse(renderJson(sampleReport())) as Record<string, unknown>;
    expect(body.stack).toBe("dev");
    expect((body.resources as unknown[])[3]).toEqual({
      urn: LOGS_URN,
      type: "aws:s3/bucket:Bucket",
      name: "logs",
      custom: true,
      parent: "urn:pulumi:dev::openclaw::pulumi:pulumi:Stack::openclaw-dev",
      inputs: {},
    });
    expect((body.violations as unknown[])[0]).toEqual({
      policy: "required-tags",
      enforcementLevel: "mandatory",
      urn: LOGS_URN,
      message: "Missing tags: owner | cost-center\nAdd them to the provider's defaultTags.",
      packName: "openclaw",
      description: "Checks whether every resource carries the required tags.",
      remediation: "Add the tags to the provider's defaultTags.",
      severity: "medium",
    });
    // No cost model ran: the cost section is absent rather than invented.
    expect("cost" in body).toBe(false);
  });

  it("passes a cost section through when a cost model filled it", () => {
    const cost: CostSection = {
      currency: "USD",
      monthly: { expected: 12.5, low: 10, high: 20 },
      byResource: [{ urn: LOGS_URN, monthly: { expected: 12.5, low: 10, high: 20 }, basis: "test basis" }],
    };
    const report = { ...sampleReport(), cost };
    const body = JSON.parse(renderJson(report)) as { cost: CostSection };
    expect(body.cost).toEqual(cost);
  });
});

describe("renderJson: resource inputs", () => {
  /** The JSON report of a program evaluated as `openclaw plan` does, or as a preview. */
  async function planJson(preview: boolean, program: () => void) {
    const evaluation = await evaluateProgram({ program, stack: "dev", preview, defaultProviders: true });
    const report = buildReport({ evaluation, program: "inline", violations: [], policies: { ran: false } });
    const body = JSON.parse(renderJson(report)) as {
      resources: Array<{ name: string; inputs?: Record<string, unknown> }>;
    };
    return (name: string) => body.resources.find((r) => r.name === name)?.inputs;
  }

  const program = () => {
    const bucket = new aws.s3.Bucket("site", { forceDestroy: true, tags: { team: "web", tier: "gold" } });
    new aws.s3.BucketPolicy("site-policy", {
      bucket: bucket.id,
      // The mocks don't set websiteEndpoint: unknown in a preview, a value in a plan.
      policy: bucket.websiteEndpoint.apply((endpoint) => JSON.stringify({ endpoint })),
    });
    new aws.ssm.Parameter("db-password", {
      type: "SecureString",
      value: pulumi.secret("hunter2-do-not-print"),
      tags: { team: "web" },
    });
  };

  it("shows plain values as given, a secret as [secret] and a deploy-time value as [unknown]", async () => {
    const inputsOf = await planJson(true, program);
    expect(inputsOf("site")).toEqual({ forceDestroy: true, tags: { team: "web", tier: "gold" } });
    expect(inputsOf("site-policy")).toEqual({
      bucket: expect.stringMatching(/^site-[0-9a-f]{7}$/),
      policy: "[unknown]",
    });
    expect(inputsOf("db-password")).toEqual({
      type: "SecureString",
      value: "[secret]",
      tags: { team: "web" },
    });
    // The default provider the engine adds hides nothing: its inputs are shown as captured.
    expect(inputsOf("default_7_48_0")).toMatchObject({ version: "7.48.0" });
  });

  it("never prints a secret's value anywhere in the report", async () => {
    const evaluation = await evaluateProgram({ program, stack: "dev" });
    const report = buildReport({ evaluation, program: "inline", violations: [], policies: { ran: false } });
    expect(renderJson(report)).not.toContain("hunter2");
    // The analyzer still gets the value: policies judge what will be deployed.
    expect(evaluation.resources.find((r) => r.name === "db-password")?.inputs.value).toBe(
      "hunter2-do-not-print",
    );
  });

  it("shows what the apply made outside a preview, where nothing is unknown", async () => {
    const inputsOf = await planJson(false, program);
    // The mocks give no websiteEndpoint, so the apply ran with undefined.
    expect(inputsOf("site-policy")?.policy).toBe("{}");
  });
});
