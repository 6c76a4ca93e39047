#!/usr/bin/env node
// Thin launcher: registers tsx so the CLI (and the Pulumi programs it evaluates) run from TypeScript
// source with no build step, then hands over to the real entry point.
"use strict";
require("tsx/cjs");
require("../src/cli/main.ts");
