// The reference stacks and every example pass the repo's own CrossGuard pack with no mandatory
// violation, judged the way `pulumi preview --policy-pack policies` would (through the analyzer protocol).
import * as fs from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { analyzeResources } from "../../src/plan/analyze";
import { evaluateProgram } from "../../src/plan/evaluate";
import type { EvaluationResult } from "../../src/plan/types";
import { exampleConfig } from "./example-config";
import { evaluatePlatform, REPO_ROOT } from "./helpers";

const PACK_DIR = path.join(REPO_ROOT, "policies");
const EXAMPLES_DIR = path.join(REPO_ROOT, "examples");

async function mandatoryViolations(result: EvaluationResult): Promise<string[]> {
  const violations = await analyzeResources(result.resources, {
    packDir: PACK_DIR,
    stack: result.stack,
    project: result.project,
  });
  return violations
    .filter((v) => v.enforcementLevel === "mandatory")
    .map((v) => `${v.policy} on ${v.urn?.split("::").pop() ?? "stack"}: ${v.message}`);
}

describe("policy compliance", () => {
  it.each(["dev", "prod"])("the %s stack has no mandatory violation", async (stack) => {
    expect(await mandatoryViolations(await evaluatePlatform(stack))).toEqual([]);
  });

  const examples = fs
    .readdirSync(EXAMPLES_DIR)
    .filter((d) => fs.existsSync(path.join(EXAMPLES_DIR, d, "index.ts")));
  it.each(examples)("examples/%s has no mandatory violation", async (example) => {
    const result = await evaluateProgram({
      program: path.join(EXAMPLES_DIR, example, "index.ts"),
      stack: example,
      config: exampleConfig(example),
    });
    expect(await mandatoryViolations(result)).toEqual([]);
  });

  it("catches a real violation (the check can fail)", async () => {
    const result = await evaluatePlatform("dev", { "openclaw:natGateways": "one-per-az" });
    expect((await mandatoryViolations(result)).join("\n")).toMatch(/nat/i);
  });
});
