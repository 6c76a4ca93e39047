import * as fs from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { catalog } from "../../policies/policies";
import { renderPolicyTable, TABLE_BEGIN, TABLE_END, withPolicyTable } from "../../policies/tools/docs-table";

const DOC = path.resolve(__dirname, "../../docs/policies.md");

describe("docs/policies.md policy table", () => {
  it("carries the table generated from the catalog (run npm run docs:policies)", () => {
    const document = fs.readFileSync(DOC, "utf8");
    expect(document).toContain(TABLE_BEGIN);
    expect(withPolicyTable(document, renderPolicyTable(catalog))).toBe(document);
  });

  it("lists every policy once", () => {
    const table = renderPolicyTable(catalog);
    for (const entry of catalog) expect(table.split(`\`${entry.policy.name}\``).length - 1).toBe(1);
  });

  it("refuses a document without markers", () => {
    expect(() => withPolicyTable("# no table", "| x |")).toThrow(TABLE_END);
  });
});

describe("the catalog", () => {
  it("follows the naming rules: kebab-case, unique, 'Checks whether…', a remediation and a level", () => {
    const names = catalog.map((e) => e.policy.name);
    expect(new Set(names).size).toBe(names.length);
    for (const { policy, checkov } of catalog) {
      expect(policy.name).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
      expect(policy.description).toMatch(/^Checks whether /);
      expect(policy.remediationSteps?.length ?? 0).toBeGreaterThan(10);
      expect(["advisory", "mandatory"]).toContain(policy.enforcementLevel);
      for (const id of checkov) expect(policy.description).toContain(id);
    }
  });

  it("gives every config property a default or a description, and never declares enforcementLevel", () => {
    for (const { policy } of catalog) {
      for (const [key, schema] of Object.entries(policy.configSchema?.properties ?? {})) {
        expect(key).not.toBe("enforcementLevel");
        expect(schema.description, `${policy.name}.${key}`).toBeTruthy();
      }
    }
  });
});
