/** Prometheus metrics, one registry per app (so tests and reloads never share or double-register). */
import { Counter, Gauge, Histogram, Registry } from "prom-client";
import type { CircuitState } from "../routing/circuit-breaker";

const LATENCY_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60];

export class GatewayMetrics {
  readonly registry = new Registry();
  readonly requests = new Counter({
    name: "openclaw_gateway_requests_total",
    help: "Requests answered, by endpoint, model, provider and HTTP status",
    labelNames: ["endpoint", "model", "provider", "status"] as const,
    registers: [this.registry],
  });
  readonly duration = new Histogram({
    name: "openclaw_gateway_request_duration_seconds",
    help: "Time from request received to the last byte sent",
    labelNames: ["endpoint", "model", "provider"] as const,
    buckets: LATENCY_BUCKETS,
    registers: [this.registry],
  });
  readonly ttfb = new Histogram({
    name: "openclaw_gateway_time_to_first_byte_seconds",
    help: "Time from request received to the first byte of the answer (streams: first chunk)",
    labelNames: ["endpoint", "model", "provider"] as const,
    buckets: LATENCY_BUCKETS,
    registers: [this.registry],
  });
  readonly tokens = new Counter({
    name: "openclaw_gateway_tokens_total",
    help: "Tokens reported by upstreams, by direction (input|output)",
    labelNames: ["model", "provider", "key", "direction"] as const,
    registers: [this.registry],
  });
  readonly cost = new Counter({
    name: "openclaw_gateway_cost_usd_total",
    help: "Cost in USD from reported usage and the price table (streams included)",
    labelNames: ["model", "provider", "key"] as const,
    registers: [this.registry],
  });
  readonly upstreamErrors = new Counter({
    name: "openclaw_gateway_upstream_errors_total",
    help: "Failed upstream attempts, by provider and reason",
    labelNames: ["provider", "reason"] as const,
    registers: [this.registry],
  });
  readonly circuitState = new Gauge({
    name: "openclaw_gateway_circuit_state",
    help: "Circuit breaker state per route: 0 closed, 1 half-open, 2 open",
    labelNames: ["provider", "model"] as const,
    registers: [this.registry],
  });
  readonly inFlight = new Gauge({
    name: "openclaw_gateway_in_flight_requests",
    help: "Requests being served right now",
    registers: [this.registry],
  });
  readonly cacheLookups = new Counter({
    name: "openclaw_gateway_cache_lookups_total",
    help: "Response cache lookups, by result (hit|miss)",
    labelNames: ["model", "result"] as const,
    registers: [this.registry],
  });

  setCircuit(provider: string, model: string, state: CircuitState): void {
    this.circuitState.set({ provider, model }, state === "closed" ? 0 : state === "half-open" ? 1 : 2);
  }
}
