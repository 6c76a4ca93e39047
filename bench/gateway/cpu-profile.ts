/** Reads a V8 `.cpuprofile` (node --cpu-prof) and lists the functions with the most self time. */
import { readFileSync } from "node:fs";

interface ProfileNode {
  readonly id: number;
  readonly callFrame: { functionName: string; url: string; lineNumber: number };
}

interface CpuProfile {
  readonly startTime: number;
  readonly nodes: ProfileNode[];
  readonly samples: number[];
  readonly timeDeltas: number[];
}

/** Where a frame's code lives: an npm package, a gateway folder, Node itself, or native/V8. */
function areaOf(url: string, functionName: string): string {
  const modules = url.lastIndexOf("node_modules/");
  if (modules >= 0) {
    const rest = url.slice(modules + "node_modules/".length).split("/");
    return rest[0]?.startsWith("@") ? `${rest[0]}/${rest[1]}` : (rest[0] ?? "?");
  }
  const gateway = /services\/gateway\/src\/([^/]+)/.exec(url);
  if (gateway !== null) return `gateway ${gateway[1]?.replace(/\.ts$/, "")}`;
  if (url.startsWith("node:")) return "node (js)";
  if (functionName === "(garbage collector)") return "GC";
  return url === "" ? "native (syscalls, V8 builtins)" : url;
}

export interface Frame {
  /** `function (file:line)`, the file relative to node_modules or the repo. */
  readonly name: string;
  readonly selfMicros: number;
  readonly share: number;
}

function shortUrl(url: string): string {
  const modules = url.lastIndexOf("node_modules/");
  if (modules >= 0) return url.slice(modules + "node_modules/".length);
  const repo = url.indexOf("/services/");
  if (repo >= 0) return url.slice(repo + 1);
  return url.replace(/^file:\/\//, "");
}

/** Now on the clock V8 stamps profiles with (CLOCK_MONOTONIC, µs), the same in every process. */
export const monotonicMicros = (): number => Number(process.hrtime.bigint() / 1000n);

/**
 * The `count` functions with the most self time among the samples taken inside `window` (monotonic µs:
 * start-up and module loading left out); idle and "(program)" are not counted.
 */
export function topFrames(
  file: string,
  count: number,
  window: { from: number; to: number },
): { frames: Frame[]; areas: Frame[]; busyMicros: number } {
  const profile = JSON.parse(readFileSync(file, "utf8")) as CpuProfile;
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map<string, number>();
  const areas = new Map<string, number>();
  let at = profile.startTime;
  for (let i = 0; i < profile.samples.length; i++) {
    at += profile.timeDeltas[i] ?? 0;
    if (at < window.from || at > window.to) continue;
    const node = byId.get(profile.samples[i] as number);
    if (node === undefined) continue;
    const { functionName, url, lineNumber } = node.callFrame;
    if (functionName === "(idle)" || functionName === "(program)") continue;
    const name =
      url === ""
        ? functionName || "(anonymous)"
        : `${functionName || "(anonymous)"} (${shortUrl(url)}:${lineNumber + 1})`;
    const delta = profile.timeDeltas[i] ?? 0;
    self.set(name, (self.get(name) ?? 0) + delta);
    const area = areaOf(url, functionName);
    areas.set(area, (areas.get(area) ?? 0) + delta);
  }
  const busyMicros = [...self.values()].reduce((a, b) => a + b, 0);
  const ranked = (m: Map<string, number>, n: number) =>
    [...m.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, n)
      .map(([name, selfMicros]) => ({ name, selfMicros, share: selfMicros / busyMicros }));
  return { frames: ranked(self, count), areas: ranked(areas, 20), busyMicros };
}
