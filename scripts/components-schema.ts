/**
 * components/schema.json: the component package's public surface as the SDK's schema analyzer sees it
 * (the same code `pulumi package add <repo>/components` runs). `npm run components:schema` rewrites the
 * checked-in file; test/components/schema.test.ts fails when it is stale.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { ComponentProvider, type ComponentResourceConstructor } from "@pulumi/pulumi/provider/experimental";
import * as entry from "../components";

export const COMPONENTS_DIR = path.resolve(__dirname, "../components");
export const SCHEMA_FILE = path.join(COMPONENTS_DIR, "schema.json");
/** The provider name the plugin host derives from components/package.json's `name`. */
export const PACKAGE_NAME = "openclaw";

/** The schema, pretty-printed as it is checked in. */
export async function generateComponentSchema(): Promise<string> {
  const components = Object.values(entry) as ComponentResourceConstructor[];
  const schema = await new ComponentProvider({
    components,
    name: PACKAGE_NAME,
    dirname: COMPONENTS_DIR,
  }).getSchema();
  return `${JSON.stringify(JSON.parse(schema), null, 2)}\n`;
}

if (require.main === module) {
  generateComponentSchema().then(
    (schema) => {
      fs.writeFileSync(SCHEMA_FILE, schema);
      process.stdout.write(`wrote ${path.relative(process.cwd(), SCHEMA_FILE)}\n`);
    },
    (err: unknown) => {
      process.stderr.write(`components:schema: ${err instanceof Error ? err.message : String(err)}\n`);
      process.exitCode = 1;
    },
  );
}
