import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { throwIfArgIssues } from "../../../infra/arg-errors";
import { GATEWAY_NODE_PORT } from "../../../infra/gateway-node-port";
import type { GatewayServiceArgs } from "./args";
import { PRE_STOP_SECONDS, pdbMinAvailable, rolloutChecksum, terminationGraceSeconds } from "./plan";
import { renderGatewayConfig } from "./render-config";
import { planSecretEntries, redisPortOf, secretValue } from "./secrets";
import { type ResolvedSizing, validateSizing } from "./validate";

/** The port the gateway listens on inside the pod (the image's default). */
export const GATEWAY_PORT = 8787;
/** The numeric user the gateway image runs as (services/gateway/Dockerfile). */
export const GATEWAY_UID = 10001;
const CONFIG_DIR = "/etc/openclaw";
const CONFIG_FILE = "gateway.yaml";
const CHECKSUM_ANNOTATION = "openclaw.dev/config-checksum";

/**
 * The OpenAI-compatible gateway on any Kubernetes cluster, from plain @pulumi/kubernetes objects:
 * a hardened Deployment with probes, drain-aware shutdown and zone spread, a Service, an autoscaler, a
 * disruption budget, a default-deny NetworkPolicy, its config in a ConfigMap and its secrets only in a
 * Secret. Pass a Kubernetes provider through `opts.provider` to choose the cluster.
 */
export class GatewayService extends pulumi.ComponentResource {
  /** The Service's name. */
  readonly serviceName: pulumi.Output<string>;
  /** The namespace everything runs in. */
  readonly namespace: pulumi.Output<string>;
  /** The in-cluster base URL, e.g. `http://gateway.openclaw-gateway.svc.cluster.local`. */
  readonly url: pulumi.Output<string>;
  /** The node port when exposed as NodePort. */
  readonly nodePort: pulumi.Output<number | undefined>;
  /** The load balancer's hostname (or IP) when exposed as LoadBalancer. */
  readonly loadBalancerHostname: pulumi.Output<string | undefined>;

