// What the bundle gives `import ... from "undici"` (build.js aliases it here). undici's index loads every
// client it has (fetch, WebSocket, caches, proxies: ~10 MB of RSS at start); the gateway uses its Pool only.
// A named import this file does not export fails the build ("No matching export"), never at run time:
// export it here from its module under undici/lib.
import Pool from "undici/lib/dispatcher/pool.js";

export { Pool };
