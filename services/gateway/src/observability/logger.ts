/**
 * pino JSON logs. Secrets are redacted by path (authorization headers, API keys) and, as a second line of
 * defence, nothing the gateway logs is built from a provider config object.
 */
import pino, { type DestinationStream, type Logger } from "pino";

export const REDACT_PATHS = [
  "req.headers.authorization",
  'req.headers["x-api-key"]',
  'req.headers["api-key"]',
  "headers.authorization",
  'headers["x-api-key"]',
  'headers["api-key"]',
  "apiKey",
  "*.apiKey",
  "key",
  "*.key",
  "metricsToken",
  "*.metricsToken",
];

export function createLogger(level: string, destination?: DestinationStream): Logger {
  const options = {
    level,
    base: { service: "openclaw-gateway" },
    redact: { paths: REDACT_PATHS, censor: "[redacted]" },
    timestamp: pino.stdTimeFunctions.isoTime,
  };
  return destination === undefined ? pino(options) : pino(options, destination);
}