  constructor(name: string, args: GatewayServiceArgs, opts?: pulumi.ComponentResourceOptions) {
    super("openclaw:index:GatewayService", name, {}, opts);

    const sizing: ResolvedSizing = {
      minReplicas: args.minReplicas ?? 2,
      maxReplicas: args.maxReplicas ?? 6,
      targetCpuUtilization: args.targetCpuUtilization ?? 70,
      targetMemoryUtilization: args.targetMemoryUtilization ?? 80,
      requests: {
        cpu: args.resources?.requests?.cpu ?? "250m",
        memory: args.resources?.requests?.memory ?? "256Mi",
      },
      limits: { cpu: args.resources?.limits?.cpu ?? "1", memory: args.resources?.limits?.memory ?? "512Mi" },
      exposure: args.exposure ?? "ClusterIP",
      nodePort: args.nodePort ?? GATEWAY_NODE_PORT,
      egressPorts: args.egressPorts ?? [443],
    };
    const secrets = planSecretEntries(args);
    const config = renderGatewayConfig(args.config, secrets.entries);
    throwIfArgIssues(`GatewayService "${name}"`, [
      ...validateSizing(sizing),
      ...secrets.issues,
      ...config.issues,
    ]);

    const child = { parent: this };
    const namespaceName = args.namespace ?? "openclaw-gateway";
    const namespace =
      (args.createNamespace ?? true)
        ? new k8s.core.v1.Namespace(`${name}-ns`, { metadata: { name: namespaceName } }, child).metadata.name
        : pulumi.output(namespaceName);
    const labels = {
      "app.kubernetes.io/name": "openclaw-gateway",
      "app.kubernetes.io/instance": name,
    };
    const meta = {
      namespace,
      labels: {
        ...labels,
        "app.kubernetes.io/part-of": "openclaw",
        "app.kubernetes.io/managed-by": "pulumi",
      },
    };

    const serviceAccount = new k8s.core.v1.ServiceAccount(
      `${name}-sa`,
      { metadata: meta, automountServiceAccountToken: false },
      child,
    );
    const configMap = new k8s.core.v1.ConfigMap(
      `${name}-config`,
      { metadata: meta, data: { [CONFIG_FILE]: config.yaml } },
      child,
    );
    const secretValues = Object.fromEntries(
      secrets.entries.map((entry) => [entry.secretKey, secretValue(entry)]),
    );
    const secret = new k8s.core.v1.Secret(
      `${name}-secrets`,
      { metadata: meta, type: "Opaque", stringData: secretValues },
      child,
    );
    // Only digests of the secret values reach the checksum, so the annotation is safe to show in clear.
    const checksum = pulumi.unsecret(
      pulumi.all(secretValues).apply((values) => rolloutChecksum(config.yaml, values)),
    );

    const deployment = new k8s.apps.v1.Deployment(
      `${name}-deployment`,
      {
        // Named, so the autoscaler's target and `kubectl rollout status deploy/<name>` are predictable.
        metadata: { ...meta, name },
        spec: {
          replicas: sizing.minReplicas,
          selector: { matchLabels: labels },
          strategy: { type: "RollingUpdate", rollingUpdate: { maxUnavailable: 0, maxSurge: 1 } },
          template: {
            metadata: { labels: meta.labels, annotations: { [CHECKSUM_ANNOTATION]: checksum } },
            spec: {
              serviceAccountName: serviceAccount.metadata.name,
              automountServiceAccountToken: false,
              terminationGracePeriodSeconds: terminationGraceSeconds(config.drainTimeoutMs),
              securityContext: {
                runAsNonRoot: true,
                runAsUser: GATEWAY_UID,
                runAsGroup: GATEWAY_UID,
                fsGroup: GATEWAY_UID,
                seccompProfile: { type: "RuntimeDefault" },
              },
              topologySpreadConstraints: ["topology.kubernetes.io/zone", "kubernetes.io/hostname"].map(
                (topologyKey) => ({
                  maxSkew: 1,
                  topologyKey,
                  // ScheduleAnyway: a single-zone cluster still runs every replica.
                  whenUnsatisfiable: "ScheduleAnyway",
                  labelSelector: { matchLabels: labels },
                }),
              ),
              ...scheduling(args),
              containers: [
                {
                  name: "gateway",
                  image: args.image,
                  args: [
                    "--config",
                    `${CONFIG_DIR}/${CONFIG_FILE}`,
                    "--port",
                    `${GATEWAY_PORT}`,
                    "--host",
                    "0.0.0.0",
                  ],
                  ports: [{ name: "http", containerPort: GATEWAY_PORT, protocol: "TCP" }],
                  env: secrets.entries.map((entry) => ({
                    name: entry.env,
                    valueFrom: { secretKeyRef: { name: secret.metadata.name, key: entry.secretKey } },
                  })),
                  resources: { requests: sizing.requests, limits: sizing.limits },
                  securityContext: {
                    runAsNonRoot: true,
                    runAsUser: GATEWAY_UID,
                    readOnlyRootFilesystem: true,
                    allowPrivilegeEscalation: false,
                    capabilities: { drop: ["ALL"] },
                  },
                  startupProbe: httpProbe("/healthz", { periodSeconds: 2, failureThreshold: 30 }),
                  livenessProbe: httpProbe("/healthz", { periodSeconds: 10, failureThreshold: 3 }),
                  readinessProbe: httpProbe("/readyz", { periodSeconds: 5, failureThreshold: 2 }),
                  lifecycle: {
                    // Endpoints stop routing here before SIGTERM starts the drain. `node` is the one binary
                    // the image is sure to have (it may be distroless: no shell, no sleep).
                    preStop: {
                      exec: { command: ["node", "-e", `setTimeout(() => {}, ${PRE_STOP_SECONDS * 1000})`] },
                    },
                  },
                  volumeMounts: [
                    { name: "config", mountPath: CONFIG_DIR, readOnly: true },
                    { name: "tmp", mountPath: "/tmp" },
                  ],
                },
              ],
              volumes: [
                { name: "config", configMap: { name: configMap.metadata.name } },
                { name: "tmp", emptyDir: { sizeLimit: "64Mi" } },
              ],
            },
          },
        },
      },
      // The autoscaler owns the replica count after creation.
      { ...child, ignoreChanges: ["spec.replicas"] },
    );

    const service = new k8s.core.v1.Service(
      `${name}-service`,
      {
        metadata: { ...meta, name },
        spec: {
          type: sizing.exposure,
          selector: labels,
          ports: [
            {
              name: "http",
              port: 80,
              targetPort: "http",
              protocol: "TCP",
              ...(sizing.exposure === "NodePort" ? { nodePort: sizing.nodePort } : {}),
            },
          ],
        },
      },
      child,
    );

    new k8s.autoscaling.v2.HorizontalPodAutoscaler(
      `${name}-hpa`,
      {
        metadata: meta,
        spec: {
          scaleTargetRef: { apiVersion: "apps/v1", kind: "Deployment", name: deployment.metadata.name },
          minReplicas: sizing.minReplicas,
          maxReplicas: sizing.maxReplicas,
          metrics: [
            utilization("cpu", sizing.targetCpuUtilization),
            utilization("memory", sizing.targetMemoryUtilization),
          ],
        },
      },
      child,
    );

    new k8s.policy.v1.PodDisruptionBudget(
      `${name}-pdb`,
      {
        metadata: meta,
        spec: { minAvailable: pdbMinAvailable(sizing.minReplicas), selector: { matchLabels: labels } },
      },
      child,
    );

    new k8s.networking.v1.NetworkPolicy(
      `${name}-netpol`,
      { metadata: meta, spec: networkPolicySpec(args, namespaceName, labels, sizing.egressPorts) },
      child,
    );

    this.serviceName = service.metadata.name;
    this.namespace = namespace;
    this.url = pulumi.interpolate`http://${service.metadata.name}.${namespace}.svc.cluster.local`;
    this.nodePort = service.spec.ports.apply((ports) =>
      sizing.exposure === "NodePort" ? ports[0]?.nodePort : undefined,
    );
    this.loadBalancerHostname = service.status.apply((status) => {
      const ingress = status?.loadBalancer?.ingress?.[0];
      return sizing.exposure === "LoadBalancer" ? (ingress?.hostname ?? ingress?.ip) : undefined;
    });
    this.registerOutputs({
      serviceName: this.serviceName,
      namespace: this.namespace,
      url: this.url,
      nodePort: this.nodePort,
      loadBalancerHostname: this.loadBalancerHostname,
    });
  }
}

