import type { CostComparison } from "../../cost/compare";
import type { Savings } from "../../cost/types";
import {
  type CostSection,
  describeUrn,
  type PlanReport,
  planBlocked,
  type ResourceTreeNode,
  resourceTree,
  violationsByPolicy,
} from "../report";
import { packLabel } from "./text";

/** Table cells can't hold pipes or newlines. */
function cell(text: string): string {
  return text.replaceAll("|", "\\|").replaceAll(/\r?\n/g, "<br>");
}

function treeLines(nodes: ResourceTreeNode[], depth: number, lines: string[]): void {
  for (const node of nodes) {
    lines.push(`${"  ".repeat(depth)}${node.resource.name}  ${node.resource.type}`);
    treeLines(node.children, depth + 1, lines);
  }
}

// GitHub refuses comments over 65,536 characters: long lists are cut, the totals above stay exact.
const MAX_VIOLATION_ROWS = 150;
const MAX_TREE_LINES = 400;
const MAX_COST_ROWS = 100;

const usd = (n: number) => `$${n.toFixed(2)}`;

function costBlock(cost: CostSection): string[] {
  const { low, expected, high } = cost.monthly;
  const lines: string[] = [];
  if (cost.budget) {
    const verdict = cost.budget.exceeded ? "❌ over budget" : "✅ within budget";
    const basis =
      cost.budget.basis === "high" ? `high end ${usd(cost.budget.monthly)}` : `expected ${usd(expected)}`;
    lines.push(`**Budget:** ${usd(cost.budget.monthlyUsd)}/month, ${basis}: ${verdict}`, "");
  }
  lines.push(
    `<details><summary>Estimated cost: ${usd(expected)}/month (${usd(low)} to ${usd(high)})</summary>`,
    "",
    "| Resource | Expected | Low | High | Basis |",
    "|---|---:|---:|---:|---|",
  );
  const byCost = [...cost.byResource].sort((a, b) => b.monthly.expected - a.monthly.expected);
  for (const line of byCost.slice(0, MAX_COST_ROWS)) {
    const name = line.urn.split("::").pop() ?? line.urn;
    const m = line.monthly;
    lines.push(
      `| ${cell(name)} | ${usd(m.expected)} | ${usd(m.low)} | ${usd(m.high)} | ${cell(line.basis)} |`,
    );
  }
  if (byCost.length > MAX_COST_ROWS) {
    lines.push(`| …and ${byCost.length - MAX_COST_ROWS} more, smaller | | | | |`);
  }
  lines.push("");
  for (const assumption of cost.assumptions ?? []) lines.push(`- ${cell(assumption)}`);
  if (cost.priceTable) {
    lines.push(
      `- Prices: ${cost.priceTable.source}, ${cost.priceTable.region}, retrieved ${cost.priceTable.retrieved}`,
    );
  }
  lines.push("", "</details>", "");
  return lines;
}

const signed = (n: number) => `${n < 0 ? "-" : "+"}${usd(Math.abs(n))}`;

/** What the levers save, as a small table: the whole stack first, then each lever. */
function savingsBlock(savings: Savings): string[] {
  const lines = [
    `**Savings:** ${usd(savings.baselineMonthly - savings.expectedMonthly)}/month (${savings.percent}%) against the same stack without the levers (all On-Demand, untiered, around the clock)`,
    "",
    "| Lever | Without | With | Saved |",
    "|---|---:|---:|---:|",
    `| **whole stack** | ${usd(savings.baselineMonthly)} | ${usd(savings.expectedMonthly)} | ${savings.percent}% |`,
  ];
  for (const l of savings.levers) {
    lines.push(`| \`${l.lever}\` | ${usd(l.baselineMonthly)} | ${usd(l.expectedMonthly)} | ${l.percent}% |`);
  }
  lines.push("");
  return lines;
}

