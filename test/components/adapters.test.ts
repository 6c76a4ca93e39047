import { describe, expect, it } from "vitest";
import { Cdn, Cluster, ComputePool, Network, TieredStorage } from "../../components";
import { toInfraLifecycle } from "../../components/tiered-storage";
import { evaluate, input, named, onlyOfType } from "../infra/helpers";

describe("component package adapters", () => {
  it("wrap the infra components (their types, hence existing stacks' URNs, unchanged) and pass args through", async () => {
    const result = await evaluate(() => {
      const network = new Network("net", {
        availabilityZones: ["us-east-1a", "us-east-1b"],
        natGateways: "single",
      });
      const storage = new TieredStorage("assets", { lifecycle: { deepArchiveAfterDays: 0 } });
      const cdn = new Cdn("cdn", {
        origin: { bucketArn: storage.bucketArn, bucketRegionalDomainName: storage.bucketRegionalDomainName },
        priceClass: "PriceClass_200",
      });
      const pool = new ComputePool("workers", {
        vpcId: network.vpcId,
        // From other languages too: one element per AZ, so the pool can count them at construction.
        subnetIds: [0, 1].map((i) => network.privateSubnetIds.apply((ids) => ids[i] ?? "")),
        minSize: 1,
        maxSize: 3,
        metadataHopLimit: 1,
      });
      return { subnets: network.privateSubnetIds, domain: cdn.domainName, asg: pool.autoScalingGroupName };
    });
    const outer = onlyOfType(result, "openclaw:index:Network");
    expect(onlyOfType(result, "openclaw:infra:Network").parent).toBe(outer.urn);
    expect(result.resources.filter((r) => r.type === "aws:ec2/natGateway:NatGateway")).toHaveLength(1);
    expect((result.outputs.subnets as string[]).length).toBe(2);
    const lifecycle = named(result, "assets-lifecycle");
    expect(
      (input(lifecycle, "rules.0.transitions") as { storageClass: string }[]).map((t) => t.storageClass),
    ).toEqual(["STANDARD_IA", "GLACIER_IR"]);
    expect(input(onlyOfType(result, "aws:cloudfront/distribution:Distribution"), "priceClass")).toBe(
      "PriceClass_200",
    );
  });

  it("pass the Cluster's four add-on versions to the infra component's map", async () => {
    const result = await evaluate(() => {
      const cluster = new Cluster("eks", {
        clusterName: "shop-dev",
        version: "1.33",
        vpcId: "vpc-1",
        subnetIds: ["subnet-a", "subnet-b"],
        coreDnsVersion: "v1.11.4-eksbuild.2",
      });
      return { endpoint: cluster.endpoint };
    });
    expect(onlyOfType(result, "openclaw:infra:Cluster").parent).toBe(
      onlyOfType(result, "openclaw:index:Cluster").urn,
    );
    const addons = result.resources.filter((r) => r.type === "aws:eks/addon:Addon");
    const versions = Object.fromEntries(addons.map((a) => [a.inputs.addonName, a.inputs.addonVersion]));
    expect(versions.coredns).toBe("v1.11.4-eksbuild.2");
    expect(versions["vpc-cni"]).toBeUndefined();
  });

  it("leave validation to the infra component: a hop limit of 3 is refused by name", async () => {
    await expect(
      evaluate(
        () =>
          new ComputePool("workers", {
            vpcId: "vpc-1",
            subnetIds: ["subnet-1"],
            minSize: 1,
            maxSize: 2,
            metadataHopLimit: 3,
          }),
      ),
    ).rejects.toThrow(/metadataHopLimit must be 1 or 2; got 3/);
  });

  it("read a 0 tier day as the infra component's null (skip the tier)", () => {
    expect(toInfraLifecycle({ standardIaAfterDays: 0, deepArchiveAfterDays: 365 })).toEqual({
      standardIaAfterDays: null,
      glacierInstantRetrievalAfterDays: undefined,
      deepArchiveAfterDays: 365,
      intelligentTieringArchiveAfterDays: undefined,
      intelligentTieringDeepArchiveAfterDays: undefined,
    });
  });
});
