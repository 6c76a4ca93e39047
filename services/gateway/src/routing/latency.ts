/** Observed latency per route as an exponentially weighted moving average (for least-latency routing). */
const ALPHA = 0.3;

export class LatencyTracker {
  private readonly ewma = new Map<string, number>();

  observe(routeKey: string, ms: number): void {
    const previous = this.ewma.get(routeKey);
    this.ewma.set(routeKey, previous === undefined ? ms : previous + ALPHA * (ms - previous));
  }

  /** undefined until the route has answered once. */
  get(routeKey: string): number | undefined {
    return this.ewma.get(routeKey);
  }
}
