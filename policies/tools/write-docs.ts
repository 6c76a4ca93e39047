/**
 * Regenerates the policy table in README.md from the pack's catalog.
 * Usage: npx tsx policies/tools/write-docs.ts
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { catalog } from "../policies";
import { renderPolicyTable, withPolicyTable } from "./docs-table";

const docPath = path.resolve(__dirname, "../../README.md");
const updated = withPolicyTable(fs.readFileSync(docPath, "utf8"), renderPolicyTable(catalog));
fs.writeFileSync(docPath, updated);
process.stdout.write(`wrote ${catalog.length} policies to ${path.relative(process.cwd(), docPath)}\n`);
