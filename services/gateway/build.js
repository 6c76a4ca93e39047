#!/usr/bin/env node
/**
 * Builds the gateway for production: one esbuild bundle, dist/gateway.js, holding src/ and its runtime
 * dependencies (the price table included), so the process loads no TypeScript compiler and the image
 * needs no node_modules.
 *
 *   node services/gateway/build.js      (npm run build -w services/gateway; the root's `prepare` runs it)
 *
 * `gatewayEntry()` is what bin/openclaw.js calls: it rebuilds first when a source is newer than the bundle,
 * in a child process, so a checkout never runs stale code and the gateway process never loads esbuild.
 */
"use strict";
const { execFileSync } = require("node:child_process");
const fs = require("node:fs");
const path = require("node:path");

const SRC = path.join(__dirname, "src");
const ENTRY = path.join(SRC, "bin.ts");
const OUT = path.join(__dirname, "dist", "gateway.js");
/** What the bundle is made of besides src/ (dependencies come through package-lock.json, and change it). */
const INPUTS = [
  __filename,
  path.join(__dirname, "package.json"),
  path.join(__dirname, "..", "..", "package-lock.json"),
];

async function build(outfile = OUT) {
  // Required here, not at the top: bin/openclaw.js loads this file without ever needing esbuild.
  const esbuild = require("esbuild");
  const result = await esbuild.build({
    entryPoints: [ENTRY],
    bundle: true,
    platform: "node",
    target: "node20",
    format: "cjs",
    outfile,
    write: false,
    // Whitespace and syntax are minified; identifiers are not, so functions and classes keep their own
    // names in stack traces, logs (pino's err.type) and CPU profiles without esbuild's keepNames, whose
    // __name() call on every closure created per request cost ~10% CPU per request (docs/gateway.md).
    minifyWhitespace: true,
    minifySyntax: true,
    minifyIdentifiers: false,
    sourcemap: "linked",
    legalComments: "linked",
    logLevel: "warning",
  });
  fs.mkdirSync(path.dirname(outfile), { recursive: true });
  // Each file lands by rename: processes starting meanwhile (tests run in parallel) see old or new, never half.
  for (const file of result.outputFiles) {
    const partial = `${file.path}.${process.pid}.partial`;
    fs.writeFileSync(partial, file.contents);
    fs.renameSync(partial, file.path);
  }
  return outfile;
}

function newestMtime(dir) {
  let newest = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    const mtime = entry.isDirectory() ? newestMtime(full) : fs.statSync(full).mtimeMs;
    if (mtime > newest) newest = mtime;
  }
  return newest;
}

function isStale() {
  if (!fs.existsSync(OUT)) return true;
  const built = fs.statSync(OUT).mtimeMs;
  const inputs = INPUTS.filter((file) => fs.existsSync(file)).map((file) => fs.statSync(file).mtimeMs);
  return Math.max(newestMtime(SRC), ...inputs) > built;
}

/** The bundle's path, built or rebuilt first when missing or older than its sources. */
function gatewayEntry() {
  if (fs.existsSync(SRC) && isStale()) {
    execFileSync(process.execPath, [__filename], { stdio: ["ignore", "ignore", "inherit"] });
  }
  if (!fs.existsSync(OUT)) {
    throw new Error(
      `the gateway is not built (${OUT} is missing): run npm ci, or npm run build -w services/gateway`,
    );
  }
  return OUT;
}

module.exports = { build, gatewayEntry, OUT };

if (require.main === module) {
  build(process.argv[2] === undefined ? OUT : path.resolve(process.argv[2])).catch((error) => {
    // esbuild has already printed the errors with file and line.
    process.stderr.write(
      `gateway build failed: ${error instanceof Error ? error.message.split("\n")[0] : error}\n`,
    );
    process.exit(1);
  });
}
