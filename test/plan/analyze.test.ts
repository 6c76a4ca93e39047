import * as path from "node:path";
import * as aws from "@pulumi/aws";
import { beforeAll, describe, expect, it } from "vitest";
import { analyzeResources } from "../../src/plan/analyze";
import { startAnalyzer } from "../../src/plan/analyzer-process";
import { PolicyPackError } from "../../src/plan/errors";
import { evaluateProgram } from "../../src/plan/evaluate";
import type { CapturedResource, PolicyViolation } from "../../src/plan/types";

const fixtures = path.join(__dirname, "..", "fixtures");
const packDir = path.join(fixtures, "policy-pack");

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

function summary(violations: PolicyViolation[]): string[] {
  return violations.map((v) => `${v.policy}/${v.enforcementLevel}/${v.urn?.split("::").pop() ?? "-"}`).sort();
}

// One evaluation for the file: retentionDays 120 exceeds the lifecycle policy's default maxDays (90).
let resources: CapturedResource[] = [];
beforeAll(async () => {
  const result = await evaluateProgram({
    program: path.join(fixtures, "programs", "storage-site.ts"),
    stack: "dev",
    config: { "openclaw:retentionDays": "120" },
  });
  resources = result.resources;
});

describe("analyzeResources", () => {
  it("runs resource and stack policies with schema defaults, initial config, parents and providers", async () => {
    let pid = -1;
    let info: unknown;
    const violations = await analyzeResources(resources, {
      packDir,
      stack: "dev",
      project: "openclaw",
      onAnalyzerStarted: (p) => {
        pid = p;
      },
      onAnalyzerInfo: (i) => {
        info = i;
      },
    });
    expect(info).toEqual({ name: "openclaw-fixture", version: "0.1.0", policies: 6 });
    expect(summary(violations)).toEqual([
      "buckets-versioned/mandatory/site-logs",
      "lifecycle-within-limit/advisory/site-storage-lifecycle",
      // Not site-storage-bucket: its provider's defaultTags carry the team tag.
      "team-tag/advisory/site-logs",
    ]);
    const lifecycle = violations.find((v) => v.policy === "lifecycle-within-limit");
    // maxDays from the schema default, label from the pack's initial config.
    expect(lifecycle?.message).toBe("pack-label: expiration after 120 days exceeds maxDays 90.");
    expect(lifecycle?.description).toBe("Checks whether lifecycle expirations stay within maxDays.");
    expect(lifecycle?.packName).toBe("openclaw-fixture");
    // The stack policy saw the parent resolved to the root stack.
    expect(violations.find((v) => v.policy === "buckets-versioned")?.message).toBe(
      "Bucket site-logs (parent type pulumi:pulumi:Stack) has no versioning.",
    );
    // The resource policy saw the parent URN in its options.
    expect(violations.find((v) => v.policy === "team-tag")?.message).toBe(
      "Bucket site-logs has no team tag (parent urn:pulumi:dev::openclaw::pulumi:pulumi:Stack::openclaw-dev).",
    );
    expect(pid).toBeGreaterThan(0);
    expect(isAlive(pid)).toBe(false);
  });

  it("applies the user's config over the pack's: properties, enforcement levels, all", async () => {
    const violations = await analyzeResources(resources, {
      packDir,
      policyConfig: {
        all: "advisory",
        "lifecycle-within-limit": { maxDays: 100, label: "user-label" },
        "team-tag": "disabled",
        "always-fails": "mandatory",
      },
    });
    const lifecycle = violations.find((v) => v.policy === "lifecycle-within-limit");
    expect(lifecycle?.message).toBe("user-label: expiration after 120 days exceeds maxDays 100.");
    expect(violations.some((v) => v.policy === "team-tag")).toBe(false);
    // "all" lowered the stack policy; the policy's own entry re-enabled always-fails above "all".
    expect(violations.find((v) => v.policy === "buckets-versioned")?.enforcementLevel).toBe("advisory");
    const alwaysFails = violations.filter((v) => v.policy === "always-fails");
    expect(alwaysFails).toHaveLength(resources.length);
    expect(alwaysFails.every((v) => v.enforcementLevel === "mandatory")).toBe(true);
  });

  it("uses a pack process started ahead (loaded while the program evaluated) and stops it", async () => {
    const started = startAnalyzer(packDir);
    const { pid } = await started;
    const violations = await analyzeResources(resources, { packDir, analyzer: started });
    expect(violations.some((v) => v.policy === "buckets-versioned")).toBe(true);
    expect(isAlive(pid)).toBe(false);

    // Also when the user's config is rejected before any RPC.
    const again = startAnalyzer(packDir);
    const second = (await again).pid;
    await expect(
      analyzeResources(resources, { packDir, analyzer: again, policyConfig: { "team-tag": 42 } }),
    ).rejects.toThrow("policy config: team-tag: expected an enforcement level or an object, got 42");
    expect(isAlive(second)).toBe(false);
  });

  it("keeps a policy disabled by the pack's initial config silent", async () => {
    const violations = await analyzeResources(resources, { packDir });
    expect(violations.some((v) => v.policy === "always-fails")).toBe(false);
  });

  it("rejects an unknown policy name, naming it", async () => {
    await expect(
      analyzeResources(resources, { packDir, policyConfig: { "team-tags": "advisory" } }),
    ).rejects.toThrow(/unknown policy "team-tags"; the pack has: always-fails, buckets-versioned/);
  });

  it("rejects a value of the wrong type, naming the policy and the field", async () => {
    let pid = -1;
    const error = await analyzeResources(resources, {
      packDir,
      policyConfig: { "lifecycle-within-limit": { maxDays: "ninety" } },
      onAnalyzerStarted: (p) => {
        pid = p;
      },
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PolicyPackError);
    expect((error as Error).message).toBe(
      'policy config: lifecycle-within-limit.maxDays: value "ninety" must be integer',
    );
    expect(isAlive(pid)).toBe(false);
  });

  it("rejects a property the policy does not declare, and a bad enforcement level", async () => {
    await expect(
      analyzeResources(resources, { packDir, policyConfig: { "lifecycle-within-limit": { maxDay: 3 } } }),
    ).rejects.toThrow(
      /lifecycle-within-limit\.maxDay: policy "lifecycle-within-limit" has no config property/,
    );
    await expect(
      analyzeResources(resources, { packDir, policyConfig: { "team-tag": "strict" } }),
    ).rejects.toThrow(
      /team-tag: enforcement level "strict" is not one of advisory, mandatory, remediate, disabled/,
    );
  });

  it("reports a policy that reads an unknown value during a preview as advisory, like the engine", async () => {
    const preview = await evaluateProgram({
      preview: true,
      stack: "dev",
      program: () => {
        const source = new aws.s3.Bucket("source");
        new aws.s3.Bucket("mirror", { acl: source.websiteEndpoint });
      },
    });
    const violations = await analyzeResources(preview.resources, { packDir });
    const unknown = violations.find((v) => v.policy === "no-public-bucket");
    expect(unknown?.enforcementLevel).toBe("advisory");
    expect(unknown?.urn).toBe("urn:pulumi:dev::openclaw::aws:s3/bucket:Bucket::mirror");
    expect(unknown?.message).toMatch(
      /^can't run policy 'no-public-bucket' from policy pack 'openclaw-fixture@v0.1.0' during preview/,
    );
  });

  it("stops the analyzer when a policy throws during analysis", async () => {
    const bombed = await evaluateProgram({
      program: () => {
        new aws.s3.Bucket("policy-bomb");
      },
      stack: "dev",
    });
    let pid = -1;
    const error = await analyzeResources(bombed.resources, {
      packDir,
      onAnalyzerStarted: (p) => {
        pid = p;
      },
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PolicyPackError);
    expect((error as Error).message).toMatch(/analyzer analyze failed: .*throws-on-bomb/s);
    expect((error as Error).message).toContain("policy bug triggered by policy-bomb");
    expect(pid).toBeGreaterThan(0);
    expect(isAlive(pid)).toBe(false);
  });

  it("reports a pack that fails to load with its error", async () => {
    await expect(
      analyzeResources(resources, { packDir: path.join(fixtures, "policy-pack-broken") }),
    ).rejects.toThrow(/exited \(code \d+\) before serving: [\s\S]*Error: broken pack: cannot load policies/);
    await expect(
      analyzeResources(resources, { packDir: path.join(fixtures, "no-such-pack") }),
    ).rejects.toThrow(/no-such-pack has no package.json/);
  });
});
