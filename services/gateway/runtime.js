/**
 * How production starts the gateway's node process, in one place: the Dockerfile's ENTRYPOINT and ENV
 * (test/gateway/image.test.ts checks them against this file) and bench/gateway-footprint.ts read it. Measured in docs/gateway.md ("Footprint benchmark").
 *
 * - `--optimize-for-size`: V8 grows the heap less eagerly and keeps less optimized code (-5 MB idle,
 *   -30 MB peak under 1,000 slow streams). It is a V8 flag that must be on node's command line:
 *   `v8.setFlagsFromString` after start has no measurable effect, so bin/openclaw.js (one process, no
 *   re-exec) runs without it.
 * - `MALLOC_TRIM_THRESHOLD_`: glibc otherwise raises its trim threshold to up to 64 MB after V8 frees its
 *   large compile buffers, and keeps ~15 MB freed at start-up in the process for good. Setting it (to
 *   glibc's own default, 128 KiB) fixes the threshold, so freed memory goes back to the system. Read by
 *   glibc when the process starts, so it must be in the environment (ENV in the image).
 */
"use strict";

const GATEWAY_NODE_FLAGS = ["--optimize-for-size"];
const GATEWAY_ENV = { MALLOC_TRIM_THRESHOLD_: "131072" };

module.exports = { GATEWAY_NODE_FLAGS, GATEWAY_ENV };
