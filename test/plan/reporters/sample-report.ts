import { buildReport, type CostSection, type PlanReport } from "../../../src/plan/report";
import type { CapturedResource, PolicyViolation } from "../../../src/plan/types";

const STACK_URN = "urn:pulumi:dev::openclaw::pulumi:pulumi:Stack::openclaw-dev";
const COMPONENT_URN = "urn:pulumi:dev::openclaw::openclaw:infra:TieredStorage::assets";
export const BUCKET_URN =
  "urn:pulumi:dev::openclaw::openclaw:infra:TieredStorage$aws:s3/bucket:Bucket::assets-bucket";
export const LOGS_URN = "urn:pulumi:dev::openclaw::aws:s3/bucket:Bucket::logs";

function resource(
  urn: string,
  type: string,
  name: string,
  custom: boolean,
  parent?: string,
): CapturedResource {
  return { urn, type, name, custom, inputs: {}, dependencies: [], ...(parent ? { parent } : {}) };
}

export const sampleViolations: PolicyViolation[] = [
  {
    policy: "required-tags",
    packName: "openclaw",
    enforcementLevel: "mandatory",
    urn: LOGS_URN,
    message: "Missing tags: owner | cost-center\nAdd them to the provider's defaultTags.",
    description: "Checks whether every resource carries the required tags.",
    remediation: "Add the tags to the provider's defaultTags.",
    severity: "medium",
  },
  {
    policy: "required-tags",
    packName: "openclaw",
    enforcementLevel: "mandatory",
    urn: BUCKET_URN,
    message: "Missing tags: owner",
    description: "Checks whether every resource carries the required tags.",
  },
  {
    policy: "budget",
    packName: "openclaw",
    enforcementLevel: "advisory",
    message: "Stack is over 80% of its budget.",
    description: "Checks whether the stack stays within budget.",
  },
];

export function sampleReport(violations: PolicyViolation[] = sampleViolations): PlanReport {
  return buildReport({
    evaluation: {
      stack: "dev",
      project: "openclaw",
      outputs: {},
      resources: [
        resource(STACK_URN, "pulumi:pulumi:Stack", "openclaw-dev", false),
        resource(COMPONENT_URN, "openclaw:infra:TieredStorage", "assets", false, STACK_URN),
        resource(BUCKET_URN, "aws:s3/bucket:Bucket", "assets-bucket", true, COMPONENT_URN),
        resource(LOGS_URN, "aws:s3/bucket:Bucket", "logs", true, STACK_URN),
      ],
    },
    program: "index.ts",
    violations,
    policies: { ran: true, packDir: "policies", packName: "openclaw" },
  });
}

export const sampleCost: CostSection = {
  currency: "USD",
  monthly: { low: 3, expected: 12.5, high: 40 },
  byResource: [
    { urn: LOGS_URN, monthly: { low: 1, expected: 2.5, high: 10 }, basis: "100 GB stored | STANDARD" },
    { urn: BUCKET_URN, monthly: { low: 2, expected: 10, high: 30 }, basis: "400 GB stored" },
  ],
  budget: { monthlyUsd: 10, basis: "expected", monthly: 12.5, exceeded: true },
  assumptions: ["730 hours per month"],
  priceTable: { source: "AWS price list", retrieved: "2026-11-01", region: "us-east-1" },
};

export function sampleReportWithCost(): PlanReport {
  return { ...sampleReport([]), cost: sampleCost };
}
