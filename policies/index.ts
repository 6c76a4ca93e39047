import { PolicyPack } from "@pulumi/policy";
import { PACK_NAME, policies } from "./policies";

// The only side effect in the pack: serve the policies to the Pulumi engine (or `openclaw plan`).
new PolicyPack(PACK_NAME, {
  policies,
  description: "OpenClaw guardrails: tags, cost, S3, CloudFront, EC2/ASG and Kubernetes workloads.",
});
