import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import {
  CAPACITY_TYPE_LABEL,
  capacityTypeScript,
  eksAmiParameter,
  nodePoolTags,
  nodeUserData,
  POOL_LABEL,
} from "../../infra/node-bootstrap";

const NODE = {
  clusterName: "openclaw-dev",
  apiServerEndpoint: "https://ABC.gr7.us-east-1.eks.amazonaws.com",
  certificateAuthority: "LS0tQ0EtLS0=",
  serviceCidr: "172.20.0.0/16",
  poolName: "burst",
};

/** Splits MIME multipart user data into its parts' content types and bodies. */
function mimeParts(text: string): { contentType: string; body: string }[] {
  const boundary = /boundary="([^"]+)"/.exec(text)?.[1];
  if (!boundary) throw new Error("no MIME boundary in user data");
  const [, ...chunks] = text.split(`--${boundary}`);
  expect(chunks.pop()?.startsWith("--")).toBe(true);
  return chunks.map((chunk) => {
    const [head = "", ...rest] = chunk.replace(/^\n/, "").split("\n\n");
    return { contentType: head.replace(/^Content-Type: /, ""), body: rest.join("\n\n") };
  });
}

describe("nodeUserData", () => {
  it("is MIME multipart: a nodeadm NodeConfig naming the cluster and pool, then the capacity-type script", () => {
    const text = nodeUserData(NODE);
    expect(text.startsWith('MIME-Version: 1.0\nContent-Type: multipart/mixed; boundary="')).toBe(true);
    const parts = mimeParts(text);
    expect(parts.map((p) => p.contentType)).toEqual([
      "application/node.eks.aws",
      'text/x-shellscript; charset="us-ascii"',
    ]);
    expect(parse(parts[0]?.body ?? "")).toEqual({
      apiVersion: "node.eks.aws/v1alpha1",
      kind: "NodeConfig",
      spec: {
        cluster: {
          name: "openclaw-dev",
          apiServerEndpoint: "https://ABC.gr7.us-east-1.eks.amazonaws.com",
          certificateAuthority: "LS0tQ0EtLS0=",
          cidr: "172.20.0.0/16",
        },
        kubelet: { flags: ["--node-labels=openclaw.dev/pool=burst"] },
      },
    });
    expect(parts[1]?.body.trimEnd()).toBe(capacityTypeScript().trimEnd());
  });
});

describe("capacityTypeScript", () => {
  const script = capacityTypeScript();

  it("asks IMDSv2 (a token first) whether the instance is Spot", () => {
    expect(script.startsWith("#!/bin/bash\nset -euo pipefail\n")).toBe(true);
    expect(script).toContain('-X PUT -H "X-aws-ec2-metadata-token-ttl-seconds: 300"');
    expect(script).toContain('if [ "$(imds instance-life-cycle)" = "spot" ]; then');
  });

  it("labels Spot nodes and taints them NoSchedule; On-Demand nodes get the label only", () => {
    expect(script).toContain(
      `FLAGS='"--node-labels=${CAPACITY_TYPE_LABEL}=spot", "--register-with-taints=${CAPACITY_TYPE_LABEL}=spot:NoSchedule"'`,
    );
    expect(script).toContain(`FLAGS='"--node-labels=${CAPACITY_TYPE_LABEL}=on-demand"'`);
  });

  it("writes a JSON NodeConfig drop-in nodeadm merges before the kubelet starts", () => {
    expect(script).toContain("cat > /etc/eks/nodeadm.d/50-capacity-type.json <<EOF");
    const line = script.split("\n").find((l) => l.startsWith('{"apiVersion"')) ?? "";
    const rendered = line.replace("$FLAGS", '"--node-labels=openclaw.dev/capacity-type=on-demand"');
    expect(JSON.parse(rendered)).toEqual({
      apiVersion: "node.eks.aws/v1alpha1",
      kind: "NodeConfig",
      spec: { kubelet: { flags: ["--node-labels=openclaw.dev/capacity-type=on-demand"] } },
    });
  });
});

describe("nodePoolTags and eksAmiParameter", () => {
  it("tags the group for cluster-autoscaler auto-discovery, the cluster and the termination handler", () => {
    expect(nodePoolTags("openclaw-dev", "burst")).toEqual({
      "k8s.io/cluster-autoscaler/enabled": "true",
      "k8s.io/cluster-autoscaler/openclaw-dev": "owned",
      "kubernetes.io/cluster/openclaw-dev": "owned",
      [`k8s.io/cluster-autoscaler/node-template/label/${POOL_LABEL}`]: "burst",
      "aws-node-termination-handler/managed": "true",
    });
  });

  it("reads the EKS-optimized AL2023 AMI for the cluster's version from AWS's public parameter", () => {
    expect(eksAmiParameter("1.35")).toBe(
      "/aws/service/eks/optimized-ami/1.35/amazon-linux-2023/x86_64/standard/recommended/image_id",
    );
  });
});
