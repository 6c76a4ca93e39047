/**
 * The component package's entry: every class exported here is served to other Pulumi languages by the
 * SDK's component provider host (`pulumi package add <repo>/components`). Add a component by exporting it
 * (its args must be an interface the schema analyzer can express; see docs/components.md), then run
 * `npm run components:schema` to refresh components/schema.json.
 */
export { GatewayService } from "../services/gateway/deploy";
export { Cdn } from "./cdn";
export { Cluster } from "./cluster";
export { ComputePool } from "./compute-pool";
export { Network } from "./network";
export { TieredStorage } from "./tiered-storage";
