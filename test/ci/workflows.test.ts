// biome-ignore-all lint/suspicious/noTemplateCurlyInString: the strings are GitHub Actions expressions, not JS templates
import * as fs from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";

const WORKFLOWS = path.resolve(__dirname, "../../.github/workflows");

interface Step {
  uses?: string;
  run?: string;
  with?: Record<string, unknown>;
  if?: string;
  id?: string;
  "working-directory"?: string;
}
interface Job {
  if?: string;
  needs?: string | string[];
  environment?: string;
  permissions?: Record<string, string>;
  concurrency?: { group: string; "cancel-in-progress"?: boolean };
  strategy?: { matrix: { include?: Array<Record<string, string>>; stack?: string[] } };
  steps: Step[];
}
interface Workflow {
  on: Record<string, unknown>;
  permissions?: Record<string, string>;
  jobs: Record<string, Job>;
}

function workflow(name: string): Workflow {
  return parse(fs.readFileSync(path.join(WORKFLOWS, name), "utf8")) as Workflow;
}

const uses = (job: Job | undefined, action: string) =>
  (job?.steps ?? []).filter((s) => s.uses?.startsWith(action));
const runs = (job: Job | undefined) => (job?.steps ?? []).map((s) => s.run ?? "").join("\n");
const stacks = (job: Job | undefined) => job?.strategy?.matrix.include?.map((m) => m.stack);

describe(".github/workflows/pr.yml", () => {
  const pr = workflow("pr.yml");

  it("plans the base branch and diffs the PR's cost against it, for every stack", () => {
    const plan = pr.jobs.plan;
    expect(stacks(plan)).toEqual(["dev", "prod", "prod-eu"]);
    const baseCheckout = uses(plan, "actions/checkout@").find(
      (s) => s.with?.ref === "${{ github.base_ref }}",
    );
    expect(baseCheckout?.with?.path).toBe("base");
    const base = plan?.steps.find((s) => s.id === "base");
    expect(base?.["working-directory"]).toBe("base");
    expect(base?.run).toContain("--format json --out ../base-${{ matrix.stack }}.json");
    const planStep = plan?.steps.find((s) => s.id === "plan");
    expect(planStep?.run).toContain(
      "--format markdown --out plan-${{ matrix.stack }}.md ${{ steps.base.outputs.compare }}",
    );
    expect(planStep?.run).toContain("--format sarif --out plan-${{ matrix.stack }}.sarif");
    expect(uses(plan, "github/codeql-action/upload-sarif@")[0]?.with?.sarif_file).toBe(
      "plan-${{ matrix.stack }}.sarif",
    );
    // The job fails at its end on a mandatory violation, after the reports are kept.
    expect(plan?.steps.at(-1)?.if).toBe("steps.plan.outputs.code != '0'");
  });

  it("posts one sticky comment for all stacks, updated in place", () => {
    const comment = pr.jobs.comment;
    expect(comment?.needs).toBe("plan");
    expect(comment?.if).toContain("github.event_name == 'pull_request'");
    expect(comment?.permissions?.["pull-requests"]).toBe("write");
    const sticky = uses(comment, "marocchino/sticky-pull-request-comment@");
    expect(sticky).toHaveLength(1);
    expect(sticky[0]?.with).toEqual({ header: "openclaw-plan", path: "comment.md" });
    expect(runs(comment)).toContain("for stack in dev prod prod-eu");
    // Only the comment job may write to the PR; no plan job posts its own comment.
    for (const [name, job] of Object.entries(pr.jobs)) {
      if (name !== "comment") expect(uses(job, "marocchino/"), name).toEqual([]);
    }
  });

  it("plans every example program and runs the test suite", () => {
    expect(runs(pr.jobs.examples)).toContain("for example in examples/*/; do");
    expect(runs(pr.jobs.examples)).toContain('node bin/openclaw.js plan --program "$example"');
    expect(runs(pr.jobs.test).trim()).toBe("bash .ci/run");
    expect(pr.permissions).toEqual({ contents: "read" });
  });
});

describe(".github/workflows/deploy.yml", () => {
  const deploy = workflow("deploy.yml");

  it("previews with the policy pack on pull requests", () => {
    const preview = deploy.jobs.preview;
    expect(preview?.if).toContain("github.event_name == 'pull_request'");
    const pulumi = uses(preview, "pulumi/actions@");
    expect(pulumi[0]?.with).toMatchObject({
      command: "preview",
      policyPacks: "policies",
      policyPackConfigs: "policies/config/${{ matrix.policy }}.json",
    });
    expect(stacks(preview)).toEqual(["dev", "prod", "prod-eu"]);
  });

  it("runs pulumi up on main only, behind the stack's environment", () => {
    const up = deploy.jobs.up;
    expect(up?.if).toContain("github.event_name == 'push' && github.ref == 'refs/heads/main'");
    expect(up?.environment).toBe("${{ matrix.stack }}");
    expect(uses(up, "pulumi/actions@")[0]?.with).toMatchObject({ command: "up", policyPacks: "policies" });
  });

  it("uses OIDC credentials only and one concurrency group per stack", () => {
    for (const name of ["preview", "up"]) {
      const job = deploy.jobs[name];
      expect(job?.permissions?.["id-token"], name).toBe("write");
      const aws = uses(job, "aws-actions/configure-aws-credentials@")[0]?.with ?? {};
      expect(aws["role-to-assume"], name).toBe("${{ vars.AWS_ROLE_ARN }}");
      expect(
        Object.keys(aws).filter((k) => /secret|access-key/i.test(k)),
        name,
      ).toEqual([]);
      expect(uses(job, "pulumi/auth-actions@"), name).toHaveLength(1);
      expect(job?.concurrency, name).toEqual({
        group: "pulumi-${{ matrix.stack }}",
        "cancel-in-progress": false,
      });
    }
    expect(fs.readFileSync(path.join(WORKFLOWS, "deploy.yml"), "utf8")).not.toMatch(
      /AWS_SECRET_ACCESS_KEY|PULUMI_ACCESS_TOKEN/,
    );
  });
});
