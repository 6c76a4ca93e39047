import * as fs from "node:fs";
import * as path from "node:path";
import Ajv from "ajv";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import {
  CONFIG_DEFAULTS,
  CONFIG_KEYS,
  PROJECT,
  qualifiedKey,
  REGION_KEY,
  validatePlatformConfig,
} from "../../infra/config";
import {
  extractTable,
  normalizeTable,
  renderConfigTable,
  replaceTable,
  tableIsCurrent,
} from "../../scripts/config-table";
import { REPO_ROOT } from "./helpers";

interface Decl {
  type?: string;
  description?: string;
  default?: unknown;
  value?: unknown;
  items?: { type?: string };
}
interface Project {
  name: string;
  runtime: { name: string; options?: { typescript?: boolean } };
  description?: string;
  config: Record<string, Decl | string>;
  template?: { description?: string; config?: Record<string, { description?: string; default?: unknown }> };
}

const read = (file: string) => fs.readFileSync(path.join(REPO_ROOT, file), "utf8");
const project = parse(read("Pulumi.yaml")) as Project;

/**
 * The shape rules of Pulumi's project-file schema (sdk/go/common/workspace/project.json) that this file
 * relies on, restated: a config entry is a plain value or a type declaration with nothing else in it, and
 * `template` has only the fields every CLI version accepts (no `displayName`, added in 3.95).
 */
const PROJECT_FILE_RULES = {
  type: "object",
  required: ["name", "runtime"],
  properties: {
    config: {
      type: "object",
      additionalProperties: {
        oneOf: [
          { type: ["string", "integer", "boolean"] },
          {
            type: "object",
            required: ["type"],
            additionalProperties: false,
            properties: {
              type: { enum: ["string", "integer", "boolean", "array"] },
              items: { type: "object", required: ["type"] },
              description: { type: "string" },
              secret: { type: "boolean" },
              default: {},
            },
            // Arrays must say what they hold.
            anyOf: [{ properties: { type: { not: { const: "array" } } } }, { required: ["items"] }],
          },
        ],
      },
    },
    template: {
      type: "object",
      additionalProperties: false,
      properties: {
        description: { type: "string" },
        quickstart: { type: "string" },
        important: { type: "boolean" },
        config: {
          type: "object",
          additionalProperties: {
            type: "object",
            additionalProperties: false,
            properties: {
              description: { type: "string" },
              default: { type: "string" },
              secret: { type: "boolean" },
            },
          },
        },
      },
    },
  },
};

