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
        "name: shop\nconfig:\n  aws:region:\n    value: us-east-1\n  size:\n    type: integer\n    default: 2\n  zones:\n    type: array\n    default: [a, b]\n",
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
});
