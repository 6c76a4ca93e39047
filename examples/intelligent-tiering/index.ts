// intelligent-tiering: let S3 move objects between tiers by access pattern (no fixed ages), with the
// optional Archive and Deep Archive Access tiers on, served through the CDN.
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { Cdn } from "../../infra/cdn";
import { buildRequiredTags } from "../../infra/tags";
import { type PolicyStatement, TieredStorage } from "../../infra/tiered-storage";

const tags = buildRequiredTags({
  owner: "data-team",
  costCenter: "cc-2002",
  environment: "dev",
  service: "media",
});
const provider = new aws.Provider("aws", { region: "us-east-1", defaultTags: { tags } });

const [cdnStatements, resolveCdnStatements] = pulumi.deferredOutput<PolicyStatement[]>();
const media = new TieredStorage(
  "media",
  {
    lifecycle: {
      mode: "intelligent-tiering",
      intelligentTieringArchiveAfterDays: 90,
      intelligentTieringDeepArchiveAfterDays: 180,
    },
    extraPolicyStatements: cdnStatements,
  },
  { provider },
);
const cdn = new Cdn("media-cdn", { origin: media }, { provider });
resolveCdnStatements(cdn.originReadStatement.apply((statement) => [statement]));

export const bucketName = media.bucketName;
export const cdnDomainName = cdn.domainName;
