/** What the gateway attaches to each request, and what it decorates the app with. */
import type { VirtualKey } from "../config/schema";
import type { Snapshot } from "../core/snapshot";
import type { GatewayState } from "../core/state";
import type { Exchange } from "../proxy/exchange";

export interface RequestGatewayContext {
  /** The config version this request started with (kept for its whole life, across reloads). */
  snapshot: Snapshot;
  key: VirtualKey | undefined;
  exchange: Exchange | undefined;
}

declare module "fastify" {
  interface FastifyInstance {
    gateway: GatewayState;
  }
  interface FastifyRequest {
    gw: RequestGatewayContext;
  }
}
