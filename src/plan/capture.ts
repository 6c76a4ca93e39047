import * as path from "node:path";
import { fileURLToPath } from "node:url";
import * as pulumi from "@pulumi/pulumi";
import { mapThroughSourceMap, type SourceLocation } from "./errors";
import type { CapturedResource } from "./types";

// How the SDK marks secrets and resource references on the wire.
const SIG_KEY = pulumi.runtime.specialSigKey;
const SECRET_SIG = pulumi.runtime.specialSecretSig;
const RESOURCE_SIG = pulumi.runtime.specialResourceSig;

interface SourcePositionLike {
  getUri(): string;
  getLine(): number;
  getColumn(): number;
}

const IN_PACKAGES = `${path.sep}node_modules${path.sep}`;
/** The planner's own frames (it constructs the root stack) are never the declaring line. */
const PLANNER_DIR = `${__dirname}${path.sep}`;

/**
 * The line of the user's code that declared a resource: the first stack frame outside node_modules (the
 * SDK's own source position is the first frame past a fixed depth, which lands in a provider SDK for
 * providers and in the SDK for the root stack), mapped through the source map.
 */
function declaringSource(req: RegisterResourceRequestLike): SourceLocation | undefined {
  const frames = req.getStacktrace?.()?.getFramesList() ?? [];
  const positions = [req.getSourceposition?.(), ...frames.map((f) => f.getPc())];
  for (const position of positions) {
    if (!position?.getUri().startsWith("file://")) continue;
    const file = fileURLToPath(position.getUri());
    if (file.includes(IN_PACKAGES) || file.startsWith(PLANNER_DIR)) continue;
    return mapThroughSourceMap(file, position.getLine(), position.getColumn());
  }
  return undefined;
}

/** The parts of a RegisterResourceRequest (resource_pb) the capture reads. */
export interface RegisterResourceRequestLike {
  getType(): string;
  getName(): string;
  getParent(): string;
  getCustom(): boolean;
  getProvider(): string;
  getDependenciesList(): string[];
  getPropertydependenciesMap(): {
    forEach(cb: (value: { getUrnsList(): string[] }, key: string) => void): void;
  };
  getObject(): { toJavaScript(): Record<string, unknown> } | undefined;
  getVersion(): string;
  /** Where the program constructed the resource (the SDK records the caller of `new Resource`). */
  getSourceposition?(): SourcePositionLike | undefined;
  /** The whole stack at construction, most recent first (frames without a position have no `pc`). */
  getStacktrace?(): { getFramesList(): Array<{ getPc(): SourcePositionLike | undefined }> } | undefined;
}

interface RegisterResourceResponseLike {
  getUrn(): string;
}

type Callback = (err: unknown, resp?: RegisterResourceResponseLike) => void;

/** The mock monitor method the capture wraps. */
export interface MonitorLike {
  registerResource(req: RegisterResourceRequestLike, callback: Callback): unknown;
  newUrn(parent: string, type: string, name: string): string;
}

/**
 * URNs as the engine builds them: the parent's full qualified type chain, except the root stack's, prefixes
 * the type. (The SDK's mock monitor keeps only the parent's last type and includes the stack's.)
 */
export function engineUrn(
  stack: string,
  project: string,
  parent: string,
  type: string,
  name: string,
): string {
  const parentType = parent ? (parent.split("::")[2] ?? "") : "";
  const qualifiedType =
    parentType === "" || parentType === pulumi.runtime.rootPulumiStackTypeName
      ? type
      : `${parentType}$${type}`;
  return `urn:pulumi:${stack}::${project}::${qualifiedType}::${name}`;
}

/** How `decodeWire` renders the wire encoding's special values. */
interface WireRendering {
  secret(value: unknown): unknown;
  unknown: unknown;
}

