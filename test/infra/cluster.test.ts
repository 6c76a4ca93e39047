import type * as pulumi from "@pulumi/pulumi";
import { beforeAll, describe, expect, it } from "vitest";
import { Cluster, CONTROL_PLANE_LOG_TYPES, CORE_ADDONS } from "../../infra/cluster";
import { eksAmiParameter } from "../../infra/node-bootstrap";
import { mockCall, mockResource } from "../../src/plan/mocks";
import type { CapturedResource, EvaluationResult } from "../../src/plan/types";
import { evaluate, evaluatePlatform, input, named, ofType, onlyOfType, policyDocument } from "./helpers";

const EKS = "aws:eks/cluster:Cluster";
const LT = "aws:ec2/launchTemplate:LaunchTemplate";
const ASG = "aws:autoscaling/group:Group";

const userDataOf = (template: CapturedResource) =>
  Buffer.from(String(template.inputs.userData), "base64").toString("utf8");
const asgTags = (group: CapturedResource) =>
  Object.fromEntries((group.inputs.tags as { key: string; value: string }[]).map((t) => [t.key, t.value]));
/** Upstream Kubernetes schema models (kubernetes-models is ESM, so loaded dynamically) for the handler's kinds. */
async function handlerSchemas(): Promise<Record<string, new (data: object) => { validate(): void }>> {
  const [core, apps, policy, rbac] = await Promise.all([
    import("kubernetes-models/v1"),
    import("kubernetes-models/apps/v1"),
    import("kubernetes-models/policy/v1"),
    import("kubernetes-models/rbac.authorization.k8s.io/v1"),
  ]);
  // Each model's constructor types its own kind's fields; the captured inputs are checked at run time.
  return Object.fromEntries(
    Object.entries({
      "kubernetes:core/v1:ServiceAccount": core.ServiceAccount,
      "kubernetes:apps/v1:Deployment": apps.Deployment,
      "kubernetes:policy/v1:PodDisruptionBudget": policy.PodDisruptionBudget,
      "kubernetes:rbac.authorization.k8s.io/v1:ClusterRole": rbac.ClusterRole,
      "kubernetes:rbac.authorization.k8s.io/v1:ClusterRoleBinding": rbac.ClusterRoleBinding,
    }).map(([type, model]) => [type, model as unknown as new (data: object) => { validate(): void }]),
  );
}

/** The id part of a "<provider urn>::<id>" reference, or the URN alone. */
const providerUrn = (ref: string | undefined) => ref?.split("::").slice(0, -1).join("::");

