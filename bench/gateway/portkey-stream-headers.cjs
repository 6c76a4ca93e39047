// Preloaded into Portkey's gateway for the benchmark (`node -r`). Portkey 1.15.2 wraps a streamed upstream
// answer as `new Response(body, fetchResponse)`; under @hono/node-server's global Response that keeps the
// fetch response's immutable Headers, and Portkey's next `headers.append` throws ("immutable"): every
// stream ends in a 500. Give streamed fetch answers mutable headers; JSON answers are left untouched.
"use strict";
const fetch = globalThis.fetch;
globalThis.fetch = async function fetchWithMutableStreamHeaders(...args) {
  const response = await fetch(...args);
  if (!response.headers.get("content-type")?.startsWith("text/event-stream")) return response;
  return new Response(response.body, {
    status: response.status,
    statusText: response.statusText,
    headers: new Headers(response.headers),
  });
};
