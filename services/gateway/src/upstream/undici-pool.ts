/**
 * undici's `Pool`, loaded without undici's index. The index also loads fetch, WebSocket, EventSource, the
 * cache stores (SQLite among them), proxies, mocks and interceptors, ~5 MB of RSS in a process that only
 * ever sends through a Pool. What the index does that the gateway needs, it does here: install
 * `request()` on dispatchers (`Object.assign(Dispatcher.prototype, api)` there; only `request` here, the one
 * API method the gateway calls besides `dispatch`). When undici's index is loaded too (tests, tools), the
 * same modules are shared, so it installs the same function again.
 *
 * The paths are undici's own files (its package.json has no `exports` map, so they are reachable); the
 * types are the index's. test/gateway/image.test.ts round-trips JSON and SSE through this Pool in the bundle.
 */
import type { Pool as UndiciPool } from "undici";

type Dispatch = (this: UndiciPool, ...args: Parameters<UndiciPool["request"]>) => unknown;

// require, not import: these files have no type declarations of their own.
const Pool: typeof UndiciPool = require("undici/lib/dispatcher/pool");
const Dispatcher: { prototype: { request?: Dispatch } } = require("undici/lib/dispatcher/dispatcher");
const request: Dispatch = require("undici/lib/api/api-request");

Dispatcher.prototype.request ??= request;

export { Pool };
export type Pool = UndiciPool;
