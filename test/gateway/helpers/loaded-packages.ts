/**
 * Which npm packages a freshly built gateway app has loaded, measured in a child process started the
 * way the CLI runs the gateway (node + tsx's CommonJS hook), so nothing the test runner itself loaded
 * can hide or fake a dependency.
 */
import { execFile } from "node:child_process";
import { join } from "node:path";
import { promisify } from "node:util";

const repoRoot = join(__dirname, "../../..");

const CHILD = `
const { buildApp } = require("./services/gateway/src/app.ts");
const { parseConfig } = require("./services/gateway/src/config/load.ts");
const app = buildApp(parseConfig(JSON.parse(process.argv[1]), { env: {} }), { logStream: { write() {} } });
app.ready().then(async () => {
  const packages = new Set();
  for (const file of Object.keys(require.cache)) {
    const match = /node_modules\\/((?:@[^/]+\\/)?[^/]+)\\//.exec(file);
    // tsx (the TypeScript hook this child runs under, not the gateway) loads esbuild itself
    if (match && match[1] !== "tsx" && match[1] !== "esbuild") packages.add(match[1]);
  }
  await app.close();
  process.stdout.write(JSON.stringify([...packages].sort()));
});
`;

export async function packagesLoadedBy(config: Record<string, unknown>): Promise<string[]> {
  const { stdout } = await promisify(execFile)(
    process.execPath,
    ["--require", "tsx/cjs", "-e", CHILD, JSON.stringify(config)],
    { cwd: repoRoot, timeout: 30_000 },
  );
  return JSON.parse(stdout) as string[];
}