/** The cost diff against the baseline plan (`--compare`), largest change first. */
function compareBlock(compare: CostComparison): string[] {
  const arrow = compare.deltaMonthly > 0 ? "📈" : compare.deltaMonthly < 0 ? "📉" : "➖";
  const lines = [
    `### Cost change ${arrow} ${signed(compare.deltaMonthly)}/month`,
    "",
    `${usd(compare.baselineMonthly)}/month on the base branch → ${usd(compare.monthly)}/month with this change.`,
    "",
  ];
  if (compare.byResource.length === 0) {
    lines.push("No resource changed cost.", "");
    return lines;
  }
  lines.push("| Resource | Change | Monthly delta |", "|---|---|---:|");
  for (const r of compare.byResource.slice(0, MAX_COST_ROWS)) {
    lines.push(`| ${cell(r.name)} | ${r.change} | ${signed(r.deltaMonthly)} |`);
  }
  if (compare.byResource.length > MAX_COST_ROWS) {
    lines.push(`| …and ${compare.byResource.length - MAX_COST_ROWS} more, smaller | | |`);
  }
  lines.push("");
  return lines;
}

/** A PR comment: verdict and summary table, violations table, collapsible inventory. */
export function renderMarkdown(report: PlanReport): string {
  const { summary } = report;
  const blocked = planBlocked(report);
  const lines: string[] = [];
  lines.push(`## OpenClaw plan: \`${report.stack}\` ${blocked ? "❌ blocked" : "✅ passes"}`, "");
  const costHeader = report.cost ? " Est. monthly cost |" : "";
  const costCell = report.cost ? ` $${report.cost.monthly.expected.toFixed(2)} |` : "";
  lines.push(`| Resources | Components | Mandatory | Advisory |${costHeader}`);
  lines.push(`|---:|---:|---:|---:|${report.cost ? "---:|" : ""}`);
  const mandatory = report.policies.ran ? String(summary.violations.mandatory) : "n/a";
  const advisory = report.policies.ran ? String(summary.violations.advisory) : "n/a";
  lines.push(`| ${summary.resources} | ${summary.components} | ${mandatory} | ${advisory} |${costCell}`, "");

  if (!report.policies.ran) {
    lines.push("_Policies were not run._", "");
  } else if (report.violations.length === 0) {
    lines.push("No policy violations.", "");
  } else {
    lines.push("### Policy violations", "", "| Level | Policy | Resource | Message |", "|---|---|---|---|");
    const ordered = [...report.violations].sort(
      (a, b) => Number(b.enforcementLevel === "mandatory") - Number(a.enforcementLevel === "mandatory"),
    );
    for (const v of ordered.slice(0, MAX_VIOLATION_ROWS)) {
      const level = v.enforcementLevel === "mandatory" ? "❌ mandatory" : `⚠️ ${v.enforcementLevel}`;
      lines.push(
        `| ${level} | \`${cell(v.policy)}\` | ${cell(describeUrn(report, v.urn))} | ${cell(v.message)} |`,
      );
    }
    if (ordered.length > MAX_VIOLATION_ROWS) {
      lines.push(
        "",
        `_…and ${ordered.length - MAX_VIOLATION_ROWS} more; the JSON and SARIF reports list them all._`,
      );
    }
    const fixes = violationsByPolicy(report.violations).filter(([, group]) => group[0]?.remediation);
    if (fixes.length > 0) {
      lines.push("", "**How to fix**", "");
      for (const [policy, group] of fixes)
        lines.push(`- \`${cell(policy)}\`: ${cell(group[0]?.remediation ?? "")}`);
    }
    lines.push("");
  }

  if (report.cost?.compare) lines.push(...compareBlock(report.cost.compare));
  if (report.cost?.savings) lines.push(...savingsBlock(report.cost.savings));
  if (report.cost) lines.push(...costBlock(report.cost));

  lines.push(`<details><summary>Inventory (${summary.resources} resources)</summary>`, "");
  lines.push("| Type | Count |", "|---|---:|");
  for (const { type, count } of summary.byType) lines.push(`| \`${cell(type)}\` | ${count} |`);
  lines.push("", "```text");
  const tree: string[] = [];
  treeLines(resourceTree(report.resources), 0, tree);
  lines.push(...tree.slice(0, MAX_TREE_LINES));
  if (tree.length > MAX_TREE_LINES) lines.push(`…and ${tree.length - MAX_TREE_LINES} more resources`);
  lines.push("```", "", "</details>", "");
  const pack = report.policies.ran ? `, policies ${packLabel(report)}` : "";
  lines.push(
    `<sub>Program \`${report.program}\`, project \`${report.project}\`${pack}. ` +
      "Evaluated offline under mocks by `openclaw plan`; nothing was previewed against AWS.</sub>",
  );
  return `${lines.join("\n")}\n`;
}
