export * from "./args";
export * from "./config-args";
export { GATEWAY_PORT, GATEWAY_UID, GatewayService } from "./gateway-service";
