/**
 * Fastify's response serializer compiler, for the small JSON-schema subset the routes' response schemas use
 * (http/response-schemas.ts, routes/models.ts): objects with `properties` and `required`, arrays with
 * `items`, string / integer / number / boolean, a type list with "null", and `$ref` to a schema added with
 * `addSchema`. It does what fast-json-stringify did with them: only the listed properties, in schema order;
 * values coerced to the declared type; a missing required property throws. fast-json-stringify loads and
 * instantiates ajv, ~3.5 MB of a ~80 MB idle process, for schemas this small.
 *
 * A schema outside the subset fails at start (`app.ready()`), naming the keyword, never at request time.
 */
import type { FastifyServerOptions } from "fastify";

type Schema = Readonly<Record<string, unknown>>;
/** Fastify's `schemaController.compilersFactory`. */
export type CompilersFactory = NonNullable<
  NonNullable<FastifyServerOptions["schemaController"]>["compilersFactory"]
>;
type Project = (value: unknown) => unknown;

const KNOWN = new Set(["$id", "$ref", "type", "properties", "required", "items", "description"]);

function fail(message: string): never {
  throw new Error(`response schema: ${message} (supported: see http/response-serializer.ts)`);
}

/** Coerces as fast-json-stringify does for one JSON type. */
function scalar(type: string, where: string): Project {
  switch (type) {
    case "string":
      return (v) => (typeof v === "string" ? v : v === null || v === undefined ? "" : String(v));
    case "integer":
      return (v) => {
        const n = typeof v === "number" ? v : Number(v);
        if (!Number.isFinite(n))
          throw new Error(`The value "${String(v)}" cannot be converted to an integer.`);
        return Math.trunc(n);
      };
    case "number":
      return (v) => {
        const n = typeof v === "number" ? v : Number(v);
        if (Number.isNaN(n)) throw new Error(`The value "${String(v)}" cannot be converted to a number.`);
        return n;
      };
    case "boolean":
      return (v) => Boolean(v);
    case "null":
      return () => null;
    default:
      return fail(`type "${type}" at ${where}`);
  }
}

function compile(schema: Schema, refs: Readonly<Record<string, Schema>>, where: string): Project {
  for (const key of Object.keys(schema)) if (!KNOWN.has(key)) fail(`keyword "${key}" at ${where}`);
  if (typeof schema.$ref === "string") {
    const target = refs[schema.$ref.replace(/#$/, "")];
    if (target === undefined) fail(`unknown $ref "${schema.$ref}" at ${where}`);
    return compile(target, refs, schema.$ref);
  }
  const types = Array.isArray(schema.type) ? (schema.type as string[]) : [schema.type as string];
  const nullable = types.includes("null");
  const type = types.find((t) => t !== "null") ?? "null";
  const project = compileType(type, schema, refs, where);
  return nullable ? (v) => (v === null ? null : project(v)) : project;
}

function compileType(
  type: string,
  schema: Schema,
  refs: Readonly<Record<string, Schema>>,
  where: string,
): Project {
  if (type === "object") {
    const properties = Object.entries((schema.properties ?? {}) as Record<string, Schema>).map(
      ([name, sub]) => [name, compile(sub, refs, `${where}.${name}`)] as const,
    );
    const required = new Set((schema.required ?? []) as string[]);
    return (v) => {
      const source = (v ?? {}) as Record<string, unknown>;
      const out: Record<string, unknown> = {};
      for (const [name, project] of properties) {
        const value = source[name];
        if (value === undefined) {
          if (required.has(name)) throw new Error(`"${name}" is required!`);
          continue;
        }
        out[name] = project(value);
      }
      return out;
    };
  }
  if (type === "array") {
    const item =
      schema.items === undefined ? (v: unknown) => v : compile(schema.items as Schema, refs, `${where}[]`);
    return (v) => (Array.isArray(v) ? v.map(item) : fail(`expected an array at ${where}`));
  }
  return scalar(type, where);
}

/** `schemaController.compilersFactory.buildSerializer` for Fastify: `refs` are the schemas added with `addSchema`. */
export const buildResponseSerializer: NonNullable<CompilersFactory["buildSerializer"]> = (
  externalSchemas,
) => {
  const refs = (externalSchemas ?? {}) as Readonly<Record<string, Schema>>;
  return ({ schema }) => {
    const project = compile(schema as Schema, refs, "response");
    return (data) => JSON.stringify(project(data));
  };
};
