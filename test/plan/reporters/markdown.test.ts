import { describe, expect, it } from "vitest";
import { renderMarkdown } from "../../../src/plan/reporters/markdown";
import { sampleReport, sampleReportWithCost } from "./sample-report";

describe("renderMarkdown", () => {
  it("leads with the verdict and a summary table", () => {
    const md = renderMarkdown(sampleReport());
    expect(md.startsWith("## OpenClaw plan: `dev` ❌ blocked\n")).toBe(true);
    expect(md).toContain(
      "| Resources | Components | Mandatory | Advisory |\n|---:|---:|---:|---:|\n| 4 | 2 | 2 | 1 |",
    );
  });

  it("escapes pipes and newlines inside violation cells, mandatory rows first", () => {
    const md = renderMarkdown(sampleReport());
    const rows = md.split("\n").filter((l) => l.startsWith("| ❌") || l.startsWith("| ⚠️"));
    expect(rows).toEqual([
      "| ❌ mandatory | `required-tags` | logs (aws:s3/bucket:Bucket) | Missing tags: owner \\| cost-center<br>Add them to the provider's defaultTags. |",
      "| ❌ mandatory | `required-tags` | assets-bucket (aws:s3/bucket:Bucket) | Missing tags: owner |",
      "| ⚠️ advisory | `budget` | (stack) | Stack is over 80% of its budget. |",
    ]);
  });

  it("lists how to fix each policy that says so", () => {
    const md = renderMarkdown(sampleReport());
    expect(md).toContain(
      "**How to fix**\n\n- `required-tags`: Add the tags to the provider's defaultTags.\n",
    );
    expect(md).not.toContain("- `budget`:");
  });

  it("folds the inventory into a details block with the component tree", () => {
    const md = renderMarkdown(sampleReport([]));
    expect(md).toContain("## OpenClaw plan: `dev` ✅ passes");
    expect(md).toContain("No policy violations.");
    expect(md).toContain(
      "```text\nopenclaw-dev  pulumi:pulumi:Stack\n  assets  openclaw:infra:TieredStorage\n    assets-bucket  aws:s3/bucket:Bucket\n  logs  aws:s3/bucket:Bucket\n```",
    );
  });
});

describe("renderMarkdown with a cost section", () => {
  it("shows the budget verdict and a collapsible cost table with escaped cells", () => {
    // With no pack to run cost-monthly-budget, the cost model's own verdict blocks the plan.
    const md = renderMarkdown({ ...sampleReportWithCost(), policies: { ran: false } });
    expect(md.startsWith("## OpenClaw plan: `dev` ❌ blocked\n")).toBe(true);
    expect(md).toContain("| Resources | Components | Mandatory | Advisory | Est. monthly cost |");
    expect(md).toContain("**Budget:** $10.00/month, expected $12.50: ❌ over budget");
    expect(md).toContain("<details><summary>Estimated cost: $12.50/month ($3.00 to $40.00)</summary>");
    expect(md).toContain(
      "| assets-bucket | $10.00 | $2.00 | $30.00 | 400 GB stored |\n| logs | $2.50 | $1.00 | $10.00 | 100 GB stored \\| STANDARD |",
    );
    expect(md).toContain("- Prices: AWS price list, us-east-1, retrieved 2026-11-01");
  });
});

describe("renderMarkdown on a large stack", () => {
  it("stays under GitHub's comment limit, cutting long lists and keeping exact totals", () => {
    const base = sampleReport();
    const many = Array.from({ length: 3000 }, (_, i) => ({
      urn: `urn:pulumi:dev::openclaw::aws:s3/bucket:Bucket::bucket-${i}`,
      type: "aws:s3/bucket:Bucket",
      name: `bucket-${i}`,
      custom: true,
    }));
    const violations = many.map((r) => ({
      policy: "required-tags",
      enforcementLevel: "mandatory" as const,
      urn: r.urn,
      message: "Missing required tags: owner, cost-center, environment, service, managed-by.",
    }));
    const cost = {
      currency: "USD" as const,
      monthly: { low: 3000, expected: 6000, high: 9000 },
      byResource: many.map((r) => ({
        urn: r.urn,
        monthly: { low: 1, expected: 2, high: 3 },
        basis: "100 GB stored",
      })),
    };
    const report = {
      ...base,
      cost,
      resources: [...base.resources, ...many],
      violations,
      summary: {
        ...base.summary,
        resources: 3004,
        violations: { mandatory: 3000, advisory: 0, remediate: 0 },
      },
    };
    const md = renderMarkdown(report);
    expect(md.length).toBeLessThan(65_536);
    expect(md).toContain("| 3004 | 2 | 3000 | 0 |");
    expect(md).toContain("_…and 2850 more; the JSON and SARIF reports list them all._");
    expect(md).toContain("…and 2604 more resources");
    expect(md).toContain("| …and 2900 more, smaller | | | | |");
    expect(md).toContain("<details><summary>Estimated cost: $6000.00/month ($3000.00 to $9000.00)</summary>");
  });
});
