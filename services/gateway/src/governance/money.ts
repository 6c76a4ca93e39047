/**
 * Budgets are kept in integer micro-dollars (1 USD = 1,000,000) so that thousands of small charges add up
 * exactly, in memory and in Redis (HINCRBY), with no floating-point drift.
 */

export const MICROS_PER_USD = 1_000_000;

/** USD to micro-dollars, rounded up so a charge is never under-counted. */
export function usdToMicros(usd: number): number {
  return Math.ceil(Math.round(usd * MICROS_PER_USD * 1000) / 1000);
}

export function microsToUsd(micros: number): number {
  return micros / MICROS_PER_USD;
}

/** Formats micro-dollars for messages: `$12.34` (or more digits when the amount is under a cent). */
export function formatUsd(micros: number): string {
  const usd = microsToUsd(micros);
  return usd !== 0 && Math.abs(usd) < 0.01 ? `$${usd.toFixed(6)}` : `$${usd.toFixed(2)}`;
}

/** The calendar month (UTC) a budget belongs to, e.g. `2026-11`. */
export function utcMonth(at: Date): string {
  return `${at.getUTCFullYear()}-${String(at.getUTCMonth() + 1).padStart(2, "0")}`;
}