describe("Pulumi.yaml", () => {
  it("follows the project-file schema's rules for config and template", () => {
    const validate = new Ajv({ allErrors: true }).compile(PROJECT_FILE_RULES);
    expect(validate(project), JSON.stringify(validate.errors)).toBe(true);
    // The rules do reject what older CLIs refuse.
    expect(validate({ ...project, template: { ...project.template, displayName: "x" } })).toBe(false);
    expect(validate({ ...project, config: { "aws:region": { value: "us-east-1" } } })).toBe(false);
    expect(validate({ ...project, config: { zones: { type: "array" } } })).toBe(false);
  });

  it("is the openclaw TypeScript project", () => {
    expect(project.name).toBe(PROJECT);
    expect(project.runtime).toEqual({ name: "nodejs", options: { typescript: true } });
    expect(project.description?.length).toBeGreaterThan(20);
  });

  it("declares exactly the keys the program reads, each with a type, description and default", () => {
    expect(Object.keys(project.config).sort()).toEqual([...CONFIG_KEYS].sort());
    for (const [key, decl] of Object.entries(project.config)) {
      if (typeof decl === "string") {
        // Only provider keys take plain values; project keys need a schema.
        expect(key).toBe(REGION_KEY);
        expect(decl).toBe(CONFIG_DEFAULTS[REGION_KEY]);
        continue;
      }
      expect(["string", "integer", "boolean", "array"], key).toContain(decl.type);
      expect(decl.description?.length, key).toBeGreaterThan(10);
      expect(decl, key).toHaveProperty("default");
      if (decl.type === "array") expect(decl.items?.type, key).toBe("string");
    }
  });

  it("has the same defaults as the code (the engine applies one set, the planner the other)", () => {
    const yamlDefaults = Object.fromEntries(
      Object.entries(project.config).map(([key, decl]) => [
        key,
        typeof decl === "string" ? decl : decl.default,
      ]),
    );
    expect(yamlDefaults).toEqual(CONFIG_DEFAULTS);
    // and those defaults form a valid configuration
    expect(() => validatePlatformConfig(yamlDefaults)).not.toThrow();
  });

  it("types each default as declared", () => {
    for (const [key, decl] of Object.entries(project.config)) {
      if (typeof decl === "string") continue;
      const value = decl.default;
      if (decl.type === "array") expect(Array.isArray(value), key).toBe(true);
      else if (decl.type === "integer") expect(Number.isInteger(value), key).toBe(true);
      else expect(typeof value, key).toBe(decl.type);
    }
  });

  it("has a template section whose prompts are real keys, so `pulumi new <repo-url>` works", () => {
    expect(project.template?.description?.length).toBeGreaterThan(10);
    const prompts = Object.keys(project.template?.config ?? {});
    // Project keys unqualified (they follow the fork's project name), provider keys qualified.
    expect(prompts).toEqual(expect.arrayContaining([REGION_KEY, "environment", "owner", "costCenter"]));
    for (const key of prompts) expect(CONFIG_KEYS as string[], key).toContain(key);
    for (const [key, prompt] of Object.entries(project.template?.config ?? {})) {
      expect(prompt.description?.length, key).toBeGreaterThan(10);
    }
  });
});

describe.each([
  ["dev", "dev"],
  ["prod", "prod"],
  ["prod-eu", "prod"],
])("Pulumi.%s.yaml", (stack, environment) => {
  const file = parse(read(`Pulumi.${stack}.yaml`)) as { config: Record<string, unknown> };

  it("sets only known keys, the region included, and passes validation", () => {
    const known = new Set(CONFIG_KEYS.map(qualifiedKey));
    for (const key of Object.keys(file.config)) expect(known.has(key), key).toBe(true);
    expect(file.config[REGION_KEY]).toBeTypeOf("string");
    const raw = Object.fromEntries(
      Object.entries(file.config).map(([k, v]) => [k.replace(`${PROJECT}:`, ""), v]),
    );
    expect(validatePlatformConfig(raw).tags.environment).toBe(environment);
  });
});

describe("docs/infra.md config table", () => {
  it("matches Pulumi.yaml (regenerate with: npm run docs:config)", () => {
    const doc = read("docs/infra.md");
    expect(normalizeTable(extractTable(doc))).toBe(normalizeTable(renderConfigTable(read("Pulumi.yaml"))));
    expect(tableIsCurrent(doc, read("Pulumi.yaml"))).toBe(true);
  });

  it("has a row per key and fails when a key is missing from the doc", () => {
    const table = renderConfigTable(read("Pulumi.yaml"));
    for (const key of CONFIG_KEYS) expect(table).toContain(`| \`${qualifiedKey(key)}\` |`);
    const stale = read("docs/infra.md").replace("| `openclaw:vpcCidr`", "| `openclaw:vpcCIDR`");
    expect(tableIsCurrent(stale, read("Pulumi.yaml"))).toBe(false);
    expect(tableIsCurrent(replaceTable(stale, table), read("Pulumi.yaml"))).toBe(true);
    // Column padding (what a Markdown formatter adds) is not drift.
    const padded = table.replace(/\| /g, "|    ").replace(/---/g, "---------");
    expect(normalizeTable(padded)).toBe(normalizeTable(table));
    expect(() => replaceTable("no markers", table)).toThrow(/markers not found/);
  });
});
