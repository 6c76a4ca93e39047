import type { CatalogEntry } from "../lib/policy";

/** Markers around the generated table in docs/policies.md; everything between them is overwritten. */
export const TABLE_BEGIN = "<!-- BEGIN GENERATED POLICY TABLE (npm run docs:policies) -->";
export const TABLE_END = "<!-- END GENERATED POLICY TABLE -->";

function cell(text: string): string {
  return text.replace(/\|/g, "\\|").replace(/\n/g, " ");
}

/** One Markdown row per policy, in pack order: name, family, kind, level, config, Checkov IDs, description. */
export function renderPolicyTable(catalog: readonly CatalogEntry[]): string {
  const rows = catalog.map((entry) => {
    const { policy } = entry;
    const config = entry.configurable ? Object.keys(policy.configSchema?.properties ?? {}).join(", ") : "—";
    return [
      `\`${policy.name}\``,
      entry.family,
      entry.kind,
      policy.enforcementLevel ?? "advisory",
      cell(config),
      entry.checkov.length > 0 ? entry.checkov.join(", ") : "—",
      cell(policy.description),
    ];
  });
  const header = ["Policy", "Family", "Kind", "Level", "Config keys", "Checkov", "Checks whether…"];
  return [header, header.map(() => "---"), ...rows].map((row) => `| ${row.join(" | ")} |`).join("\n");
}

/** Replaces the generated section of a document; throws if the markers are missing. */
export function withPolicyTable(document: string, table: string): string {
  const begin = document.indexOf(TABLE_BEGIN);
  const end = document.indexOf(TABLE_END);
  if (begin < 0 || end < begin)
    throw new Error(`the document lacks the ${TABLE_BEGIN} … ${TABLE_END} markers`);
  return `${document.slice(0, begin + TABLE_BEGIN.length)}\n\n${table}\n\n${document.slice(end)}`;
}
