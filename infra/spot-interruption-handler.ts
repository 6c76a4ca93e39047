import * as aws from "@pulumi/aws";
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { serviceAccountTrustPolicy } from "./cluster";
import { TERMINATION_HANDLER_MANAGED_TAG } from "./node-bootstrap";

/** aws-node-termination-handler's release image (queue mode needs no DaemonSet). */
export const TERMINATION_HANDLER_IMAGE = "public.ecr.aws/aws-ec2/aws-node-termination-handler:v1.25.2";

const NAMESPACE = "kube-system";
const APP = "aws-node-termination-handler";
const PROBE_PORT = 8080;

/** The EventBridge events that mean "this node is about to go", keyed by a stable rule suffix. */
export function interruptionEventPatterns(groupNames: readonly string[]): Record<string, unknown> {
  return {
    "spot-interruption": { source: ["aws.ec2"], "detail-type": ["EC2 Spot Instance Interruption Warning"] },
    rebalance: { source: ["aws.ec2"], "detail-type": ["EC2 Instance Rebalance Recommendation"] },
    "state-change": { source: ["aws.ec2"], "detail-type": ["EC2 Instance State-change Notification"] },
    "asg-lifecycle": {
      source: ["aws.autoscaling"],
      "detail-type": ["EC2 Instance-terminate Lifecycle Action"],
      detail: { AutoScalingGroupName: [...groupNames] },
    },
  };
}

export interface InterruptibleGroup {
  /** Stable key (the pool's name); names the lifecycle hook. */
  readonly key: string;
  readonly groupName: pulumi.Input<string>;
  readonly groupArn: pulumi.Input<string>;
}

export interface SpotInterruptionHandlerArgs {
  /** The Auto Scaling groups whose nodes are drained before they go. */
  readonly groups: readonly InterruptibleGroup[];
  /** The cluster's IAM OIDC provider, for the handler's service-account role. */
  readonly oidcProviderArn: pulumi.Input<string>;
  /** The OIDC issuer without `https://`. */
  readonly oidcIssuerHostPath: pulumi.Input<string>;
  /** The Kubernetes provider of the cluster the handler runs in. */
  readonly kubernetesProvider: k8s.Provider;
  /** Handler image. @default TERMINATION_HANDLER_IMAGE */
  readonly image?: string;
  /** Handler replicas; they share the queue, so one on a draining node doesn't stop the handling. @default 2 */
  readonly replicas?: number;
  /** Seconds a terminating instance waits for the drain before the ASG goes on. @default 300 */
  readonly drainTimeoutSeconds?: number;
}

/**
 * Drains a node before EC2 takes it: Spot interruption warnings, rebalance recommendations, state
 * changes and ASG termination lifecycle actions go from EventBridge to an encrypted SQS queue, which
 * aws-node-termination-handler (queue mode, plain Kubernetes objects) reads to cordon and drain the
 * node, then completes the lifecycle action. With capacity rebalancing on the groups, a replacement is
 * usually running before the old node is drained.
 */
export class SpotInterruptionHandler extends pulumi.ComponentResource {
  readonly queueUrl: pulumi.Output<string>;
  readonly queueArn: pulumi.Output<string>;
  readonly roleArn: pulumi.Output<string>;

