import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { type ArgIssue, argIssue, throwIfArgIssues } from "./arg-errors";

export interface FinOpsArgs {
  /** Monthly cost budget in USD (whole dollars, > 0). */
  readonly monthlyBudgetUsd: number;
  /** The cost-center tag value the budget and the anomaly monitor watch. */
  readonly costCenter: string;
  /** Tag key of the cost center; it must be activated as a cost allocation tag. @default "cost-center" */
  readonly costCenterTagKey?: string;
  /** Email addresses for budget and anomaly alerts. @default [] */
  readonly alertEmails?: readonly string[];
  /** SNS topic ARN for budget and anomaly alerts (its policy must let budgets and costalerts publish). */
  readonly alertSnsTopicArn?: pulumi.Input<string>;
  /** Alert on a cost anomaly whose total impact reaches this many USD. @default 50 */
  readonly anomalyThresholdUsd?: number;
}

/** Budget alerts: 80 % and 100 % of actual spend, 100 % of forecast spend. */
export const BUDGET_ALERTS = [
  { notificationType: "ACTUAL", threshold: 80 },
  { notificationType: "ACTUAL", threshold: 100 },
  { notificationType: "FORECASTED", threshold: 100 },
] as const;

/** Checks the args; each issue names the argument and the value. */
export function validateFinOpsArgs(args: FinOpsArgs): ArgIssue[] {
  const issues: ArgIssue[] = [];
  if (!Number.isInteger(args.monthlyBudgetUsd) || args.monthlyBudgetUsd <= 0) {
    issues.push(argIssue("monthlyBudgetUsd", "must be a whole number of USD above 0", args.monthlyBudgetUsd));
  }
  const threshold = args.anomalyThresholdUsd ?? 50;
  if (!Number.isFinite(threshold) || threshold <= 0) {
    issues.push(argIssue("anomalyThresholdUsd", "must be a number of USD above 0", threshold));
  }
  if ((args.alertEmails ?? []).length === 0 && args.alertSnsTopicArn === undefined) {
    issues.push(
      argIssue("alertEmails", "must list an address when alertSnsTopicArn is unset", args.alertEmails),
    );
  }
  return issues;
}

/**
 * Provisioned FinOps: an AWS Budget over the stack's cost center (alerts at 80 % and 100 % actual and 100 %
 * forecast) and Cost Anomaly Detection on the same cost center, both alerting by email or SNS. The first two
 * budgets of an account are free; anomaly detection is free.
 */
export class FinOps extends pulumi.ComponentResource {
  readonly budgetName: pulumi.Output<string>;
  readonly anomalyMonitorArn: pulumi.Output<string>;

  constructor(name: string, args: FinOpsArgs, opts?: pulumi.ComponentResourceOptions) {
    super("openclaw:infra:FinOps", name, {}, opts);
    throwIfArgIssues(`FinOps "${name}"`, validateFinOpsArgs(args));
    const tagKey = args.costCenterTagKey ?? "cost-center";
    const emails = [...(args.alertEmails ?? [])];
    const topics = args.alertSnsTopicArn === undefined ? [] : [args.alertSnsTopicArn];

    const budget = new aws.budgets.Budget(
      `${name}-budget`,
      {
        budgetType: "COST",
        limitAmount: String(args.monthlyBudgetUsd),
        limitUnit: "USD",
        timeUnit: "MONTHLY",
        // AWS Budgets names a cost allocation tag filter "user:<key>$<value>".
        costFilters: [{ name: "TagKeyValue", values: [`user:${tagKey}$${args.costCenter}`] }],
        notifications: BUDGET_ALERTS.map((alert) => ({
          comparisonOperator: "GREATER_THAN",
          notificationType: alert.notificationType,
          threshold: alert.threshold,
          thresholdType: "PERCENTAGE",
          ...(emails.length > 0 ? { subscriberEmailAddresses: emails } : {}),
          ...(topics.length > 0 ? { subscriberSnsTopicArns: topics } : {}),
        })),
      },
      { parent: this },
    );

    const monitor = new aws.costexplorer.AnomalyMonitor(
      `${name}-anomaly-monitor`,
      {
        monitorType: "CUSTOM",
        monitorSpecification: JSON.stringify({
          Tags: { Key: tagKey, Values: [args.costCenter], MatchOptions: ["EQUALS"] },
        }),
      },
      { parent: this },
    );
    // Immediate alerts go to SNS only; email subscribers get a daily summary.
    const immediate = topics.length > 0;
    new aws.costexplorer.AnomalySubscription(
      `${name}-anomaly-alerts`,
      {
        frequency: immediate ? "IMMEDIATE" : "DAILY",
        monitorArnLists: [monitor.arn],
        subscribers: immediate
          ? topics.map((address) => ({ type: "SNS", address }))
          : emails.map((address) => ({ type: "EMAIL", address })),
        thresholdExpression: {
          dimension: {
            key: "ANOMALY_TOTAL_IMPACT_ABSOLUTE",
            matchOptions: ["GREATER_THAN_OR_EQUAL"],
            values: [String(args.anomalyThresholdUsd ?? 50)],
          },
        },
      },
      { parent: this },
    );

    this.budgetName = budget.name;
    this.anomalyMonitorArn = monitor.arn;
    this.registerOutputs({ budgetName: this.budgetName, anomalyMonitorArn: this.anomalyMonitorArn });
  }
}
