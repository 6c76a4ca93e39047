import { createHash } from "node:crypto";
import * as path from "node:path";
import { type PlanReport, type ReportResource, resourceIndex } from "../report";
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

/** A repository-relative, forward-slash URI (code scanning resolves it against the checkout). */
function artifactUri(file: string): string {
  const relative = path.isAbsolute(file) ? path.relative(process.cwd(), file) : file;
  return relative.split(path.sep).join("/");
}

/**
 * Where a violation points: the file and line that declared its resource (the SDK's source position),
 * else the project's Pulumi.yaml (stack-wide violations, resources without a known position).
 */
function physicalLocation(report: PlanReport, resource: ReportResource | undefined) {
  const source = resource?.source;
  if (source?.line !== undefined) {
    return {
      artifactLocation: { uri: artifactUri(source.file) },
      region: {
        startLine: source.line,
        ...(source.column !== undefined ? { startColumn: source.column } : {}),
      },
    };
  }
  return {
    artifactLocation: { uri: artifactUri(path.join(path.dirname(report.program), "Pulumi.yaml")) },
    region: { startLine: 1 },
  };
}

/**
 * SARIF 2.1.0 for code-scanning upload: one rule per policy, one result per violation, located at the
 * line that declared the resource (else Pulumi.yaml), with the URN as its logical location; a stable
 * fingerprint per policy and URN keeps alerts apart where they share a line.
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
          physicalLocation: physicalLocation(report, resource),
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
