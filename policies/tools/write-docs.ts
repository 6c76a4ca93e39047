/**
 * Regenerates the policy table in docs/policies.md from the pack's catalog.
 * Usage: npm run docs:policies
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { catalog } from "../policies";
import { renderPolicyTable, withPolicyTable } from "./docs-table";

const docPath = path.resolve(__dirname, "../../docs/policies.md");
const updated = withPolicyTable(fs.readFileSync(docPath, "utf8"), renderPolicyTable(catalog));
fs.writeFileSync(docPath, updated);
process.stdout.write(`wrote ${catalog.length} policies to ${path.relative(process.cwd(), docPath)}\n`);
