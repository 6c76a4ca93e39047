import { describe, expect, it } from "vitest";
import { progressReporter } from "../../src/plan/progress";

function fakeClock(start = 10_000) {
  let t = start;
  return { now: () => t, advance: (ms: number) => (t += ms) };
}

describe("progressReporter", () => {
  it("stays silent for an analysis that finishes within a second", () => {
    const clock = fakeClock();
    const lines: string[] = [];
    const progress = progressReporter(3, (l) => lines.push(l), clock.now);
    for (let i = 0; i < 3; i++) {
      clock.advance(300);
      progress.tick();
    }
    progress.done();
    expect(lines).toEqual([]);
  });

  it("reports at most once a second after the first second, then a closing line", () => {
    const clock = fakeClock();
    const lines: string[] = [];
    const progress = progressReporter(10, (l) => lines.push(l), clock.now);
    for (let i = 0; i < 10; i++) {
      clock.advance(400);
      progress.tick();
    }
    progress.done();
    expect(lines).toEqual([
      "analyzed 3/10 resources (1200 ms)",
      "analyzed 6/10 resources (2400 ms)",
      "analyzed 9/10 resources (3600 ms)",
      "analysis finished: 10 resources in 4000 ms",
    ]);
  });
});
