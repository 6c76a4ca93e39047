import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { analyzeResources } from "../../src/plan/analyze";
import { evaluateProgram } from "../../src/plan/evaluate";
import { loadStackConfig, REPO_ROOT } from "../infra/helpers";
import { PACK_DIR } from "./harness";

/** The repository's own program (index.ts) for each stack file, judged by the pack. */
describe.each(["dev", "prod"])("the %s reference stack", (stack) => {
  it("passes every mandatory policy", async () => {
    const evaluation = await evaluateProgram({
      program: path.join(REPO_ROOT, "index.ts"),
      stack,
      config: loadStackConfig(stack),
    });
    expect(evaluation.resources.length).toBeGreaterThan(20);
    const violations = await analyzeResources(evaluation.resources, { packDir: PACK_DIR });
    const mandatory = violations
      .filter((v) => v.enforcementLevel === "mandatory")
      .map((v) => `${v.policy} → ${v.urn}: ${v.message}`);
    expect(mandatory).toEqual([]);
  });
});
