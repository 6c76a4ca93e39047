import * as pulumi from "@pulumi/pulumi";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { GatewayService } from "../../../services/gateway/deploy";
import type { CapturedResource, EvaluationResult } from "../../../src/plan/types";
import { ofType, onlyOfType } from "../../infra/helpers";
import { familyPolicies, findings, judge } from "../../policies/harness";
import {
  ANTHROPIC_KEY,
  baseArgs,
  constructionError,
  exportsOf,
  OPENAI_KEY,
  REDIS_PASSWORD,
  runGateway,
  VIRTUAL_KEY,
} from "./fixture";

const T = {
  namespace: "kubernetes:core/v1:Namespace",
  serviceAccount: "kubernetes:core/v1:ServiceAccount",
  configMap: "kubernetes:core/v1:ConfigMap",
  secret: "kubernetes:core/v1:Secret",
  service: "kubernetes:core/v1:Service",
  deployment: "kubernetes:apps/v1:Deployment",
  hpa: "kubernetes:autoscaling/v2:HorizontalPodAutoscaler",
  pdb: "kubernetes:policy/v1:PodDisruptionBudget",
  networkPolicy: "kubernetes:networking.k8s.io/v1:NetworkPolicy",
} as const;

/** Each kind's upstream schema model from kubernetes-models (ESM, so loaded dynamically). */
type SchemaModel = new (data: object) => { validate(): void };
// Each model's constructor types its own kind's fields; the captured inputs are checked at run time.
const asModel = (model: unknown) => model as SchemaModel;

async function schemaModels(): Promise<Record<string, SchemaModel>> {
  const [core, apps, autoscaling, policy, networking] = await Promise.all([
    import("kubernetes-models/v1"),
    import("kubernetes-models/apps/v1"),
    import("kubernetes-models/autoscaling/v2"),
    import("kubernetes-models/policy/v1"),
    import("kubernetes-models/networking.k8s.io/v1"),
  ]);
  return {
    [T.namespace]: asModel(core.Namespace),
    [T.serviceAccount]: asModel(core.ServiceAccount),
    [T.configMap]: asModel(core.ConfigMap),
    [T.secret]: asModel(core.Secret),
    [T.service]: asModel(core.Service),
    [T.deployment]: asModel(apps.Deployment),
    [T.hpa]: asModel(autoscaling.HorizontalPodAutoscaler),
    [T.pdb]: asModel(policy.PodDisruptionBudget),
    [T.networkPolicy]: asModel(networking.NetworkPolicy),
  };
}

/** `${NAME}` as the rendered config references an environment variable. */
const envRef = (name: string) => `\${${name}}`;

const kubernetesObjects = (result: EvaluationResult) =>
  result.resources.filter((r) => r.type.startsWith("kubernetes:"));

function deploymentPod(result: EvaluationResult) {
  const spec = onlyOfType(result, T.deployment).inputs.spec as {
    template: { metadata: { annotations: Record<string, string> }; spec: Record<string, unknown> };
  };
  return spec.template;
}

function checksumOf(result: EvaluationResult): string | undefined {
  return deploymentPod(result).metadata.annotations["openclaw.dev/config-checksum"];
}

