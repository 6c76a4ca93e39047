// gateway-on-existing-cluster: the LLM gateway alone, on a Kubernetes cluster you already run. The
// cluster comes from a kubeconfig in secret config; the OpenAI key and the team's virtual key are
// secrets too, so they land only in the gateway's Kubernetes Secret.
//
//   pulumi config set --secret kubeconfig "$(cat ~/.kube/config)"
//   pulumi config set --secret openaiApiKey sk-...
//   pulumi config set --secret teamAKey "$(openssl rand -hex 24)"
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { GatewayService } from "../../services/gateway/deploy";

const config = new pulumi.Config();
const cluster = new k8s.Provider("cluster", { kubeconfig: config.requireSecret("kubeconfig") });

const gateway = new GatewayService(
  "gateway",
  {
    image: "ghcr.io/openclaw/gateway:0.1.0",
    config: {
      providers: [{ id: "openai", kind: "openai", baseUrl: "https://api.openai.com/v1" }],
      models: [{ name: "gpt-4o-mini", routes: [{ provider: "openai", model: "gpt-4o-mini" }] }],
      keys: [{ id: "team-a", rpm: 600, budgetUsd: 50 }],
    },
    providerKeys: { openai: config.requireSecret("openaiApiKey") },
    virtualKeys: { "team-a": config.requireSecret("teamAKey") },
    // Apps in these namespaces may call the gateway; nothing else reaches it.
    ingressNamespaces: ["apps"],
    // Prefer the cluster's spot nodes; on-demand nodes take the pods when spot capacity is gone.
    tolerations: [{ key: "openclaw.dev/capacity-type", value: "spot", effect: "NoSchedule" }],
    nodePreferences: [{ weight: 100, key: "openclaw.dev/capacity-type", values: ["spot"] }],
  },
  { provider: cluster },
);

export const gatewayUrl = gateway.url;
export const gatewayService = gateway.serviceName;
