#!/usr/bin/env node
// Thin launcher. `openclaw gateway` runs the gateway's built JavaScript (services/gateway/dist, rebuilt
// first if a source changed): no tsx, no planner, no Pulumi in the gateway's process. Everything else
// registers tsx so the CLI (and the Pulumi programs it evaluates) run from TypeScript source.
"use strict";
if (process.argv[2] === "gateway") {
  const { gatewayEntry } = require("../services/gateway/build.js");
  require(gatewayEntry()).main(process.argv.slice(3));
} else {
  require("tsx/cjs");
  require("../src/cli/main.ts");
}
