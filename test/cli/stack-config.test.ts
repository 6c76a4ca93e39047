import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { parseConfigOverride, resolveStackConfig, SECRET_PLACEHOLDER } from "../../src/cli/stack-config";

const dirs: string[] = [];
function project(files: Record<string, string>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "openclaw-stack-"));
  dirs.push(dir);
  for (const [name, text] of Object.entries(files)) fs.writeFileSync(path.join(dir, name), text);
  return dir;
}
afterEach(() => {
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

describe("resolveStackConfig", () => {
  it("layers Pulumi.yaml defaults, the stack file and --config overrides", () => {
    const dir = project({
      "Pulumi.yaml":
        "name: shop\nconfig:\n  aws:region:\n    value: us-east-1\n  size:\n    type: integer\n    default: 2\n  zones:\n    type: array\n    default: [a, b]\n  tags:\n    type: object\n  shop:token:\n    type: string\n",
      "Pulumi.prod.yaml":
        "config:\n  shop:size: 5\n  shop:tags:\n    team: web\n  shop:token:\n    secure: v1:abc\n  aws:region: eu-west-1\n",
    });
    const resolved = resolveStackConfig({
      programDir: dir,
      stack: "prod",
      overrides: ["size=7", "aws:profile=ci"],
      requireStackFile: true,
    });
    expect(resolved.project).toBe("shop");
    expect(resolved.config).toEqual({
      "aws:region": "eu-west-1",
      "shop:size": "7",
      "shop:zones": '["a","b"]',
      "shop:tags": '{"team":"web"}',
      "shop:token": SECRET_PLACEHOLDER,
      "aws:profile": "ci",
    });
    expect(resolved.secureKeys).toEqual(["shop:token"]);
  });

  it("requires the stack file only when the stack was named", () => {
    const dir = project({});
    expect(
      resolveStackConfig({ programDir: dir, stack: "dev", overrides: [], requireStackFile: false }),
    ).toMatchObject({ project: "openclaw", config: {} });
    expect(() =>
      resolveStackConfig({ programDir: dir, stack: "qa", overrides: [], requireStackFile: true }),
    ).toThrow(/Pulumi\.qa\.yaml does not exist \(--stack qa\)/);
  });

  it("names the file when YAML is invalid", () => {
    const dir = project({ "Pulumi.dev.yaml": "config: [unclosed" });
    expect(() =>
      resolveStackConfig({ programDir: dir, stack: "dev", overrides: [], requireStackFile: true }),
    ).toThrow(/Pulumi\.dev\.yaml: invalid YAML/);
  });
});

describe("parseConfigOverride", () => {
  it("splits at the first = and keeps the rest of the value", () => {
    expect(parseConfigOverride("openclaw:url=https://x/?a=b")).toEqual({
      key: "openclaw:url",
      value: "https://x/?a=b",
    });
    expect(parseConfigOverride("empty=")).toEqual({ key: "empty", value: "" });
  });

  it.each(["novalue", "=value", "a:b:c=1", "sp ace=1"])("rejects %j naming it", (raw) => {
    expect(() => parseConfigOverride(raw)).toThrow(`--config "${raw}"`);
  });

  it("refuses a project key Pulumi.yaml doesn't declare, naming where it came from and the closest key", () => {
    const dir = project({
      "Pulumi.yaml":
        "name: shop\nconfig:\n  size:\n    type: integer\n    default: 2\n  monthlyCap:\n    type: integer\n",
      "Pulumi.dev.yaml": "config:\n  shop:szie: 3\n",
    });
    expect(() =>
      resolveStackConfig({ programDir: dir, stack: "dev", overrides: [], requireStackFile: true }),
    ).toThrow(
      /\/Pulumi\.dev\.yaml: shop:szie is not a config key this project declares; did you mean shop:size\?$/,
    );
    expect(() =>
      resolveStackConfig({
        programDir: dir,
        stack: "prod",
        overrides: ["monthlyBudgetUsdd=100"],
        requireStackFile: false,
      }),
    ).toThrow(
      "--config monthlyBudgetUsdd=100: shop:monthlyBudgetUsdd is not a config key this project declares; did you mean shop:monthlyBudgetUsd?",
    );
  });

  it("accepts the planner's keys and other namespaces, and checks nothing when Pulumi.yaml declares no config", () => {
    const declared = project({ "Pulumi.yaml": "name: shop\nconfig:\n  size: 2\n" });
    expect(
      resolveStackConfig({
        programDir: declared,
        stack: "dev",
        overrides: ["monthlyBudgetUsd=100", "usage={}", "aws:region=eu-west-1", "size=3"],
        requireStackFile: false,
      }).config,
    ).toEqual({
      "shop:size": "3",
      "shop:monthlyBudgetUsd": "100",
      "shop:usage": "{}",
      "aws:region": "eu-west-1",
    });
    const undeclared = project({ "Pulumi.yaml": "name: shop\n" });
    expect(
      resolveStackConfig({
        programDir: undeclared,
        stack: "dev",
        overrides: ["anything=1"],
        requireStackFile: false,
      }).config,
    ).toEqual({ "shop:anything": "1" });
  });
});
