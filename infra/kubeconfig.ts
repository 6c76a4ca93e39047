// The kubeconfig the stack's Kubernetes provider talks to EKS with. Pure, so its shape is unit-tested.

export interface EksKubeconfigArgs {
  readonly clusterName: string;
  /** `https://…eks.amazonaws.com`. */
  readonly endpoint: string;
  /** Base64 PEM of the cluster CA, as EKS reports it. */
  readonly certificateAuthority: string;
  readonly region: string;
}

/**
 * A kubeconfig (JSON, which every kubeconfig reader accepts) that authenticates with short-lived tokens
 * from `aws eks get-token`, run with whatever AWS credentials run Pulumi: nothing long-lived is stored
 * in it or in the state file. The identity needs an access entry on the cluster (the cluster creator
 * gets one).
 */
export function eksKubeconfig(args: EksKubeconfigArgs): string {
  const name = args.clusterName;
  return JSON.stringify({
    apiVersion: "v1",
    kind: "Config",
    clusters: [
      { name, cluster: { server: args.endpoint, "certificate-authority-data": args.certificateAuthority } },
    ],
    contexts: [{ name, context: { cluster: name, user: name } }],
    "current-context": name,
    users: [
      {
        name,
        user: {
          exec: {
            apiVersion: "client.authentication.k8s.io/v1beta1",
            command: "aws",
            args: ["eks", "get-token", "--cluster-name", name, "--region", args.region, "--output", "json"],
            interactiveMode: "Never",
          },
        },
      },
    ],
  });
}