describe("GatewayService objects", () => {
  it("creates one of each kind and every object validates against the upstream Kubernetes schema", async () => {
    const result = await runGateway();
    const models = await schemaModels();
    expect(
      kubernetesObjects(result)
        .map((r) => r.type)
        .sort(),
    ).toEqual(Object.values(T).sort());
    for (const resource of kubernetesObjects(result)) {
      const Model = models[resource.type];
      if (Model === undefined) throw new Error(`no schema model for ${resource.type}`);
      expect(() => new Model(resource.inputs).validate(), resource.name).not.toThrow();
    }
  });

  it("the schema check can fail: a bad field in a captured object is caught", async () => {
    const result = await runGateway();
    const models = await schemaModels();
    const Deployment = models[T.deployment] as SchemaModel;
    const broken = structuredClone(onlyOfType(result, T.deployment).inputs) as {
      spec: { replicas: unknown };
    };
    broken.spec.replicas = "two";
    expect(() => new Deployment(broken).validate()).toThrow(/replicas/);
  });

  it("passes the pack's Kubernetes policies with their defaults, through the analyzer", async () => {
    const { violations } = await judge(() => exportsOf(new GatewayService("gateway", baseArgs())));
    expect(findings(violations, familyPolicies("kubernetes"))).toEqual([]);
    expect(violations.filter((v) => v.enforcementLevel === "mandatory")).toEqual([]);
  });

  it("hardens the pod: numeric non-root user, read-only root, no capabilities, seccomp, /tmp emptyDir", async () => {
    const pod = deploymentPod(await runGateway()).spec as {
      securityContext: object;
      automountServiceAccountToken: boolean;
      containers: Record<string, unknown>[];
      volumes: object[];
      terminationGracePeriodSeconds: number;
    };
    expect(pod.securityContext).toEqual({
      runAsNonRoot: true,
      runAsUser: 10001,
      runAsGroup: 10001,
      fsGroup: 10001,
      seccompProfile: { type: "RuntimeDefault" },
    });
    expect(pod.automountServiceAccountToken).toBe(false);
    const [container] = pod.containers;
    expect(container?.securityContext).toEqual({
      runAsNonRoot: true,
      runAsUser: 10001,
      readOnlyRootFilesystem: true,
      allowPrivilegeEscalation: false,
      capabilities: { drop: ["ALL"] },
    });
    expect(container?.volumeMounts).toContainEqual({ name: "tmp", mountPath: "/tmp" });
    expect(pod.volumes).toContainEqual({ name: "tmp", emptyDir: { sizeLimit: "64Mi" } });
    expect((container?.startupProbe as { httpGet: object } | undefined)?.httpGet).toEqual({
      path: "/healthz",
      port: "http",
    });
    expect((container?.livenessProbe as { httpGet: object } | undefined)?.httpGet).toEqual({
      path: "/healthz",
      port: "http",
    });
    expect((container?.readinessProbe as { httpGet: object } | undefined)?.httpGet).toEqual({
      path: "/readyz",
      port: "http",
    });
    // preStop 5 s + drainTimeoutMs 20 s + 5 s to exit.
    expect(pod.terminationGracePeriodSeconds).toBe(30);
  });

  it("rolls with maxUnavailable 0 and spreads across zones", async () => {
    const result = await runGateway();
    const spec = onlyOfType(result, T.deployment).inputs.spec as Record<string, unknown>;
    expect(spec.strategy).toEqual({
      type: "RollingUpdate",
      rollingUpdate: { maxUnavailable: 0, maxSurge: 1 },
    });
    const spread = deploymentPod(result).spec.topologySpreadConstraints as { topologyKey: string }[];
    expect(spread.map((c) => c.topologyKey)).toEqual([
      "topology.kubernetes.io/zone",
      "kubernetes.io/hostname",
    ]);
    expect(onlyOfType(result, T.serviceAccount).inputs.automountServiceAccountToken).toBe(false);
  });

  it("sets the HPA bounds to the args and keeps the PDB below the minimum replicas", async () => {
    const result = await runGateway(baseArgs({ minReplicas: 3, maxReplicas: 9 }));
    const hpa = onlyOfType(result, T.hpa).inputs.spec as Record<string, unknown>;
    expect(hpa.minReplicas).toBe(3);
    expect(hpa.maxReplicas).toBe(9);
    expect((hpa.metrics as { resource: { name: string } }[]).map((m) => m.resource.name)).toEqual([
      "cpu",
      "memory",
    ]);
    const minAvailable = (onlyOfType(result, T.pdb).inputs.spec as { minAvailable: number }).minAvailable;
    expect(minAvailable).toBe(2);
    expect(minAvailable).toBeLessThan(3);
  });

  it("mounts the config rendered to YAML with $ENV references, and env from the Secret", async () => {
    const result = await runGateway();
    const data = onlyOfType(result, T.configMap).inputs.data as Record<string, string>;
    const config = parse(data["gateway.yaml"] ?? "") as {
      providers: { apiKey: string }[];
      keys: { key: string }[];
      server: { redisUrl: string };
    };
    expect(config.providers.map((p) => p.apiKey)).toEqual([
      envRef("OPENCLAW_PROVIDER_KEY_OPENAI_MAIN"),
      envRef("OPENCLAW_PROVIDER_KEY_CLAUDE"),
    ]);
    expect(config.keys[0]?.key).toBe(envRef("OPENCLAW_VIRTUAL_KEY_TEAM_A"));
    expect(config.server.redisUrl).toBe(envRef("OPENCLAW_REDIS_URL"));
    const container = (deploymentPod(result).spec.containers as { env: unknown[]; args: string[] }[])[0];
    expect(container?.args).toEqual([
      "--config",
      "/etc/openclaw/gateway.yaml",
      "--port",
      "8787",
      "--host",
      "0.0.0.0",
    ]);
    const secretName = (onlyOfType(result, T.secret).inputs.metadata as { name?: string }).name;
    expect(container?.env).toContainEqual({
      name: "OPENCLAW_PROVIDER_KEY_OPENAI_MAIN",
      valueFrom: { secretKeyRef: { name: secretName, key: "provider-openai-main" } },
    });
  });

  it("restricts traffic: ingress from the given namespaces and CIDRs, egress to DNS, 443 and Redis only", async () => {
    const result = await runGateway(baseArgs({ ingressNamespaces: ["apps"], ingressCidrs: ["10.0.0.0/16"] }));
    const spec = onlyOfType(result, T.networkPolicy).inputs.spec as Record<string, unknown>;
    expect(spec.policyTypes).toEqual(["Ingress", "Egress"]);
    expect(spec.ingress).toEqual([
      {
        from: [
          { namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": "apps" } } },
          { ipBlock: { cidr: "10.0.0.0/16" } },
        ],
        ports: [{ protocol: "TCP", port: 8787 }],
      },
    ]);
    expect(spec.egress).toEqual([
      {
        ports: [
          { protocol: "UDP", port: 53 },
          { protocol: "TCP", port: 53 },
        ],
      },
      {
        ports: [
          { protocol: "TCP", port: 443 },
          { protocol: "TCP", port: 6379 },
        ],
      },
    ]);
  });

  it("with no ingress sources admits nothing rather than everything", async () => {
    const result = await runGateway(baseArgs({ ingressNamespaces: [] }));
    expect((onlyOfType(result, T.networkPolicy).inputs.spec as { ingress: unknown[] }).ingress).toEqual([]);
  });

  it("prefers spot nodes with on-demand as fallback when asked", async () => {
    const result = await runGateway(
      baseArgs({
        tolerations: [{ key: "openclaw.dev/capacity-type", value: "spot", effect: "NoSchedule" }],
        nodePreferences: [{ weight: 100, key: "openclaw.dev/capacity-type", values: ["spot"] }],
      }),
    );
    const pod = deploymentPod(result).spec;
    expect(pod.tolerations).toEqual([
      { key: "openclaw.dev/capacity-type", value: "spot", effect: "NoSchedule" },
    ]);
    expect(pod.affinity).toEqual({
      nodeAffinity: {
        preferredDuringSchedulingIgnoredDuringExecution: [
          {
            weight: 100,
            preference: {
              matchExpressions: [{ key: "openclaw.dev/capacity-type", operator: "In", values: ["spot"] }],
            },
          },
        ],
      },
    });
    expect(pod.nodeSelector).toBeUndefined();
  });

  it("reuses an existing namespace when asked", async () => {
    const result = await runGateway(baseArgs({ namespace: "ai", createNamespace: false }));
    expect(ofType(result, T.namespace)).toEqual([]);
    expect(result.outputs.url).toBe("http://gateway.ai.svc.cluster.local");
  });
});

describe("GatewayService exposure and outputs", () => {
  it("defaults to ClusterIP with an in-cluster URL", async () => {
    const result = await runGateway();
    expect((onlyOfType(result, T.service).inputs.spec as { type: string }).type).toBe("ClusterIP");
    expect(result.outputs).toMatchObject({
      serviceName: "gateway",
      namespace: "openclaw-gateway",
      url: "http://gateway.openclaw-gateway.svc.cluster.local",
    });
    expect(result.outputs.nodePort).toBeUndefined();
  });

  it("exposes the shared GATEWAY_NODE_PORT as NodePort by default", async () => {
    const result = await runGateway(baseArgs({ exposure: "NodePort" }));
    const spec = onlyOfType(result, T.service).inputs.spec as { type: string; ports: { nodePort: number }[] };
    expect(spec.type).toBe("NodePort");
    expect(spec.ports[0]?.nodePort).toBe(30080);
    expect(result.outputs.nodePort).toBe(30080);
  });
});

describe("GatewayService as a LoadBalancer", () => {
  it("asks for a LoadBalancer Service without a node port", async () => {
    const result = await runGateway(baseArgs({ exposure: "LoadBalancer", nodePort: 31000 }));
    const spec = onlyOfType(result, T.service).inputs.spec as {
      type: string;
      ports: Record<string, unknown>[];
    };
    expect(spec.type).toBe("LoadBalancer");
    expect(spec.ports).toEqual([{ name: "http", port: 80, targetPort: "http", protocol: "TCP" }]);
    expect(result.outputs.nodePort).toBeUndefined();
  });
});

describe("GatewayService secrets", () => {
  const SECRETS = [OPENAI_KEY, ANTHROPIC_KEY, VIRTUAL_KEY, REDIS_PASSWORD];

  it("keeps provider keys, virtual keys and the Redis password only in the Secret", async () => {
    const result = await runGateway();
    const secret = onlyOfType(result, T.secret);
    for (const value of SECRETS) expect(JSON.stringify(secret.inputs)).toContain(value);
    const elsewhere: CapturedResource[] = result.resources.filter((r) => r.urn !== secret.urn);
    expect(elsewhere.length).toBeGreaterThan(8);
    const leaks = SECRETS.flatMap((value) => [
      ...elsewhere
        .filter((r) => JSON.stringify(r.inputs).includes(value))
        .map((r) => `${r.name} has ${value}`),
      ...(JSON.stringify(result.outputs).includes(value) ? [`outputs have ${value}`] : []),
    ]);
    expect(leaks).toEqual([]);
  });

  it("changes the pod template checksum when the config or a secret changes, and only then", async () => {
    const base = checksumOf(await runGateway());
    const same = checksumOf(await runGateway());
    const configChanged = checksumOf(
      await runGateway(baseArgs({ config: { ...baseArgs().config, server: { drainTimeoutMs: 25_000 } } })),
    );
    const keyChanged = checksumOf(
      await runGateway(
        baseArgs({
          providerKeys: { "openai-main": pulumi.secret("sk-rotated"), claude: pulumi.secret(ANTHROPIC_KEY) },
        }),
      ),
    );
    expect(base).toMatch(/^[0-9a-f]{64}$/);
    expect(same).toBe(base);
    expect(configChanged).not.toBe(base);
    expect(keyChanged).not.toBe(base);
  });
});

describe("GatewayService bad args fail at construction naming the arg and value", () => {
  it.each([
    [{ minReplicas: 5, maxReplicas: 3 }, "minReplicas", "minReplicas must not exceed maxReplicas (3); got 5"],
    [
      { resources: { requests: { cpu: "500m" }, limits: { cpu: "250m" } } },
      "resources.limits.cpu",
      'resources.limits.cpu must be at least resources.requests.cpu (500m); got "250m"',
    ],
    [
      { resources: { requests: { memory: "1Gi" }, limits: { memory: "512Mi" } } },
      "resources.limits.memory",
      'resources.limits.memory must be at least resources.requests.memory (1Gi); got "512Mi"',
    ],
    [
      { exposure: "Ingress" as "ClusterIP" },
      "exposure",
      'exposure must be one of ClusterIP, NodePort, LoadBalancer; got "Ingress"',
    ],
  ])("%j → %s", async (overrides, path, reason) => {
    const err = await constructionError(baseArgs(overrides));
    expect(err).toBeInstanceOf(pulumi.InputPropertyError);
    expect((err as pulumi.InputPropertyError).propertyPath).toBe(path);
    expect(err.message).toBe(`GatewayService "gateway": ${reason}`);
  });

  it("an unknown provider kind names the config field, the kind and the allowed kinds", async () => {
    const args = baseArgs();
    const err = await constructionError({
      ...args,
      config: {
        ...args.config,
        providers: [{ id: "openai-main", kind: "openia" }, ...args.config.providers.slice(1)],
      },
    });
    expect((err as pulumi.InputPropertyError).propertyPath).toBe("config.providers[0].kind");
    expect(err.message).toMatch(
      /^GatewayService "gateway": config\.providers\[0\]\.kind: unknown provider kind 'openia' \(allowed: .*openai/,
    );
  });

  it("a provider key given as a plain string is refused by name, without echoing it", async () => {
    const err = await constructionError(
      baseArgs({ providerKeys: { "openai-main": OPENAI_KEY, claude: pulumi.secret(ANTHROPIC_KEY) } }),
    );
    expect((err as pulumi.InputPropertyError).propertyPath).toBe("providerKeys.openai-main");
    expect(err.message).toBe(
      `GatewayService "gateway": providerKeys.openai-main must be a Pulumi secret (pulumi.secret(...) or config.requireSecret(...)), not a plain string; got a plain string of ${OPENAI_KEY.length} characters`,
    );
    expect(err.message).not.toContain(OPENAI_KEY);
  });

  it("a Redis URL with a password as a plain string is refused", async () => {
    const err = await constructionError(baseArgs({ redisUrl: `redis://:${REDIS_PASSWORD}@redis:6379` }));
    expect((err as pulumi.InputPropertyError).propertyPath).toBe("redisUrl");
    expect(err.message).not.toContain(REDIS_PASSWORD);
  });

  it("an API key written into the config is refused: it would land in the ConfigMap", async () => {
    const args = baseArgs();
    const [first, ...rest] = args.config.providers;
    const err = await constructionError({
      ...args,
      config: {
        ...args.config,
        providers: [{ ...first, apiKey: "sk-inline" } as (typeof rest)[number], ...rest],
      },
    });
    expect((err as pulumi.InputPropertyError).propertyPath).toBe("config.providers[0].apiKey");
    expect(err.message).toContain('pass it as providerKeys["openai-main"], a Pulumi secret');
  });

  it("a key for a provider the config does not define is refused", async () => {
    const err = await constructionError(
      baseArgs({
        providerKeys: {
          "openai-main": pulumi.secret("a"),
          claude: pulumi.secret("b"),
          gemini: pulumi.secret("c"),
        },
      }),
    );
    expect((err as pulumi.InputPropertyError).propertyPath).toBe("providerKeys.gemini");
    expect(err.message).toBe(
      'GatewayService "gateway": providerKeys.gemini names no entry of config.providers (ids: openai-main, claude)',
    );
  });

  it("a key map that is itself an Output is refused: its ids decide the Secret's keys", async () => {
    const err = await constructionError(
      baseArgs({
        providerKeys: pulumi.secret({ "openai-main": OPENAI_KEY }) as unknown as Record<string, string>,
      }),
    );
    expect((err as pulumi.InputPropertyError).propertyPath).toBe("providerKeys");
    expect(err.message).not.toContain(OPENAI_KEY);
  });

  it("several problems are reported together", async () => {
    const err = await constructionError(baseArgs({ minReplicas: 0, targetCpuUtilization: 150 }));
    expect(err).toBeInstanceOf(pulumi.InputPropertiesError);
    expect((err as pulumi.InputPropertiesError).errors.map((e) => e.propertyPath)).toEqual([
      "minReplicas",
      "targetCpuUtilization",
    ]);
  });
});
