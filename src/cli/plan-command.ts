import * as fs from "node:fs";
import * as path from "node:path";
import { type ComparableCost, compareCosts, parseComparableReport } from "../cost/compare";
import { type EstimateOptions, estimateCost } from "../cost/estimate";
import { pricesFor, UnknownRegionError } from "../cost/prices";
import { stackRegion } from "../cost/region";
import type { BudgetBasis, CostReport } from "../cost/types";
import { analyzeResources } from "../plan/analyze";
import { type AnalyzerProcess, startAnalyzer } from "../plan/analyzer-process";
import { UsageError } from "../plan/errors";
import { evaluateProgram } from "../plan/evaluate";
import { buildReport, type CostSection, type PolicyRunInfo, planExitCode } from "../plan/report";
import { type ReportFormat, renderReport } from "../plan/reporters";
import type { EvaluationResult, PolicyViolation } from "../plan/types";
import { costOptionsFromConfig } from "./cost-options";
import { resolveStackConfig } from "./stack-config";

export interface PlanCommandOptions {
  stack?: string;
  program?: string;
  config: string[];
  format: ReportFormat;
  out?: string;
  policyPack?: string;
  policyConfig?: string;
  /** false with --no-policies. */
  policies: boolean;
  /** `--compare <baseline.json>`: an earlier plan's JSON report to diff the cost against. */
  compare?: string;
}

export interface PlanContext {
  /** The repository root: default program (index.ts) and default pack (policies/). */
  repoRoot: string;
  toolVersion: string;
  stdout: (text: string) => void;
  stderr: (line: string) => void;
}

function relativeToCwd(file: string): string {
  const rel = path.relative(process.cwd(), file);
  return rel === "" || rel.startsWith("..") || path.isAbsolute(rel) ? file : rel;
}

/** The program file: `--program` (a file, or a project directory holding index.ts) or the repo's index.ts. */
function resolveProgram(program: string | undefined, repoRoot: string): string {
  let file = path.resolve(program ?? path.join(repoRoot, "index.ts"));
  if (fs.existsSync(file) && fs.statSync(file).isDirectory()) file = path.join(file, "index.ts");
  if (!fs.existsSync(file) || !fs.statSync(file).isFile()) {
    throw new UsageError(`program ${program ?? relativeToCwd(file)}: no such file`);
  }
  return file;
}

function resolvePack(opts: PlanCommandOptions, repoRoot: string): string | undefined {
  if (!opts.policies) return undefined;
  if (opts.policyPack !== undefined) {
    const dir = path.resolve(opts.policyPack);
    if (!fs.existsSync(dir) || !fs.statSync(dir).isDirectory()) {
      throw new UsageError(`--policy-pack ${opts.policyPack}: no such directory`);
    }
    return dir;
  }
  const repoPack = path.join(repoRoot, "policies");
  return fs.existsSync(path.join(repoPack, "package.json")) ? repoPack : undefined;
}

function readPolicyConfig(file: string | undefined): Record<string, unknown> | undefined {
  if (file === undefined) return undefined;
  if (!fs.existsSync(file)) throw new UsageError(`--policy-config ${file}: no such file`);
  let parsed: unknown;
  try {
    parsed = JSON.parse(fs.readFileSync(file, "utf8"));
  } catch (error) {
    throw new UsageError(`--policy-config ${file}: invalid JSON: ${(error as Error).message}`);
  }
  if (parsed === null || typeof parsed !== "object" || Array.isArray(parsed)) {
    throw new UsageError(`--policy-config ${file}: expected a JSON object keyed by policy name`);
  }
  return parsed as Record<string, unknown>;
}

/** The baseline report of `--compare`; a missing or malformed file is a usage error (exit 2). */
function readBaseline(file: string | undefined): ComparableCost | undefined {
  if (file === undefined) return undefined;
  if (!fs.existsSync(file) || !fs.statSync(file).isFile())
    throw new UsageError(`--compare ${file}: no such file`);
  try {
    return parseComparableReport(fs.readFileSync(file, "utf8"));
  } catch (error) {
    throw new UsageError(`--compare ${file}: ${(error as Error).message}`);
  }
}

const BUDGET_POLICY = "cost-monthly-budget";

/**
 * The stack's budget and usage as the budget policy's config, so the pack judges exactly what the cost
 * section shows. The user's policy config, when it sets them, wins.
 */
function budgetPolicyConfig(costOptions: EstimateOptions): Record<string, Record<string, unknown>> {
  const properties: Record<string, unknown> = {};
  if (costOptions.monthlyBudgetUsd !== undefined) properties.monthlyBudgetUsd = costOptions.monthlyBudgetUsd;
  if (costOptions.usage !== undefined) properties.usage = costOptions.usage;
  if (costOptions.region !== undefined) properties.region = costOptions.region;
  return properties.monthlyBudgetUsd === undefined ? {} : { [BUDGET_POLICY]: properties };
}

/** `budgetBasis` of the budget policy's entry in the user's policy config, if set. */
function budgetBasisOf(policyConfig: Record<string, unknown> | undefined): BudgetBasis | undefined {
  const entry = policyConfig?.[BUDGET_POLICY];
  if (entry === null || typeof entry !== "object") return undefined;
  const basis = (entry as Record<string, unknown>).budgetBasis;
  return basis === "high" || basis === "expected" ? basis : undefined;
}

interface PolicyRunOptions {
  packDir: string | undefined;
  analyzer: Promise<AnalyzerProcess> | undefined;
  policyConfig: Record<string, unknown> | undefined;
  stackPolicyConfig: Record<string, Record<string, unknown>>;
  stack: string;
  project: string;
  explicitPack: boolean;
  policiesWanted: boolean;
  stderr: (line: string) => void;
}

