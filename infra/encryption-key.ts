import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { argIssue, throwIfArgIssues } from "./arg-errors";
import type { PolicyStatement } from "./tiered-storage";

export interface EncryptionKeyArgs {
  /** What the key protects, shown in the KMS console. */
  readonly description: string;
  /**
   * Statements added to the key policy after the account-root statement, e.g. the Cdn's
   * `originKmsDecryptStatement`. KMS allows one policy per key, so everyone's statements meet here.
   * @default []
   */
  readonly extraPolicyStatements?: pulumi.Input<pulumi.Input<PolicyStatement>[]>;
  /** Days a scheduled deletion waits (7-30), the window to undo a mistaken `pulumi destroy`. @default 30 */
  readonly deletionWindowInDays?: number;
  /**
   * Region of the key, when it must differ from the provider's (KMS keys are regional: a us-east-1
   * resource such as a CloudFront alarm's topic needs a us-east-1 key).
   * @default the provider's region
   */
  readonly region?: string;
}

/**
 * A customer-managed KMS key with yearly rotation. Its policy keeps the account in control (IAM
 * policies decide who may use it) and adds the caller's statements, such as letting one CloudFront
 * distribution decrypt objects, which the AWS-managed `aws/s3` key can never allow.
 */
export class EncryptionKey extends pulumi.ComponentResource {
  readonly keyArn: pulumi.Output<string>;
  readonly keyId: pulumi.Output<string>;

  constructor(name: string, args: EncryptionKeyArgs, opts?: pulumi.ComponentResourceOptions) {
    super("openclaw:infra:EncryptionKey", name, {}, opts);
    const window = args.deletionWindowInDays ?? 30;
    if (!Number.isInteger(window) || window < 7 || window > 30) {
      throwIfArgIssues(`EncryptionKey "${name}"`, [
        argIssue("deletionWindowInDays", "must be a whole number of days from 7 to 30", window),
      ]);
    }

    const identity = aws.getCallerIdentityOutput({}, { parent: this });
    const partition = aws.getPartitionOutput({}, { parent: this });
    const key = new aws.kms.Key(
      `${name}-key`,
      {
        description: args.description,
        region: args.region,
        enableKeyRotation: true,
        deletionWindowInDays: window,
        policy: pulumi
          .all([identity.accountId, partition.partition, args.extraPolicyStatements ?? []])
          .apply(([accountId, awsPartition, extra]) =>
            JSON.stringify({
              Version: "2012-10-17",
              Statement: [accountRootStatement(awsPartition, accountId), ...extra],
            }),
          ),
        tags: { Name: `${name}-key` },
      },
      { parent: this },
    );

    this.keyArn = key.arn;
    this.keyId = key.keyId;
    this.registerOutputs({ keyArn: this.keyArn, keyId: this.keyId });
  }
}

/** AWS's default key-policy statement: the account's IAM policies govern use of the key. */
export function accountRootStatement(partition: string, accountId: string): PolicyStatement {
  return {
    Sid: "EnableIamPolicies",
    Effect: "Allow",
    Principal: { AWS: `arn:${partition}:iam::${accountId}:root` },
    Action: "kms:*",
    Resource: "*",
  };
}
