import { num, type Plain, str } from "../../../policies/lib/values";
import type { PricedResource } from "./context";
import { cost, flat, type Pricer, type PricingContext } from "./context";

/** Nodes of a replication group: numCacheClusters, else shards x (1 + replicas per shard). */
function replicationGroupNodes(inputs: Record<string, Plain>): number {
  const clusters = num(inputs.numCacheClusters);
  if (clusters !== undefined) return clusters;
  const shards = num(inputs.numNodeGroups) ?? 1;
  return shards * (1 + (num(inputs.replicasPerNodeGroup) ?? 0));
}

/** `nodes` x the node type's hourly price, all month; snapshots beyond the free one and data transfer not priced. */
function priceNodes(resource: PricedResource, nodes: number, ctx: PricingContext) {
  const nodeType = str(resource.inputs.nodeType);
  const rows: Record<string, number> = ctx.prices.elasticacheNodeHourly;
  const hourly = nodeType !== undefined && Object.hasOwn(rows, nodeType) ? rows[nodeType] : undefined;
  if (hourly === undefined) {
    return cost(resource, flat(0), `unpriced: node type ${nodeType ?? "unknown"} not in the price table`);
  }
  const h = ctx.prices.hoursPerMonth;
  return cost(resource, flat(nodes * hourly * h), `${nodes} x ${nodeType} node, ${h} h`);
}

export const priceReplicationGroup: Pricer = (group, ctx) =>
  priceNodes(group, replicationGroupNodes(group.inputs), ctx);

export const priceCacheCluster: Pricer = (cluster, ctx) =>
  priceNodes(cluster, num(cluster.inputs.numCacheNodes) ?? 1, ctx);
