import * as fs from "node:fs";
import * as path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { analyzeResources } from "../../src/plan/analyze";
import { evaluateProgram } from "../../src/plan/evaluate";
import type { EvaluationResult, PolicyViolation } from "../../src/plan/types";
import { loadStackConfig, REPO_ROOT } from "../infra/helpers";
import { PACK_DIR } from "./harness";

function mandatory(violations: PolicyViolation[]): string[] {
  return violations
    .filter((v) => v.enforcementLevel === "mandatory")
    .map((v) => `${v.policy} → ${v.urn}: ${v.message}`);
}

/** The repository's own program (index.ts) for each stack file, judged by the pack. */
describe.each(["dev", "prod"])("the %s reference stack", (stack) => {
  let evaluation: EvaluationResult;
  beforeAll(async () => {
    evaluation = await evaluateProgram({
      program: path.join(REPO_ROOT, "index.ts"),
      stack,
      config: loadStackConfig(stack),
      // As `openclaw plan` runs it: the engine-style default providers carry the stack's aws:* config.
      defaultProviders: true,
    });
  });

  it("passes every mandatory policy with the pack's defaults", async () => {
    expect(evaluation.resources.length).toBeGreaterThan(20);
    const violations = await analyzeResources(evaluation.resources, { packDir: PACK_DIR });
    expect(mandatory(violations)).toEqual([]);
  });

  it(`passes every mandatory policy with policies/config/${stack}.json`, async () => {
    const policyConfig = JSON.parse(fs.readFileSync(path.join(PACK_DIR, "config", `${stack}.json`), "utf8"));
    const violations = await analyzeResources(evaluation.resources, { packDir: PACK_DIR, policyConfig });
    expect(mandatory(violations)).toEqual([]);
  });
});

describe("a prod stack whose EKS endpoint is opened to the internet", () => {
  it("is caught by the pack (eks-private-endpoint), with the config's allow-list kept", async () => {
    const evaluation = await evaluateProgram({
      program: path.join(REPO_ROOT, "index.ts"),
      stack: "prod",
      config: { ...loadStackConfig("prod"), "openclaw:clusterPublicAccessCidrs": '["198.51.100.0/24"]' },
      defaultProviders: true,
    });
    const violations = await analyzeResources(evaluation.resources, { packDir: PACK_DIR });
    expect(mandatory(violations)).toEqual([
      "eks-private-endpoint → urn:pulumi:prod::openclaw::openclaw:infra:Cluster$aws:eks/cluster:Cluster::cluster-eks: " +
        "vpcConfig.endpointPublicAccess is true in prod; set it to false.",
    ]);
  });
});
