/**
 * Config an example needs, as `pulumi config set` (or `openclaw plan --config`) would give it. Examples not
 * listed need none.
 */
const EXAMPLE_CONFIG: Record<string, Record<string, string>> = {
  "gateway-on-existing-cluster": {
    "openclaw:kubeconfig": "apiVersion: v1\nkind: Config\nclusters: []\n",
    "openclaw:openaiApiKey": "sk-example-openai-key",
    "openclaw:teamAKey": "vk-example-team-a-key",
  },
};

export function exampleConfig(example: string): Record<string, string> {
  return EXAMPLE_CONFIG[example] ?? {};
}
