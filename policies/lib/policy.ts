import type {
  EnforcementLevel,
  PolicyConfigSchema,
  PolicyResource,
  ReportViolation,
  ResourceValidationArgs,
  ResourceValidationPolicy,
  StackValidationPolicy,
} from "@pulumi/policy";
import { resolveConfig } from "./config";
import { normalize, type PlainObject } from "./values";

/** The policy families of the pack; the docs table groups by these. */
export type Family =
  | "tags"
  | "cost"
  | "storage"
  | "logging"
  | "cdn"
  | "compute"
  | "kubernetes"
  | "load-balancer"
  | "cache"
  | "cluster";

/** A resource as every OpenClaw check sees it: plain props (unknowns marked), its provider, its references. */
export interface Subject {
  readonly urn: string;
  readonly type: string;
  readonly name: string;
  readonly props: PlainObject;
  /** The resource's provider (explicit or default) with plain props; absent when the engine sent none. */
  readonly provider?: { readonly type: string; readonly urn: string; readonly props: PlainObject };
  /** Parent URN (component or stack), when known. */
  readonly parent?: string;
  /** URNs this resource depends on (stack policies only). */
  readonly dependencies: readonly string[];
  /** Input property → URNs its value came from (stack policies only). */
  readonly propertyDependencies: Readonly<Record<string, readonly string[]>>;
}

export type Report = (message: string, urn?: string) => void;

interface CommonSpec {
  /** kebab-case, unique in the pack. */
  readonly name: string;
  /** One sentence starting "Checks whether…", naming the Checkov check where one exists. */
  readonly description: string;
  readonly enforcementLevel: EnforcementLevel;
  readonly family: Family;
  /** Checkov IDs this policy corresponds to (documentation only). */
  readonly checkov?: readonly string[];
  readonly configSchema?: PolicyConfigSchema;
  /** What to change, in general terms; each violation message names the exact property and values. */
  readonly remediationSteps: string;
}

export interface ResourceSpec<C> extends CommonSpec {
  /** Resource type tokens the policy inspects, or a predicate over the type token. */
  readonly types: readonly string[] | ((type: string) => boolean);
  readonly check: (subject: Subject, config: C, report: (message: string) => void) => void;
}

export interface StackSpec<C> extends CommonSpec {
  readonly check: (resources: readonly Subject[], config: C, report: Report) => void;
}

/** One pack entry: the CrossGuard policy plus the metadata the docs table is generated from. */
export interface CatalogEntry {
  readonly policy: ResourceValidationPolicy | StackValidationPolicy;
  readonly family: Family;
  readonly checkov: readonly string[];
  readonly kind: "resource" | "stack";
  readonly configurable: boolean;
}

const EMPTY_SCHEMA: PolicyConfigSchema = { properties: {} };

function providerOf(provider: ResourceValidationArgs["provider"]): Subject["provider"] {
  if (!provider) return undefined;
  return { type: provider.type, urn: provider.urn, props: normalize(provider.props) };
}

function basePolicy(spec: CommonSpec) {
  return {
    name: spec.name,
    description: spec.description,
    enforcementLevel: spec.enforcementLevel,
    remediationSteps: spec.remediationSteps,
    ...(spec.configSchema ? { configSchema: spec.configSchema } : {}),
  };
}

/**
 * A policy judged one resource at a time.
 *
 * We match on type tokens rather than awsguard's `validateResourceOfType(aws.x.Y, …)`: its typed props are the
 * SDK's unknown-checking proxy, which turns any unknown value into a "can't run policy during preview" advisory.
 * Here every check reads `normalize()`d plain data and decides itself that unknown passes.
 */
export function resourcePolicy<C = Record<string, never>>(spec: ResourceSpec<C>): CatalogEntry {
  const specTypes = spec.types;
  const applies =
    typeof specTypes === "function"
      ? specTypes
      : (type: string) => (specTypes as readonly string[]).includes(type);
  const policy: ResourceValidationPolicy = {
    ...basePolicy(spec),
    validateResource: (args: ResourceValidationArgs, reportViolation: ReportViolation) => {
      // Config is validated on every call (cheap, cached schema) so a bad config fails the run even when no
      // resource of this policy's types exists.
      const config = resolveConfig<C>(spec.name, spec.configSchema ?? EMPTY_SCHEMA, args.getConfig());
      if (!applies(args.type)) return;
      const subject: Subject = {
        urn: args.urn,
        type: args.type,
        name: args.name,
        props: normalize(args.props),
        provider: providerOf(args.provider),
        parent: args.opts.parent,
        dependencies: [],
        propertyDependencies: {},
      };
      spec.check(subject, config, (message) => reportViolation(message));
    },
  };
  return {
    policy,
    family: spec.family,
    checkov: spec.checkov ?? [],
    kind: "resource",
    configurable: spec.configSchema !== undefined,
  };
}

function stackSubject(resource: PolicyResource): Subject {
  const propertyDependencies: Record<string, string[]> = {};
  for (const [key, deps] of Object.entries(resource.propertyDependencies ?? {})) {
    propertyDependencies[key] = deps.map((dep) => dep.urn);
  }
  return {
    urn: resource.urn,
    type: resource.type,
    name: resource.name,
    props: normalize(resource.props),
    provider: providerOf(resource.provider),
    parent: resource.parent?.urn ?? resource.opts.parent,
    dependencies: resource.dependencies.map((dep) => dep.urn),
    propertyDependencies,
  };
}

/** A policy judged over the whole resource list (joins between resources). */
export function stackPolicy<C = Record<string, never>>(spec: StackSpec<C>): CatalogEntry {
  const policy: StackValidationPolicy = {
    ...basePolicy(spec),
    validateStack: (args, reportViolation) => {
      const config = resolveConfig<C>(spec.name, spec.configSchema ?? EMPTY_SCHEMA, args.getConfig());
      const resources = args.resources.map(stackSubject);
      spec.check(resources, config, (message, urn) => reportViolation(message, urn));
    },
  };
  return {
    policy,
    family: spec.family,
    checkov: spec.checkov ?? [],
    kind: "stack",
    configurable: spec.configSchema !== undefined,
  };
}
