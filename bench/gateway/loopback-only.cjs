// Preloaded into Portkey's gateway for the benchmark (`node -r`): its server listens on every interface
// and takes no host option, so pin every listen() in the process to 127.0.0.1.
"use strict";
const net = require("node:net");
const listen = net.Server.prototype.listen;
net.Server.prototype.listen = function (...args) {
  if (typeof args[0] === "number" || typeof args[0] === "string") {
    const rest = args.slice(1).filter((a) => typeof a === "function" || typeof a === "number");
    return listen.call(this, args[0], "127.0.0.1", ...rest);
  }
  if (args[0] !== null && typeof args[0] === "object") {
    return listen.call(this, { ...args[0], host: "127.0.0.1" }, ...args.slice(1));
  }
  return listen.apply(this, args);
};
