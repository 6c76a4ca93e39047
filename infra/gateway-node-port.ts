/**
 * The node port the gateway's Kubernetes Service listens on when exposed as NodePort. The load
 * balancer's target group (infra/) and GatewayService (services/gateway/deploy/) must agree on it,
 * so it lives once, here. 30000-32767 is Kubernetes' default NodePort range.
 */
export const GATEWAY_NODE_PORT = 30080;
