import * as fs from "node:fs";
import { describe, expect, it } from "vitest";
import { generateComponentSchema, SCHEMA_FILE } from "../../scripts/components-schema";

describe("components/schema.json", () => {
  it("equals what the SDK's schema analyzer makes of components/ (run `npm run components:schema` to refresh)", async () => {
    const fresh = await generateComponentSchema();
    expect(fs.readFileSync(SCHEMA_FILE, "utf8")).toBe(fresh);
  }, 180_000); // the analyzer type-checks the whole package: ~3 s alone, far more on a busy machine

  it("serves every component under an `openclaw:index:<Class>` token, the only form `construct` accepts", () => {
    const schema = JSON.parse(fs.readFileSync(SCHEMA_FILE, "utf8")) as { resources: Record<string, unknown> };
    expect(Object.keys(schema.resources).sort()).toEqual([
      "openclaw:index:Cdn",
      "openclaw:index:Cluster",
      "openclaw:index:ComputePool",
      "openclaw:index:GatewayService",
      "openclaw:index:Network",
      "openclaw:index:TieredStorage",
    ]);
  });
});