/** Runs the pack over the evaluated resources, or says why it didn't. */
async function runPolicies(
  evaluation: EvaluationResult,
  opts: PolicyRunOptions,
): Promise<{ violations: PolicyViolation[]; policies: PolicyRunInfo }> {
  const policies: PolicyRunInfo = { ran: false };
  if (opts.packDir === undefined) {
    if (opts.policiesWanted && !opts.explicitPack) {
      opts.stderr("note: no policy pack found (policies/package.json); policies not run");
    }
    return { violations: [], policies };
  }
  const violations = await analyzeResources(evaluation.resources, {
    packDir: opts.packDir,
    ...(opts.analyzer ? { analyzer: opts.analyzer } : {}),
    ...(opts.policyConfig ? { policyConfig: opts.policyConfig } : {}),
    stackPolicyConfig: opts.stackPolicyConfig,
    stack: opts.stack,
    project: opts.project,
    onProgress: opts.stderr,
    onAnalyzerInfo: (info) => {
      policies.packName = info.name;
      policies.packVersion = info.version;
      policies.policyCount = info.policies;
    },
  });
  policies.ran = true;
  policies.packDir = relativeToCwd(opts.packDir);
  return { violations, policies };
}

/** The cost model's report as the plan report's (mutable) cost section, with the comparison if asked. */
function toCostSection(cost: CostReport, baseline: ComparableCost | undefined): CostSection {
  return {
    ...cost,
    byResource: [...cost.byResource],
    assumptions: [...cost.assumptions],
    priceTable: { ...cost.priceTable },
    ...(cost.budget ? { budget: { ...cost.budget } } : {}),
    ...(baseline ? { compare: compareCosts(baseline, cost) } : {}),
  };
}

/**
 * Without `aws:region` the stack's AWS providers say where it deploys (the budget policy reads them the
 * same way), so the plan prices what the pack judges.
 */
function withStackRegion(options: EstimateOptions, evaluation: EvaluationResult): EstimateOptions {
  if (options.region !== undefined) return options;
  const region = stackRegion(evaluation.resources);
  if (region === undefined) return options;
  try {
    pricesFor(region);
  } catch (error) {
    if (error instanceof UnknownRegionError) throw new UsageError(error.message);
    throw error;
  }
  return { ...options, region };
}

/** Sends everything written to stdout to stderr until the returned function is called. */
function redirectStdoutToStderr(): () => void {
  const original = process.stdout.write;
  process.stdout.write = ((...args: Parameters<typeof process.stderr.write>) =>
    process.stderr.write(...args)) as typeof process.stdout.write;
  return () => {
    process.stdout.write = original;
  };
}

/** `openclaw plan`: evaluate, analyze, report. Returns the exit code (0 or 1); throws for exit 2. */
export async function runPlan(opts: PlanCommandOptions, ctx: PlanContext): Promise<number> {
  const programFile = resolveProgram(opts.program, ctx.repoRoot);
  const stack = opts.stack ?? "dev";
  const packDir = resolvePack(opts, ctx.repoRoot);
  const policyConfig = readPolicyConfig(opts.policyConfig);
  const stackConfig = resolveStackConfig({
    programDir: path.dirname(programFile),
    stack,
    overrides: opts.config,
    requireStackFile: opts.stack !== undefined,
  });
  // Validated before the slow steps, so a bad budget fails fast.
  const stackCostOptions = costOptionsFromConfig(stackConfig.config, stackConfig.project);
  const budgetBasis = budgetBasisOf(policyConfig);
  const costOptions = budgetBasis ? { ...stackCostOptions, budgetBasis } : stackCostOptions;
  const baseline = readBaseline(opts.compare);
  for (const key of stackConfig.secureKeys) {
    ctx.stderr(`note: ${key} is a secret in the stack file; the plan uses a placeholder value`);
  }

  // The pack loads (about a second) while the program evaluates. Marked handled here so a failed start
  // surfaces from analyzeResources, not as an unhandled rejection during evaluation.
  const analyzer = packDir === undefined ? undefined : startAnalyzer(packDir);
  analyzer?.catch(() => undefined);
  let evaluation: EvaluationResult;
  // What the program prints (console.log, pulumi.log.info) must not end up inside a JSON or SARIF report.
  const restoreStdout = redirectStdoutToStderr();
  try {
    evaluation = await evaluateProgram({
      program: programFile,
      stack,
      project: stackConfig.project,
      config: stackConfig.config,
      // Like `pulumi preview`: resources without a provider get their package's default provider, so a
      // stack's `aws:defaultTags` reaches the tag policies.
      defaultProviders: true,
    });
  } catch (error) {
    await analyzer?.then((a) => a.stop()).catch(() => undefined);
    throw error;
  } finally {
    restoreStdout();
  }

  const { violations, policies } = await runPolicies(evaluation, {
    packDir,
    analyzer,
    policyConfig,
    stackPolicyConfig: budgetPolicyConfig(costOptions),
    stack,
    project: stackConfig.project,
    explicitPack: opts.policyPack !== undefined,
    policiesWanted: opts.policies,
    stderr: ctx.stderr,
  });
  const report = buildReport({
    evaluation,
    program: relativeToCwd(programFile),
    violations,
    policies,
    cost: toCostSection(
      estimateCost(evaluation.resources, withStackRegion(costOptions, evaluation)),
      baseline,
    ),
  });
  const rendered = renderReport(report, opts.format, ctx.toolVersion);
  if (opts.out !== undefined) {
    fs.mkdirSync(path.dirname(path.resolve(opts.out)), { recursive: true });
    fs.writeFileSync(opts.out, rendered);
  } else {
    ctx.stdout(rendered);
  }
  return planExitCode(report);
}
