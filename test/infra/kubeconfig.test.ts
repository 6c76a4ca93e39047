import { describe, expect, it } from "vitest";
import { eksKubeconfig } from "../../infra/kubeconfig";

describe("eksKubeconfig", () => {
  it("points at the endpoint with the cluster CA and gets tokens from `aws eks get-token`", () => {
    const config = JSON.parse(
      eksKubeconfig({
        clusterName: "openclaw-dev",
        endpoint: "https://ABC.gr7.us-east-1.eks.amazonaws.com",
        certificateAuthority: "LS0tQ0EtLS0=",
        region: "us-east-1",
      }),
    );
    expect(config).toEqual({
      apiVersion: "v1",
      kind: "Config",
      clusters: [
        {
          name: "openclaw-dev",
          cluster: {
            server: "https://ABC.gr7.us-east-1.eks.amazonaws.com",
            "certificate-authority-data": "LS0tQ0EtLS0=",
          },
        },
      ],
      contexts: [{ name: "openclaw-dev", context: { cluster: "openclaw-dev", user: "openclaw-dev" } }],
      "current-context": "openclaw-dev",
      users: [
        {
          name: "openclaw-dev",
          user: {
            exec: {
              apiVersion: "client.authentication.k8s.io/v1beta1",
              command: "aws",
              args: [
                "eks",
                "get-token",
                "--cluster-name",
                "openclaw-dev",
                "--region",
                "us-east-1",
                "--output",
                "json",
              ],
              interactiveMode: "Never",
            },
          },
        },
      ],
    });
  });
});
