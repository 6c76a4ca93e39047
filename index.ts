// The OpenClaw platform program: config → components → stack outputs. Everything else lives in infra/.
import * as pulumi from "@pulumi/pulumi";
import { readPlatformConfig } from "./infra/config";
import { createPlatform } from "./infra/platform";

const platform = createPlatform(readPlatformConfig(new pulumi.Config()));

export const vpcId = platform.vpcId;
export const privateSubnetIds = platform.privateSubnetIds;
export const publicSubnetIds = platform.publicSubnetIds;
export const natGatewayIds = platform.natGatewayIds;
export const baselineAsgName = platform.baselineAsgName;
export const burstAsgName = platform.burstAsgName;
export const assetsBucketName = platform.assetsBucketName;
export const cdnDomainName = platform.cdnDomainName;
export const cdnUrl = pulumi.interpolate`https://${platform.cdnDomainName}`;
export const cdnDistributionId = platform.cdnDistributionId;
// null, not undefined, when absent: the runtime drops undefined outputs with a warning on every run.
export const cdnLogBucketName = platform.cdnLogBucketName ?? null;
export const assetsKeyArn = platform.assetsKeyArn ?? null;
export const platformKeyArn = platform.platformKeyArn;
export const loadBalancerDnsName = platform.loadBalancerDnsName;
// The gateway's API through the CDN: OpenAI SDKs take this as their base URL.
export const apiBaseUrl = pulumi.interpolate`https://${platform.cdnDomainName}/v1`;
// A secret: `pulumi stack output --show-secrets gatewayRedisUrl`.
export const gatewayRedisUrl = platform.gatewayRedisUrl;
export const alarmTopicArn = platform.alarmTopicArn;
export const dashboardName = platform.dashboardName;
export const budgetName = platform.budgetName ?? null;
export const chaosExperimentTemplateId = platform.chaosExperimentTemplateId ?? null;
export const clusterName = platform.clusterName ?? null;
export const clusterEndpoint = platform.clusterEndpoint ?? null;
export const gatewayInClusterUrl = platform.gatewayUrl;
