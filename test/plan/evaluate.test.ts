import * as path from "node:path";
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { describe, expect, it } from "vitest";
import { ProgramError } from "../../src/plan/errors";
import { evaluateProgram } from "../../src/plan/evaluate";
import type { CapturedResource } from "../../src/plan/types";

const programs = path.join(__dirname, "..", "fixtures", "programs");
const storageSite = path.join(programs, "storage-site.ts");

function byName(resources: CapturedResource[], name: string): CapturedResource {
  const found = resources.find((r) => r.name === name);
  if (!found) throw new Error(`no resource named ${name} in ${resources.map((r) => r.name).join(", ")}`);
  return found;
}

describe("evaluateProgram", () => {
  it("captures the stack, components, children with parent URNs, providers and dependencies", async () => {
    const result = await evaluateProgram({ program: storageSite, stack: "dev" });
    const { resources } = result;
    expect(result.project).toBe("openclaw");

    const stack = byName(resources, "openclaw-dev");
    expect(stack).toMatchObject({ type: "pulumi:pulumi:Stack", custom: false });
    expect(stack.urn).toBe("urn:pulumi:dev::openclaw::pulumi:pulumi:Stack::openclaw-dev");

    const component = byName(resources, "site-storage");
    expect(component).toMatchObject({ type: "openclaw:test:SiteStorage", custom: false, parent: stack.urn });
    expect(component.urn).toBe("urn:pulumi:dev::openclaw::openclaw:test:SiteStorage::site-storage");

    const bucket = byName(resources, "site-storage-bucket");
    expect(bucket.parent).toBe(component.urn);
    expect(bucket.urn).toBe(
      "urn:pulumi:dev::openclaw::openclaw:test:SiteStorage$aws:s3/bucket:Bucket::site-storage-bucket",
    );

    const provider = byName(resources, "tagged");
    expect(provider.type).toBe("pulumi:providers:aws");
    // Provider inputs reach the engine JSON-encoded; the capture keeps them as sent.
    expect(JSON.parse(String(provider.inputs.defaultTags))).toEqual({
      tags: { team: "platform", environment: "dev" },
    });
    expect(bucket.provider?.startsWith(`${provider.urn}::`)).toBe(true);

    const versioning = byName(resources, "site-storage-versioning");
    expect(versioning.dependencies).toContain(bucket.urn);
    expect(versioning.propertyDependencies?.bucket).toEqual([bucket.urn]);
    // An Output-valued input arrives resolved to the mocked physical name.
    expect(versioning.inputs.bucket).toMatch(/^site-storage-bucket-[0-9a-f]{7}$/);

    const lifecycle = byName(resources, "site-storage-lifecycle");
    expect(lifecycle.dependencies).toContain(bucket.urn);

    expect(result.outputs.bucketName).toBe(versioning.inputs.bucket);
    expect(result.outputs.logsArn).toMatch(/^arn:aws:s3:::site-logs-[0-9a-f]{7}$/);
  });

  it("passes config to the program and does not leak it into the next evaluation", async () => {
    const configured = await evaluateProgram({
      program: storageSite,
      stack: "prod",
      config: { "openclaw:prefix": "blue", "openclaw:retentionDays": "7" },
    });
    expect(configured.stack).toBe("prod");
    expect(configured.resources.map((r) => r.name)).toContain("blue-logs");
    const rules = byName(configured.resources, "blue-storage-lifecycle").inputs.rules as Array<{
      expiration: { days: number };
    }>;
    expect(rules[0]?.expiration.days).toBe(7);

    const plain = await evaluateProgram({ program: storageSite, stack: "dev" });
    expect(plain.resources.map((r) => r.name)).toContain("site-logs");
    expect(plain.resources.map((r) => r.name)).not.toContain("blue-logs");
    expect(plain.resources.every((r) => r.urn.startsWith("urn:pulumi:dev::openclaw::"))).toBe(true);
    // Same program, same count: nothing from the previous run was captured twice.
    expect(plain.resources).toHaveLength(configured.resources.length);
  });

  it("runs a function program, unwraps secrets and uses the configured region in ARNs", async () => {
    const result = await evaluateProgram({
      program: () => {
        const role = new aws.iam.Role("svc", { assumeRolePolicy: pulumi.secret("{}") });
        const key = new aws.kms.Key("data", { description: "data key" });
        return { roleArn: role.arn, keyArn: key.arn };
      },
      stack: "dev",
      project: "other",
      config: { "aws:region": "eu-central-1" },
    });
    expect(byName(result.resources, "svc").inputs.assumeRolePolicy).toBe("{}");
    expect(result.outputs.roleArn).toMatch(/^arn:aws:iam::123456789012:role\/svc-[0-9a-f]{7}$/);
    expect(result.outputs.keyArn).toMatch(/^arn:aws:kms:eu-central-1:123456789012:key\//);
    expect(byName(result.resources, "svc").urn).toBe("urn:pulumi:dev::other::aws:iam/role:Role::svc");
  });

  it("adds the engine's default provider, configured from the package's keys, when asked", async () => {
    const program = () => {
      new aws.s3.Bucket("plain");
      new aws.s3.Bucket("again");
    };
    const config = {
      "aws:region": "eu-west-1",
      "aws:defaultTags": '{"tags":{"team":"ops"}}',
      "openclaw:x": "1",
    };
    const without = await evaluateProgram({ program, stack: "dev", config });
    expect(byName(without.resources, "plain").provider).toBeUndefined();

    const result = await evaluateProgram({ program, stack: "dev", config, defaultProviders: true });
    expect(result.resources.map((r) => r.name)).toEqual(["openclaw-dev", "default_7_48_0", "plain", "again"]);
    const provider = byName(result.resources, "default_7_48_0");
    expect(provider).toMatchObject({
      urn: "urn:pulumi:dev::openclaw::pulumi:providers:aws::default_7_48_0",
      type: "pulumi:providers:aws",
      custom: true,
      inputs: { region: "eu-west-1", defaultTags: '{"tags":{"team":"ops"}}', version: "7.48.0" },
    });
    expect(byName(result.resources, "plain").provider).toMatch(
      /^urn:pulumi:dev::openclaw::pulumi:providers:aws::default_7_48_0::[0-9a-f-]{36}$/,
    );
    expect(byName(result.resources, "again").provider).toBe(byName(result.resources, "plain").provider);
    // Components and the stack get no provider.
    expect(byName(result.resources, "openclaw-dev").provider).toBeUndefined();
  });

  it("marks outputs the mocks don't know as unknown in a preview", async () => {
    const result = await evaluateProgram({
      preview: true,
      stack: "dev",
      program: () => {
        const bucket = new aws.s3.Bucket("site");
        // The mocks don't set websiteEndpoint, so during a preview it is unknown, and so is what derives from it.
        new aws.s3.BucketPolicy("site-policy", {
          bucket: bucket.id,
          policy: bucket.websiteEndpoint.apply((e) => JSON.stringify({ endpoint: e })),
        });
      },
    });
    expect(byName(result.resources, "site-policy").inputs).toEqual({
      bucket: expect.stringMatching(/^site-[0-9a-f]{7}$/),
      policy: pulumi.runtime.unknownValue,
    });
  });

  it("reports a program that throws at load as a ProgramError naming the file and line", async () => {
    const file = path.join(programs, "throws.ts");
    const error = await evaluateProgram({ program: file, stack: "dev" }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ProgramError);
    const programError = error as ProgramError;
    expect(programError.reason).toBe("missing required setting openclaw:domain");
    expect(programError.location?.file).toBe(file);
    expect(programError.location?.line).toBe(7);
  });

  it("gives up on a program that never settles, and stays usable", async () => {
    const error = (await evaluateProgram({
      program: () => {
        new aws.s3.Bucket("waiting");
        return new Promise(() => undefined);
      },
      stack: "dev",
      timeoutMs: 300,
    }).catch((e: unknown) => e)) as ProgramError;
    expect(error).toBeInstanceOf(ProgramError);
    expect(error.reason).toBe("did not finish within 300 ms (a promise or Output that never settles?)");
    const after = await evaluateProgram({ program: storageSite, stack: "dev" });
    expect(after.resources.map((r) => r.name)).toContain("site-logs");
    expect(after.resources.map((r) => r.name)).not.toContain("waiting");
  });

  it("reports a failure inside apply as a ProgramError with the callback's line", async () => {
    const file = path.join(programs, "throws-in-apply.ts");
    const error = (await evaluateProgram({ program: file, stack: "dev" }).catch(
      (e: unknown) => e,
    )) as ProgramError;
    expect(error).toBeInstanceOf(ProgramError);
    expect(error.reason).toMatch(/^cannot use arn:aws:s3:::applied-/);
    expect(error.location).toMatchObject({ file, line: 6 });
    // The runtime is usable again after a failed evaluation.
    const after = await evaluateProgram({ program: storageSite, stack: "dev" });
    expect(after.resources.length).toBeGreaterThan(5);
  });
});
