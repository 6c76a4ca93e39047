/**
 * A circuit breaker per provider route: closed → (N consecutive failures) → open → (cooldown) →
 * half-open, which lets exactly one probe through; its success closes the circuit, its failure reopens it.
 */
export type CircuitState = "closed" | "open" | "half-open";

export interface CircuitBreakerOptions {
  readonly failureThreshold: number;
  readonly cooldownMs: number;
  readonly now?: () => number;
}

export class CircuitBreaker {
  private state: CircuitState = "closed";
  private failures = 0;
  private openedAt = 0;
  private probing = false;
  private readonly now: () => number;
  /** The state last written to the circuit gauge (so an unchanged state is not written per request). */
  reported: CircuitState | undefined;

  constructor(private options: CircuitBreakerOptions) {
    this.now = options.now ?? Date.now;
  }

  /** A reload may change the thresholds; the state carries over. */
  configure(options: CircuitBreakerOptions): void {
    this.options = options;
  }

  current(): CircuitState {
    if (this.state === "open" && this.now() - this.openedAt >= this.options.cooldownMs) return "half-open";
    return this.state;
  }

  /** Asks to send one attempt; in half-open only one probe at a time is allowed. */
  tryAcquire(): boolean {
    const state = this.current();
    if (state === "closed") return true;
    if (state === "open" || this.probing) return false;
    this.state = "half-open";
    this.probing = true;
    return true;
  }

  onSuccess(): void {
    this.state = "closed";
    this.failures = 0;
    this.probing = false;
  }

  onFailure(): void {
    this.probing = false;
    this.failures += 1;
    if (this.state === "half-open" || this.failures >= this.options.failureThreshold) {
      this.state = "open";
      this.openedAt = this.now();
    }
  }

  /** An attempt that ended without a verdict on the upstream (e.g. the client went away). */
  onAbandon(): void {
    this.probing = false;
  }
}