function decodeWire(value: unknown, as: WireRendering): unknown {
  if (value === pulumi.runtime.unknownValue) return as.unknown;
  if (Array.isArray(value)) return value.map((item) => decodeWire(item, as));
  if (value === null || typeof value !== "object") return value;
  const obj = value as Record<string, unknown>;
  const sig = obj[SIG_KEY];
  if (sig === SECRET_SIG) return as.secret(obj.value);
  if (sig === RESOURCE_SIG) {
    const id = obj.id;
    return typeof id === "string" && id !== "" ? id : obj.urn;
  }
  const out: Record<string, unknown> = {};
  for (const [key, inner] of Object.entries(obj)) out[key] = decodeWire(inner, as);
  return out;
}

const FOR_ANALYZER: WireRendering = {
  secret: (value) => decodeWire(value, FOR_ANALYZER),
  unknown: pulumi.runtime.unknownValue,
};

/** What `pulumi preview --json` prints in place of a secret and of a value known only at deploy time. */
export const SHOWN_SECRET = "[secret]";
export const SHOWN_UNKNOWN = "[unknown]";

const FOR_PEOPLE: WireRendering = { secret: () => SHOWN_SECRET, unknown: SHOWN_UNKNOWN };

/**
 * Unwraps the SDK's wire encoding into the plain JSON an analyzer receives: secrets become their value,
 * resource references become the referenced id (custom resources) or URN (components).
 */
export function toPlainJson(value: unknown): unknown {
  return decodeWire(value, FOR_ANALYZER);
}

/**
 * The wire encoding as `pulumi preview --json` shows it to people: a secret (its whole value) as
 * "[secret]", an unknown as "[unknown]", resource references as in `toPlainJson`.
 */
export function toShownJson(value: unknown): unknown {
  return decodeWire(value, FOR_PEOPLE);
}

/**
 * Records every RegisterResource request the program sends. The mock's own `newResource` hook never sees
 * the parent, provider or dependencies, so the capture sits on the monitor itself.
 */
export class ResourceCapture {
  private readonly order: CapturedResource[] = [];
  private readonly packageVersions = new Map<string, string>();

  /** Wraps `monitor.registerResource` in place; returns a function that undoes the wrap. */
  attach(monitor: MonitorLike, stack: string, project: string): () => void {
    const original = monitor.registerResource;
    const originalNewUrn = monitor.newUrn;
    monitor.newUrn = (parent, type, name) => engineUrn(stack, project, parent, type, name);
    monitor.registerResource = (req, callback) =>
      original.call(monitor, req, (err, resp) => {
        if (!err && resp) this.record(req, resp.getUrn());
        callback(err, resp);
      });
    return () => {
      monitor.registerResource = original;
      monitor.newUrn = originalNewUrn;
    };
  }

  get resources(): CapturedResource[] {
    return [...this.order];
  }

  /** The package version each resource was registered with (URN → version), where the SDK sent one. */
  get versions(): ReadonlyMap<string, string> {
    return this.packageVersions;
  }

  private record(req: RegisterResourceRequestLike, urn: string): void {
    const propertyDependencies: Record<string, string[]> = {};
    req.getPropertydependenciesMap().forEach((deps, key) => {
      propertyDependencies[key] = deps.getUrnsList();
    });
    const wire = req.getObject()?.toJavaScript() ?? {};
    const inputs = toPlainJson(wire) as Record<string, unknown>;
    const resource: CapturedResource = {
      urn,
      type: req.getType(),
      name: req.getName(),
      custom: req.getCustom(),
      inputs,
      shownInputs: toShownJson(wire) as Record<string, unknown>,
      dependencies: [...new Set(req.getDependenciesList())],
    };
    if (req.getParent()) resource.parent = req.getParent();
    if (req.getProvider()) resource.provider = req.getProvider();
    if (Object.keys(propertyDependencies).length > 0) resource.propertyDependencies = propertyDependencies;
    if (req.getVersion()) this.packageVersions.set(urn, req.getVersion());
    const source = declaringSource(req);
    if (source) resource.source = source;
    this.order.push(resource);
  }
}
