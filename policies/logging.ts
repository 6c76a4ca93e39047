import { type CatalogEntry, resourcePolicy } from "./lib/policy";
import { T } from "./lib/types";
import { isUnknown } from "./lib/values";

/** CloudWatch Logs guardrails (retention is a cost question and lives in cost.ts). */

export const logGroupKms = resourcePolicy({
  name: "log-group-kms",
  family: "logging",
  description:
    "Checks whether CloudWatch log groups are encrypted with a customer-managed KMS key (CKV_AWS_158).",
  enforcementLevel: "advisory",
  checkov: ["CKV_AWS_158"],
  remediationSteps: "Set kmsKeyId to a KMS key ARN whose key policy allows logs.<region>.amazonaws.com.",
  types: [T.logGroup],
  check: (subject, _config, report: (message: string) => void) => {
    const key = subject.props.kmsKeyId;
    if (isUnknown(key) || (typeof key === "string" && key !== "")) return;
    report("kmsKeyId is unset; set it to a customer-managed KMS key ARN.");
  },
});

export const loggingPolicies: CatalogEntry[] = [logGroupKms];