function httpProbe(path: string, timing: { periodSeconds: number; failureThreshold: number }) {
  return { httpGet: { path, port: "http" }, timeoutSeconds: 2, ...timing };
}

function utilization(resource: "cpu" | "memory", averageUtilization: number) {
  return {
    type: "Resource",
    resource: { name: resource, target: { type: "Utilization", averageUtilization } },
  };
}

function scheduling(args: GatewayServiceArgs) {
  const preferences = args.nodePreferences ?? [];
  return {
    ...(args.nodeSelector ? { nodeSelector: args.nodeSelector } : {}),
    ...(args.tolerations?.length ? { tolerations: args.tolerations } : {}),
    ...(preferences.length
      ? {
          affinity: {
            nodeAffinity: {
              preferredDuringSchedulingIgnoredDuringExecution: preferences.map((p) => ({
                weight: p.weight,
                preference: { matchExpressions: [{ key: p.key, operator: "In", values: p.values }] },
              })),
            },
          },
        }
      : {}),
  };
}

/** Default deny both ways, then: ingress from the given namespaces and CIDRs; egress to DNS, providers, Redis. */
function networkPolicySpec(
  args: GatewayServiceArgs,
  namespace: string,
  labels: Record<string, string>,
  egressPorts: readonly number[],
) {
  const from = [
    ...(args.ingressNamespaces ?? [namespace]).map((ns) => ({
      namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": ns } },
    })),
    ...(args.ingressCidrs ?? []).map((cidr) => ({ ipBlock: { cidr } })),
  ];
  const redisPort = redisPortOf(args.redisUrl);
  const tcp = (port: number) => ({ protocol: "TCP", port });
  return {
    podSelector: { matchLabels: labels },
    policyTypes: ["Ingress", "Egress"],
    // An empty `from` would admit every source: with no sources given, admit none.
    ingress: from.length > 0 ? [{ from, ports: [tcp(GATEWAY_PORT)] }] : [],
    egress: [
      { ports: [{ protocol: "UDP", port: 53 }, tcp(53)] },
      { ports: [...egressPorts, ...(redisPort === undefined ? [] : [redisPort])].map(tcp) },
    ],
  };
}
