/**
 * Virtual-key auth for the /v1 routes (registered in their encapsulated context only). Keys are kept as
 * sha256 digests; the presented key's digest is compared with every configured one in constant time.
 */
import { timingSafeEqual } from "node:crypto";
import type { FastifyRequest } from "fastify";
import { sha256 } from "../config/load";
import type { VirtualKey } from "../config/schema";
import { gatewayErrors } from "../errors";

export function bearerToken(header: string | undefined): string | undefined {
  if (header === undefined) return undefined;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  return match?.[1];
}

export function findKey(keys: readonly VirtualKey[], presented: string): VirtualKey | undefined {
  const digest = sha256(presented);
  let found: VirtualKey | undefined;
  for (const key of keys) {
    // no early exit: the time taken does not depend on which key (if any) matched
    if (timingSafeEqual(key.sha256, digest) && found === undefined) found = key;
  }
  return found;
}

export function authenticate(request: FastifyRequest): void {
  const token = bearerToken(request.headers.authorization);
  if (token === undefined) throw gatewayErrors.invalidApiKey();
  const key = findKey(request.gw.snapshot.config.keys, token);
  if (key === undefined) throw gatewayErrors.invalidApiKey("Invalid API key.");
  request.gw.key = key;
}
