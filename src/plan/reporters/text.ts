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

function treeLines(nodes: ResourceTreeNode[], prefix: string, lines: string[]): void {
  nodes.forEach((node, i) => {
    const last = i === nodes.length - 1;
    const { type, name } = node.resource;
    lines.push(`${prefix}${last ? "└─ " : "├─ "}${name}  ${type}`);
    treeLines(node.children, `${prefix}${last ? "   " : "│  "}`, lines);
  });
}

/** Human-readable plan: inventory tree, counts by type, violations by policy, one summary line. */
export function renderText(report: PlanReport): string {
  const lines: string[] = [];
  lines.push(`Plan for stack ${report.stack} (project ${report.project}, program ${report.program})`, "");

  lines.push(`Resources (${report.summary.resources})`);
  for (const root of resourceTree(report.resources)) {
    lines.push(`  ${root.resource.name}  ${root.resource.type}`);
    treeLines(root.children, "  ", lines);
  }
  lines.push("", "By type");
  const width = String(report.summary.byType[0]?.count ?? 0).length;
  for (const { type, count } of report.summary.byType)
    lines.push(`  ${String(count).padStart(width)}  ${type}`);

  lines.push("");
  if (!report.policies.ran) {
    lines.push("Policies: not run");
  } else if (report.violations.length === 0) {
    lines.push(`Policies: no violations (${packLabel(report)})`);
  } else {
    lines.push(`Policies: ${packLabel(report)}`);
    lines.push(`Policy violations (${report.violations.length})`);
    for (const [policy, group] of violationsByPolicy(report.violations)) {
      const level = group[0]?.enforcementLevel ?? "advisory";
      const description = group[0]?.description;
      lines.push(`  ${policy} [${level}]${description ? `: ${description}` : ""}`);
      const remediation = group[0]?.remediation;
      if (remediation) lines.push(`    fix: ${remediation}`);
      for (const v of group) {
        const mark = v.enforcementLevel === "mandatory" ? "✗" : "!";
        lines.push(`    ${mark} ${describeUrn(report, v.urn)}`);
        for (const messageLine of v.message.split("\n")) lines.push(`        ${messageLine}`);
      }
    }
  }

  if (report.cost) lines.push("", ...costLines(report.cost));

  lines.push("", summaryLine(report));
  return `${lines.join("\n")}\n`;
}

const usd = (n: number) => `$${n.toFixed(2)}`;

function costLines(cost: CostSection): string[] {
  const { expected, low, high } = cost.monthly;
  const lines = [`Estimated cost: ${usd(expected)}/month (range ${usd(low)} to ${usd(high)})`];
  const byCost = [...cost.byResource].sort((a, b) => b.monthly.expected - a.monthly.expected);
  const width = Math.max(0, ...byCost.map((l) => usd(l.monthly.expected).length));
  for (const line of byCost) {
    const name = line.urn.split("::").pop() ?? line.urn;
    lines.push(`  ${usd(line.monthly.expected).padStart(width)}  ${name}: ${line.basis}`);
  }
  if (cost.budget) {
    const verdict = cost.budget.exceeded ? "EXCEEDED" : "within budget";
    const basis = cost.budget.basis === "high" ? ` (high end ${usd(cost.budget.monthly)})` : "";
    lines.push(`  Budget ${usd(cost.budget.monthlyUsd)}/month${basis}: ${verdict}`);
  }
  if (cost.priceTable)
    lines.push(`  Prices: ${cost.priceTable.region}, retrieved ${cost.priceTable.retrieved}`);
  if (cost.savings) lines.push("", ...savingsLines(cost.savings));
  if (cost.compare) lines.push("", ...compareLines(cost.compare));
  return lines;
}

const signed = (n: number) => `${n < 0 ? "-" : "+"}${usd(Math.abs(n))}`;

function savingsLines(savings: Savings): string[] {
  const saved = savings.baselineMonthly - savings.expectedMonthly;
  const lines = [
    `Savings: ${usd(saved)}/month (${savings.percent}%) against the same stack without the levers ` +
      `(${usd(savings.baselineMonthly)} all On-Demand, untiered, around the clock)`,
  ];
  const width = Math.max(0, ...savings.levers.map((l) => l.lever.length));
  for (const l of savings.levers) {
    lines.push(
      `  ${l.lever.padEnd(width)}  ${usd(l.baselineMonthly)} -> ${usd(l.expectedMonthly)} (${l.percent}% saved on the resources it touches)`,
    );
  }
  return lines;
}

function compareLines(compare: CostComparison): string[] {
  const lines = [
    `Compared with the baseline plan: ${usd(compare.baselineMonthly)} -> ${usd(compare.monthly)} (${signed(compare.deltaMonthly)}/month)`,
  ];
  for (const r of compare.byResource)
    lines.push(`  ${signed(r.deltaMonthly).padStart(10)}  ${r.name} (${r.change})`);
  return lines;
}

/** "openclaw-guard@0.1.0, 25 policies" (or the pack's directory when the pack said nothing). */
export function packLabel(report: PlanReport): string {
  const { packName, packVersion, policyCount, packDir } = report.policies;
  const name = packName ? `${packName}${packVersion ? `@${packVersion}` : ""}` : (packDir ?? "policy pack");
  return policyCount === undefined ? name : `${name}, ${policyCount} policies`;
}

export function summaryLine(report: PlanReport): string {
  const { summary } = report;
  const verdict = planBlocked(report) ? "BLOCKED" : "OK";
  const policies = report.policies.ran
    ? `${summary.violations.mandatory} mandatory, ${summary.violations.advisory} advisory violation(s)`
    : "policies not run";
  const cost = report.cost ? `, ${usd(report.cost.monthly.expected)}/month expected` : "";
  const budget = report.cost?.budget?.exceeded
    ? ` (over the ${usd(report.cost.budget.monthlyUsd)} budget)`
    : "";
  return (
    `${verdict}: ${summary.resources} resources (${summary.custom} custom, ${summary.components} components), ` +
    `${policies}${cost}${budget}`
  );
}