describe.each(["dev", "prod"])("the %s stack's cluster", (stack) => {
  let result: EvaluationResult;
  let eks: CapturedResource;
  beforeAll(async () => {
    result = await evaluatePlatform(stack);
    eks = onlyOfType(result, EKS);
  });

  it("runs EKS from config in the private subnets, secrets encrypted with the cluster's key, logs on", () => {
    expect(eks.inputs).toMatchObject({
      name: `openclaw-${stack}`,
      version: "1.35",
      encryptionConfig: {
        resources: ["secrets"],
        provider: {
          keyArn: expect.stringMatching(/^arn:aws:kms:us-east-1:123456789012:key\//),
        },
      },
      enabledClusterLogTypes: [...CONTROL_PLANE_LOG_TYPES],
      accessConfig: { authenticationMode: "API", bootstrapClusterCreatorAdminPermissions: true },
      bootstrapSelfManagedAddons: false,
      kubernetesNetworkConfig: { serviceIpv4Cidr: "172.20.0.0/16", ipFamily: "ipv4" },
    });
    const privateSubnets = ofType(result, "aws:ec2/subnet:Subnet").filter((s) =>
      s.name.includes("-private-"),
    );
    expect((input(eks, "vpcConfig.subnetIds") as string[]).length).toBe(privateSubnets.length);
    expect(eks.propertyDependencies?.vpcConfig).toEqual(
      expect.arrayContaining(privateSubnets.map((s) => s.urn)),
    );
    expect(eks.propertyDependencies?.vpcConfig).not.toEqual(
      expect.arrayContaining([expect.stringContaining("-public-")]),
    );
    expect(eks.propertyDependencies?.encryptionConfig).toEqual([named(result, "cluster-key-key").urn]);
  });

  it(
    stack === "prod" ? "keeps the API endpoint private" : "opens the API endpoint to the allow-list only",
    () => {
      expect(input(eks, "vpcConfig.endpointPrivateAccess")).toBe(true);
      if (stack === "prod") {
        expect(input(eks, "vpcConfig.endpointPublicAccess")).toBe(false);
        expect(input(eks, "vpcConfig.publicAccessCidrs")).toBeUndefined();
      } else {
        expect(input(eks, "vpcConfig.endpointPublicAccess")).toBe(true);
        expect(input(eks, "vpcConfig.publicAccessCidrs")).toEqual(["203.0.113.0/24"]);
      }
    },
  );

  it("writes control-plane logs to its own group with retention, encrypted with the key CloudWatch may use", () => {
    const logs = named(result, "cluster-logs");
    expect(logs.inputs).toMatchObject({
      name: `/aws/eks/openclaw-${stack}/cluster`,
      retentionInDays: stack === "prod" ? 365 : 30,
    });
    expect(logs.propertyDependencies?.kmsKeyId).toEqual([named(result, "cluster-key-key").urn]);
    expect(eks.dependencies).toContain(logs.urn);
    const statements = policyDocument(named(result, "cluster-key-key")).Statement;
    expect(statements[1]).toMatchObject({
      Principal: { Service: "logs.us-east-1.amazonaws.com" },
      Condition: {
        ArnEquals: {
          "kms:EncryptionContext:aws:logs:arn": `arn:aws:logs:us-east-1:123456789012:log-group:/aws/eks/openclaw-${stack}/cluster`,
        },
      },
    });
  });

  it("admits the node role through an EC2_LINUX access entry, with the policies nodes need", () => {
    const entry = onlyOfType(result, "aws:eks/accessEntry:AccessEntry");
    expect(entry.inputs.type).toBe("EC2_LINUX");
    expect(entry.propertyDependencies?.principalArn).toEqual([named(result, "cluster-node-role").urn]);
    const attached = ofType(result, "aws:iam/rolePolicyAttachment:RolePolicyAttachment")
      .filter((a) => a.name.startsWith("cluster-node-role-"))
      .map((a) => a.inputs.policyArn);
    expect(attached.sort()).toEqual([
      "arn:aws:iam::aws:policy/AmazonEC2ContainerRegistryReadOnly",
      "arn:aws:iam::aws:policy/AmazonEKSWorkerNodePolicy",
      "arn:aws:iam::aws:policy/AmazonEKS_CNI_Policy",
      "arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore",
    ]);
  });

  it("has an OIDC provider for service-account roles and the four core add-ons", () => {
    const oidc = onlyOfType(result, "aws:iam/openIdConnectProvider:OpenIdConnectProvider");
    expect(oidc.inputs.url).toMatch(/^https:\/\/oidc\.eks\.us-east-1\.amazonaws\.com\/id\/[0-9A-F]{32}$/);
    expect(oidc.inputs.clientIdLists).toEqual(["sts.amazonaws.com"]);
    const addons = ofType(result, "aws:eks/addon:Addon");
    expect(addons.map((a) => a.inputs.addonName).sort()).toEqual([...CORE_ADDONS].sort());
    for (const addon of addons) expect(addon.inputs.resolveConflictsOnCreate).toBe("OVERWRITE");
  });

  it.each(["baseline", "burst"])(
    "joins the %s pool: EKS AMI, nodeadm user data, node profile, SG and tags",
    (pool) => {
      const template = named(result, `${pool}-lt`);
      const expectedAmi = mockCall(
        {
          token: "aws:ssm/getParameter:getParameter",
          inputs: { name: eksAmiParameter("1.35") },
        } as pulumi.runtime.MockCallArgs,
        { region: "us-east-1" },
      ).value;
      expect(template.inputs.imageId).toBe(expectedAmi);
      expect(template.inputs.imageId).toMatch(/^ami-[0-9a-f]{17}$/);
      const userData = userDataOf(template);
      expect(userData).toContain(`name: openclaw-${stack}\n`);
      const endpoint = mockResource(
        { type: EKS, name: "cluster-eks", inputs: eks.inputs } as pulumi.runtime.MockResourceArgs,
        { region: "us-east-1" },
      ).state.endpoint;
      expect(userData).toContain(`apiServerEndpoint: ${endpoint}\n`);
      expect(endpoint).toMatch(/^https:\/\/[0-9A-F]{32}\.gr7\.us-east-1\.eks\.amazonaws\.com$/);
      expect(userData).toContain(`--node-labels=openclaw.dev/pool=${pool}`);
      expect(userData).toContain("--register-with-taints=openclaw.dev/capacity-type=spot:NoSchedule");
      expect(template.propertyDependencies?.iamInstanceProfile).toEqual([
        named(result, "cluster-node-profile").urn,
      ]);
      expect(template.propertyDependencies?.networkInterfaces).toEqual(
        expect.arrayContaining([named(result, "cluster-node-sg").urn, named(result, `${pool}-sg`).urn]),
      );
      expect(input(template, "metadataOptions.httpTokens")).toBe("required");
      expect(ofType(result, "aws:iam/instanceProfile:InstanceProfile").map((p) => p.name)).toEqual([
        "cluster-node-profile",
      ]);
      const tags = asgTags(named(result, `${pool}-asg`));
      expect(tags).toMatchObject({
        "k8s.io/cluster-autoscaler/enabled": "true",
        [`k8s.io/cluster-autoscaler/openclaw-${stack}`]: "owned",
        [`kubernetes.io/cluster/openclaw-${stack}`]: "owned",
        "aws-node-termination-handler/managed": "true",
        environment: stack,
      });
      expect(named(result, `${pool}-asg`).inputs.capacityRebalance).toBe(true);
    },
  );

  it("drains interrupted nodes: EventBridge rules -> encrypted SQS -> the termination handler", () => {
    const queue = onlyOfType(result, "aws:sqs/queue:Queue");
    expect(queue.inputs.sqsManagedSseEnabled).toBe(true);
    const rules = ofType(result, "aws:cloudwatch/eventRule:EventRule");
    const patterns = Object.fromEntries(
      rules.map((r) => [r.name, JSON.parse(String(r.inputs.eventPattern))]),
    );
    expect(patterns).toEqual({
      "node-drain-spot-interruption": {
        source: ["aws.ec2"],
        "detail-type": ["EC2 Spot Instance Interruption Warning"],
      },
      "node-drain-rebalance": {
        source: ["aws.ec2"],
        "detail-type": ["EC2 Instance Rebalance Recommendation"],
      },
      "node-drain-state-change": {
        source: ["aws.ec2"],
        "detail-type": ["EC2 Instance State-change Notification"],
      },
      "node-drain-asg-lifecycle": {
        source: ["aws.autoscaling"],
        "detail-type": ["EC2 Instance-terminate Lifecycle Action"],
        detail: {
          AutoScalingGroupName: [expect.stringMatching(/^baseline-asg/), expect.stringMatching(/^burst-asg/)],
        },
      },
    });
    const targets = ofType(result, "aws:cloudwatch/eventTarget:EventTarget");
    expect(targets).toHaveLength(4);
    for (const target of targets) expect(target.propertyDependencies?.arn).toEqual([queue.urn]);
    const policy = policyDocument(onlyOfType(result, "aws:sqs/queuePolicy:QueuePolicy"));
    expect(policy.Statement[0]).toMatchObject({
      Effect: "Allow",
      Principal: { Service: ["events.amazonaws.com", "sqs.amazonaws.com"] },
      Action: "sqs:SendMessage",
    });
    expect(policy.Statement[0]?.Condition).toEqual({
      ArnEquals: { "aws:SourceArn": rules.map(() => expect.stringMatching(/^arn:aws:cloudwatch:/)) },
    });
    const hooks = ofType(result, "aws:autoscaling/lifecycleHook:LifecycleHook");
    expect(hooks.map((h) => [h.name, h.inputs.lifecycleTransition])).toEqual([
      ["node-drain-baseline-terminate", "autoscaling:EC2_INSTANCE_TERMINATING"],
      ["node-drain-burst-terminate", "autoscaling:EC2_INSTANCE_TERMINATING"],
    ]);
  });

  it("gives the handler an IRSA role scoped to its queue and the pools' lifecycle actions", () => {
    const role = named(result, "node-drain-role");
    const trust = policyDocument(role, "assumeRolePolicy").Statement[0];
    expect(trust).toMatchObject({
      Action: "sts:AssumeRoleWithWebIdentity",
      Principal: { Federated: expect.stringContaining(":oidc-provider/") },
    });
    const issuer = String(
      onlyOfType(result, "aws:iam/openIdConnectProvider:OpenIdConnectProvider").inputs.url,
    );
    const host = issuer.replace("https://", "");
    expect(trust?.Condition).toEqual({
      StringEquals: {
        [`${host}:sub`]: "system:serviceaccount:kube-system:aws-node-termination-handler",
        [`${host}:aud`]: "sts.amazonaws.com",
      },
    });
    const statements = policyDocument(named(result, "node-drain-role-policy")).Statement;
    expect(statements[0]).toMatchObject({
      Action: ["sqs:ReceiveMessage", "sqs:DeleteMessage"],
      Resource: expect.stringMatching(/^arn:aws:sqs:/),
    });
    expect(statements[1]).toMatchObject({
      Action: "autoscaling:CompleteLifecycleAction",
      Resource: [expect.stringContaining("baseline-asg"), expect.stringContaining("burst-asg")],
    });
    const sa = named(result, "node-drain-sa");
    expect(sa.propertyDependencies?.metadata).toEqual([role.urn]);
  });

  it("runs the handler in queue mode, and every Kubernetes object uses the stack's kubernetes provider", () => {
    const deployment = named(result, "node-drain-deployment");
    const env = Object.fromEntries(
      (input(deployment, "spec.template.spec.containers.0.env") as { name: string; value?: string }[]).map(
        (e) => [e.name, e.value],
      ),
    );
    expect(env).toMatchObject({
      ENABLE_SQS_TERMINATION_DRAINING: "true",
      QUEUE_URL: expect.any(String),
      CHECK_TAG_BEFORE_DRAINING: "true",
      MANAGED_TAG: "aws-node-termination-handler/managed",
      AWS_REGION: "us-east-1",
    });
    const provider = onlyOfType(result, "pulumi:providers:kubernetes");
    const kubeconfig = JSON.parse(String(provider.inputs.kubeconfig));
    expect(kubeconfig.users[0].user.exec.args).toEqual([
      "eks",
      "get-token",
      "--cluster-name",
      `openclaw-${stack}`,
      "--region",
      "us-east-1",
      "--output",
      "json",
    ]);
    const k8sObjects = result.resources.filter((r) => r.type.startsWith("kubernetes:"));
    expect(
      k8sObjects
        .filter((r) => r.name.startsWith("node-drain-"))
        .map((r) => r.type)
        .sort(),
    ).toEqual([
      "kubernetes:apps/v1:Deployment",
      "kubernetes:core/v1:ServiceAccount",
      "kubernetes:policy/v1:PodDisruptionBudget",
      "kubernetes:rbac.authorization.k8s.io/v1:ClusterRole",
      "kubernetes:rbac.authorization.k8s.io/v1:ClusterRoleBinding",
    ]);
    expect(k8sObjects.length).toBeGreaterThan(10);
    for (const object of k8sObjects) expect(providerUrn(object.provider), object.name).toBe(provider.urn);
  });
});

describe("the termination handler's Kubernetes objects", () => {
  it("validate against the upstream Kubernetes schemas", async () => {
    const result = await evaluatePlatform("dev");
    const schemas = await handlerSchemas();
    const objects = result.resources.filter(
      (r) => r.name.startsWith("node-drain-") && r.type.startsWith("kubernetes:"),
    );
    expect(objects.map((o) => o.type).sort()).toEqual(Object.keys(schemas).sort());
    for (const object of objects) {
      const Model = schemas[object.type];
      if (!Model) throw new Error(`no schema model for ${object.type}`);
      expect(() => new Model(object.inputs).validate(), object.name).not.toThrow();
    }
    const Deployment = schemas["kubernetes:apps/v1:Deployment"];
    const broken = { ...named(result, "node-drain-deployment").inputs, spec: { replicas: "two" } };
    expect(() => Deployment && new Deployment(broken).validate()).toThrow(/replicas|selector|template/);
  });
});

describe("an existing cluster by kubeconfig", () => {
  const kubeconfig = "apiVersion: v1\nkind: Config\nclusters: []\n";
  let result: EvaluationResult;
  beforeAll(async () => {
    result = await evaluatePlatform("dev", { "openclaw:existingKubeconfig": kubeconfig });
  });

  it("creates no EKS, no node role and no interruption handler, and the pools stay plain", () => {
    expect(result.resources.filter((r) => r.type.startsWith("aws:eks/"))).toEqual([]);
    expect(ofType(result, "aws:sqs/queue:Queue")).toEqual([]);
    for (const pool of ["baseline", "burst"]) {
      expect(named(result, `${pool}-lt`).inputs.userData).toBeUndefined();
      expect(named(result, `${pool}-lt`).inputs.imageId).toBe(
        "resolve:ssm:/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-x86_64",
      );
      expect(Object.keys(asgTags(named(result, `${pool}-asg`)))).not.toContain(
        "k8s.io/cluster-autoscaler/enabled",
      );
    }
    expect(ofType(result, ASG)).toHaveLength(2);
    expect(ofType(result, LT)).toHaveLength(2);
  });

  it("hands the kubeconfig to the kubernetes provider", () => {
    expect(onlyOfType(result, "pulumi:providers:kubernetes").inputs.kubeconfig).toBe(kubeconfig);
  });
});

describe("Cluster args", () => {
  it("rejects a bad version, too few subnets and a world-open endpoint, naming each", async () => {
    await expect(
      evaluate(() => {
        new Cluster("c", {
          clusterName: "c",
          version: "latest",
          vpcId: "vpc-1",
          subnetIds: ["subnet-a"],
          publicAccessCidrs: ["0.0.0.0/0"],
        });
      }),
    ).rejects.toThrow(
      'Cluster "c": version must look like "1.33"; got "latest"; subnetIds must list subnets in at least 2 AZs (EKS requires it); got 1; publicAccessCidrs must not open the API endpoint to the whole internet; list your admin CIDRs; got ["0.0.0.0/0"]',
    );
  });

  it("uses a caller's KMS key instead of creating one, and grants cluster-admin by access entry", async () => {
    const key = "arn:aws:kms:us-east-1:123456789012:key/abc";
    const result = await evaluate(() => {
      new Cluster("c", {
        clusterName: "c",
        version: "1.35",
        vpcId: "vpc-1",
        subnetIds: ["subnet-a", "subnet-b"],
        kmsKeyArn: key,
        adminPrincipalArns: ["arn:aws:iam::123456789012:role/platform-admins"],
        addonVersions: { "vpc-cni": "v1.20.4-eksbuild.1" },
      });
    });
    expect(ofType(result, "aws:kms/key:Key")).toEqual([]);
    expect(input(onlyOfType(result, EKS), "encryptionConfig.provider.keyArn")).toBe(key);
    expect(input(onlyOfType(result, EKS), "vpcConfig.endpointPublicAccess")).toBe(false);
    expect(named(result, "c-vpc-cni").inputs.addonVersion).toBe("v1.20.4-eksbuild.1");
    expect(named(result, "c-coredns").inputs.addonVersion).toBeUndefined();
    const admin = named(result, "c-admin-platform-admins");
    expect(admin.type).toBe("aws:eks/accessEntry:AccessEntry");
    expect(admin.inputs).toMatchObject({
      type: "STANDARD",
      principalArn: "arn:aws:iam::123456789012:role/platform-admins",
    });
    const association = ofType(result, "aws:eks/accessPolicyAssociation:AccessPolicyAssociation")[0];
    expect(association?.inputs).toMatchObject({
      policyArn: "arn:aws:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy",
      accessScope: { type: "cluster" },
    });
  });
});
