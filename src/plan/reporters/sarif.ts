import { createHash } from "node:crypto";
import { type PlanReport, resourceIndex } from "../report";
import type { EnforcementLevel, PolicySeverity } from "../types";

const SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json";

type SarifLevel = "error" | "warning" | "note" | "none";

interface RuleInfo {
  index: number;
  level: EnforcementLevel;
  description?: string;
  pack?: string;
  remediation?: string;
  severity?: PolicySeverity;
}

/** GitHub code scanning reads `security-severity` (0-10) to rank alerts; midpoints of its bands. */
const SECURITY_SEVERITY: Record<PolicySeverity, string> = {
  low: "2.0",
  medium: "5.5",
  high: "8.0",
  critical: "9.5",
};

function sarifLevel(level: EnforcementLevel): SarifLevel {
  switch (level) {
    case "mandatory":
    case "remediate":
      return "error";
    case "advisory":
      return "warning";
    case "disabled":
      return "none";
  }
}

/**
 * SARIF 2.1.0 for code-scanning upload: one rule per policy, one result per violation with the URN as a
 * logical location. The program file is the physical location (code scanning requires one); a stable
 * fingerprint per policy and URN keeps alerts from merging although they share that location.
 */
export function renderSarif(report: PlanReport, toolVersion: string): string {
  const rules = new Map<string, RuleInfo>();
  for (const v of report.violations) {
    if (!rules.has(v.policy)) {
      const rule: RuleInfo = { index: rules.size, level: v.enforcementLevel };
      if (v.description) rule.description = v.description;
      if (v.packName) rule.pack = v.packName;
      if (v.remediation) rule.remediation = v.remediation;
      if (v.severity) rule.severity = v.severity;
      rules.set(v.policy, rule);
    }
  }
  const index = resourceIndex(report);
  const results = report.violations.map((v) => {
    const resource = v.urn ? index.get(v.urn) : undefined;
    const fingerprint = createHash("sha256")
      .update(`${v.policy}\n${v.urn ?? ""}\n${v.message}`)
      .digest("hex");
    return {
      ruleId: v.policy,
      ruleIndex: rules.get(v.policy)?.index ?? 0,
      level: sarifLevel(v.enforcementLevel),
      message: { text: v.message },
      locations: [
        {
          physicalLocation: {
            artifactLocation: { uri: report.program.split("\\").join("/") },
            region: { startLine: 1 },
          },
          logicalLocations: [
            {
              fullyQualifiedName: v.urn ?? `urn:pulumi:${report.stack}::${report.project}`,
              name: resource?.name ?? report.stack,
              kind: "resource",
            },
          ],
        },
      ],
      partialFingerprints: { "openclawPolicyUrn/v1": fingerprint },
      properties: { enforcementLevel: v.enforcementLevel, stack: report.stack, resourceType: resource?.type },
    };
  });
  const sarif = {
    $schema: SARIF_SCHEMA,
    version: "2.1.0",
    runs: [
      {
        tool: {
          driver: {
            name: "openclaw-plan",
            version: toolVersion,
            rules: [...rules.entries()].map(([id, rule]) => ({
              id,
              name: id,
              shortDescription: { text: rule.description ?? id },
              fullDescription: { text: rule.description ?? id },
              defaultConfiguration: { level: sarifLevel(rule.level) },
              ...(rule.remediation ? { help: { text: rule.remediation } } : {}),
              properties: {
                ...(rule.pack ? { policyPack: rule.pack } : {}),
                ...(rule.severity ? { "security-severity": SECURITY_SEVERITY[rule.severity] } : {}),
                tags: ["pulumi", "policy"],
              },
            })),
          },
        },
        automationDetails: { id: `openclaw-plan/${report.project}/${report.stack}/` },
        results,
      },
    ],
  };
  return `${JSON.stringify(sarif, null, 2)}\n`;
}
