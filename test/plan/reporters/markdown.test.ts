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
    const md = renderMarkdown(sampleReportWithCost());
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
