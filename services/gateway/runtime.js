/**
 * How production starts the gateway's node process, in one place: the Dockerfile's ENTRYPOINT and ENV
 * (test/gateway/image.test.ts checks them against this file) and bench/gateway-footprint.ts read it.
 * Measured in docs/gateway.md ("Footprint benchmark"); CPU cost with `npm run bench:gateway`.
 *
 * - `MALLOC_TRIM_THRESHOLD_`: glibc otherwise raises its trim threshold (up to 64 MB) once V8 frees its
 *   large compile buffers, and keeps ~15 MB freed at start-up in the process for good. Setting it (to
 *   glibc's own default, 128 KiB) fixes the threshold, so freed memory goes back to the system. No CPU cost
 *   measured. glibc reads it when the process starts, so it must be in the environment.
 * - `--max-semi-space-size=4` (MB; V8's default grows to 16): a smaller young generation, ~30 MB less peak
 *   RSS under load, no CPU cost measured (scavenges of mostly dead request garbage are cheap).
 * - `--heap-growing-percent=20`: the old generation grows by 1.2x between major GCs instead of up to 4x:
 *   ~20 MB less peak RSS, for ~20% more CPU per request (123 -> 148 µs in one side-by-side run). Drop
 *   it here (and in the Dockerfile) to trade the peak-RSS target for CPU.
 *
 * V8 flags must be on node's command line: `v8.setFlagsFromString` after start has no measurable effect,
 * so bin/openclaw.js (one process, no re-exec) runs without them; `--optimize-for-size` saves as much but
 * doubled CPU per request.
 */
"use strict";

const GATEWAY_NODE_FLAGS = ["--max-semi-space-size=4", "--heap-growing-percent=20"];
const GATEWAY_ENV = { MALLOC_TRIM_THRESHOLD_: "131072" };

module.exports = { GATEWAY_NODE_FLAGS, GATEWAY_ENV };
