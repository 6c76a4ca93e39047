import { createHash } from "node:crypto";
import type { CapturedResource } from "./types";

export interface DefaultProviderContext {
  stack: string;
  project: string;
  /** The stack config ("namespace:key" → value); a package's keys become its default provider's inputs. */
  config: Record<string, string>;
  /** Package version per resource URN, as the SDK sent it with the registration. */
  versions: ReadonlyMap<string, string>;
}

function uuidOf(seed: string): string {
  const hex = createHash("sha1").update(seed).digest("hex");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}

function providerInputs(
  pkg: string,
  version: string,
  config: Record<string, string>,
): Record<string, unknown> {
  const inputs: Record<string, unknown> = {};
  const prefix = `${pkg}:`;
  for (const [key, value] of Object.entries(config)) {
    if (key.startsWith(prefix)) inputs[key.slice(prefix.length)] = value;
  }
  if (version) inputs.version = version;
  return inputs;
}

/**
 * Adds the default providers the engine would create, and points resources at them.
 *
 * A custom resource registered without a provider gets its package's default provider from the engine
 * (`pulumi:providers:aws::default_7_48_0`), configured from the stack config under the package's
 * namespace (`aws:region`, `aws:defaultTags`...), and analyzers receive that provider with the resource.
 * Without it a tag policy could not see `aws:defaultTags` set in a stack file. Each default provider is
 * placed just before the first resource that uses it, where the engine registers it.
 */
export function withDefaultProviders(
  resources: CapturedResource[],
  ctx: DefaultProviderContext,
): CapturedResource[] {
  const out: CapturedResource[] = [];
  const created = new Map<string, string>(); // "<pkg>@<version>" → provider reference
  for (const resource of resources) {
    const pkg = resource.type.split(":")[0] ?? "";
    if (!resource.custom || resource.provider || pkg === "" || pkg === "pulumi") {
      out.push(resource);
      continue;
    }
    const version = ctx.versions.get(resource.urn) ?? "";
    const key = `${pkg}@${version}`;
    let reference = created.get(key);
    if (reference === undefined) {
      const name = version ? `default_${version.replace(/[.+-]/g, "_")}` : "default";
      const urn = `urn:pulumi:${ctx.stack}::${ctx.project}::pulumi:providers:${pkg}::${name}`;
      reference = `${urn}::${uuidOf(urn)}`;
      created.set(key, reference);
      out.push({
        urn,
        type: `pulumi:providers:${pkg}`,
        name,
        custom: true,
        inputs: providerInputs(pkg, version, ctx.config),
        dependencies: [],
      });
    }
    out.push({ ...resource, provider: reference });
  }
  return out;
}
