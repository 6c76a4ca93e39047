/**
 * Monthly spend per key, as settled charges plus open reservations, in integer micro-dollars.
 * Two implementations: `MemoryBudgetStore` (one replica) and `RedisBudgetStore` (shared).
 */

export interface ReserveResult {
  readonly granted: boolean;
  /** Settled plus reserved micro-dollars for the month, before this reservation. */
  readonly spentMicros: number;
}

export interface BudgetStore {
  /**
   * Atomically reserves `amountMicros` if the month's spend is under `budgetMicros` and stays within it
   * after the reservation; otherwise reserves nothing.
   */
  reserve(keyId: string, month: string, budgetMicros: number, amountMicros: number): Promise<ReserveResult>;
  /** Atomically replaces a reservation made by `reserve` with the actual charge. */
  settle(keyId: string, month: string, reservedMicros: number, actualMicros: number): Promise<void>;
  /** Settled plus reserved micro-dollars for the month. */
  spent(keyId: string, month: string): Promise<number>;
}

/** Admission rule shared by both stores (the Redis Lua script mirrors it). */
export function fitsBudget(spentMicros: number, amountMicros: number, budgetMicros: number): boolean {
  return spentMicros < budgetMicros && spentMicros + amountMicros <= budgetMicros;
}