  constructor(name: string, args: SpotInterruptionHandlerArgs, opts?: pulumi.ComponentResourceOptions) {
    super("openclaw:infra:SpotInterruptionHandler", name, {}, opts);
    const parent = { parent: this };
    const region = aws.getRegionOutput({}, parent);

    const queue = new aws.sqs.Queue(
      `${name}-queue`,
      // Notices older than the two-minute Spot warning are useless; SSE with SQS-owned keys.
      { messageRetentionSeconds: 300, sqsManagedSseEnabled: true },
      parent,
    );
    for (const group of args.groups) {
      new aws.autoscaling.LifecycleHook(
        `${name}-${group.key}-terminate`,
        {
          name: `${group.key}-node-drain`,
          autoscalingGroupName: group.groupName,
          lifecycleTransition: "autoscaling:EC2_INSTANCE_TERMINATING",
          defaultResult: "CONTINUE",
          heartbeatTimeout: args.drainTimeoutSeconds ?? 300,
        },
        parent,
      );
    }
    const patterns = pulumi.all(args.groups.map((g) => g.groupName)).apply(interruptionEventPatterns);
    const rules = Object.keys(interruptionEventPatterns([])).map((suffix) => {
      const rule = new aws.cloudwatch.EventRule(
        `${name}-${suffix}`,
        {
          description: `Node interruption notices (${suffix}) for aws-node-termination-handler`,
          eventPattern: patterns.apply((all) => JSON.stringify(all[suffix])),
        },
        parent,
      );
      new aws.cloudwatch.EventTarget(`${name}-${suffix}-target`, { rule: rule.name, arn: queue.arn }, parent);
      return rule;
    });
    new aws.sqs.QueuePolicy(
      `${name}-queue-policy`,
      {
        queueUrl: queue.url,
        policy: pulumi.all([queue.arn, ...rules.map((r) => r.arn)]).apply(([queueArn, ...sources]) =>
          JSON.stringify({
            Version: "2012-10-17",
            Statement: [
              {
                Sid: "EventBridgeSends",
                Effect: "Allow",
                Principal: { Service: ["events.amazonaws.com", "sqs.amazonaws.com"] },
                Action: "sqs:SendMessage",
                Resource: queueArn,
                Condition: { ArnEquals: { "aws:SourceArn": sources } },
              },
              {
                Sid: "DenyInsecureTransport",
                Effect: "Deny",
                Principal: "*",
                Action: "sqs:*",
                Resource: queueArn,
                Condition: { Bool: { "aws:SecureTransport": "false" } },
              },
            ],
          }),
        ),
      },
      parent,
    );

    const role = new aws.iam.Role(
      `${name}-role`,
      {
        assumeRolePolicy: pulumi
          .all([args.oidcProviderArn, args.oidcIssuerHostPath])
          .apply(([providerArn, issuer]) => serviceAccountTrustPolicy(providerArn, issuer, NAMESPACE, APP)),
      },
      parent,
    );
    new aws.iam.RolePolicy(
      `${name}-role-policy`,
      {
        role: role.name,
        policy: pulumi
          .all([queue.arn, ...args.groups.map((g) => g.groupArn)])
          .apply(([queueArn, ...groupArns]) =>
            JSON.stringify({
              Version: "2012-10-17",
              Statement: [
                { Effect: "Allow", Action: ["sqs:ReceiveMessage", "sqs:DeleteMessage"], Resource: queueArn },
                { Effect: "Allow", Action: "autoscaling:CompleteLifecycleAction", Resource: groupArns },
                {
                  // Describe calls have no resource-level permissions.
                  Effect: "Allow",
                  Action: [
                    "autoscaling:DescribeAutoScalingInstances",
                    "autoscaling:DescribeTags",
                    "ec2:DescribeInstances",
                  ],
                  Resource: "*",
                },
              ],
            }),
          ),
      },
      parent,
    );

    const k8sOpts = { parent: this, provider: args.kubernetesProvider };
    const labels = {
      "app.kubernetes.io/name": APP,
      "app.kubernetes.io/part-of": "openclaw",
      "app.kubernetes.io/managed-by": "pulumi",
    };
    const serviceAccount = new k8s.core.v1.ServiceAccount(
      `${name}-sa`,
      {
        metadata: {
          name: APP,
          namespace: NAMESPACE,
          labels,
          annotations: { "eks.amazonaws.com/role-arn": role.arn },
        },
      },
      k8sOpts,
    );
    const clusterRole = new k8s.rbac.v1.ClusterRole(
      `${name}-cluster-role`,
      {
        metadata: { name: APP, labels },
        rules: [
          { apiGroups: [""], resources: ["nodes"], verbs: ["get", "list", "patch", "update"] },
          { apiGroups: [""], resources: ["pods"], verbs: ["get", "list"] },
          { apiGroups: [""], resources: ["pods/eviction"], verbs: ["create"] },
          { apiGroups: ["apps"], resources: ["daemonsets"], verbs: ["get"] },
          { apiGroups: [""], resources: ["events"], verbs: ["create"] },
        ],
      },
      k8sOpts,
    );
    new k8s.rbac.v1.ClusterRoleBinding(
      `${name}-cluster-role-binding`,
      {
        metadata: { name: APP, labels },
        roleRef: {
          apiGroup: "rbac.authorization.k8s.io",
          kind: "ClusterRole",
          name: clusterRole.metadata.name,
        },
        subjects: [{ kind: "ServiceAccount", name: serviceAccount.metadata.name, namespace: NAMESPACE }],
      },
      k8sOpts,
    );
    const fieldEnv = (envName: string, fieldPath: string) => ({
      name: envName,
      valueFrom: { fieldRef: { fieldPath } },
    });
    const probe = {
      httpGet: { path: "/healthz", port: PROBE_PORT },
      initialDelaySeconds: 5,
      periodSeconds: 10,
    };
    new k8s.apps.v1.Deployment(
      `${name}-deployment`,
      {
        metadata: { name: APP, namespace: NAMESPACE, labels },
        spec: {
          replicas: args.replicas ?? 2,
          selector: { matchLabels: labels },
          template: {
            metadata: { labels },
            spec: {
              serviceAccountName: serviceAccount.metadata.name,
              priorityClassName: "system-cluster-critical",
              // No toleration for the Spot taint: the handler lives on On-Demand nodes, which it may drain.
              securityContext: { runAsNonRoot: true, runAsUser: 1000, runAsGroup: 1000, fsGroup: 1000 },
              containers: [
                {
                  name: APP,
                  image: args.image ?? TERMINATION_HANDLER_IMAGE,
                  env: [
                    fieldEnv("NODE_NAME", "spec.nodeName"),
                    fieldEnv("POD_NAME", "metadata.name"),
                    fieldEnv("NAMESPACE", "metadata.namespace"),
                    { name: "ENABLE_SQS_TERMINATION_DRAINING", value: "true" },
                    { name: "QUEUE_URL", value: queue.url },
                    { name: "AWS_REGION", value: region.region },
                    { name: "CHECK_TAG_BEFORE_DRAINING", value: "true" },
                    { name: "MANAGED_TAG", value: TERMINATION_HANDLER_MANAGED_TAG },
                    { name: "DELETE_SQS_MSGS_IF_NODE_NOT_FOUND", value: "true" },
                    { name: "IGNORE_DAEMON_SETS", value: "true" },
                    { name: "DELETE_LOCAL_DATA", value: "true" },
                    { name: "POD_TERMINATION_GRACE_PERIOD", value: "-1" },
                    { name: "NODE_TERMINATION_GRACE_PERIOD", value: "120" },
                    { name: "EMIT_KUBERNETES_EVENTS", value: "true" },
                    { name: "JSON_LOGGING", value: "true" },
                    { name: "ENABLE_PROBES_SERVER", value: "true" },
                    { name: "PROBES_SERVER_PORT", value: String(PROBE_PORT) },
                    { name: "PROBES_SERVER_ENDPOINT", value: "/healthz" },
                  ],
                  ports: [{ name: "probes", containerPort: PROBE_PORT }],
                  livenessProbe: probe,
                  readinessProbe: probe,
                  resources: {
                    requests: { cpu: "50m", memory: "64Mi" },
                    limits: { cpu: "200m", memory: "128Mi" },
                  },
                  securityContext: {
                    runAsNonRoot: true,
                    readOnlyRootFilesystem: true,
                    allowPrivilegeEscalation: false,
                    capabilities: { drop: ["ALL"] },
                  },
                },
              ],
            },
          },
        },
      },
      k8sOpts,
    );
    new k8s.policy.v1.PodDisruptionBudget(
      `${name}-pdb`,
      {
        metadata: { name: APP, namespace: NAMESPACE, labels },
        spec: { minAvailable: 1, selector: { matchLabels: labels } },
      },
      k8sOpts,
    );

    this.queueUrl = queue.url;
    this.queueArn = queue.arn;
    this.roleArn = role.arn;
    this.registerOutputs({ queueUrl: this.queueUrl, queueArn: this.queueArn, roleArn: this.roleArn });
  }
}
