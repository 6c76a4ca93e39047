import { type BudgetStore, fitsBudget, type ReserveResult } from "./budget-store";

interface MonthSpend {
  month: string;
  settled: number;
  reserved: number;
}

/**
 * Budgets for a single replica. JavaScript runs one callback at a time and `reserve` does its check and
 * its update with no `await` in between, so concurrent admissions can never both pass the same check.
 * Only the current month is kept per key: when a key's month changes its old entry is dropped, and a
 * late settle for the old month is ignored (that month is over).
 */
export class MemoryBudgetStore implements BudgetStore {
  private readonly byKey = new Map<string, MonthSpend>();

  async reserve(
    keyId: string,
    month: string,
    budgetMicros: number,
    amountMicros: number,
  ): Promise<ReserveResult> {
    const spend = this.current(keyId, month);
    const spentMicros = spend.settled + spend.reserved;
    if (!fitsBudget(spentMicros, amountMicros, budgetMicros)) return { granted: false, spentMicros };
    spend.reserved += amountMicros;
    return { granted: true, spentMicros };
  }

  async settle(keyId: string, month: string, reservedMicros: number, actualMicros: number): Promise<void> {
    const spend = this.byKey.get(keyId);
    if (spend === undefined || spend.month !== month) return;
    spend.reserved -= reservedMicros;
    spend.settled += actualMicros;
  }

  async spent(keyId: string, month: string): Promise<number> {
    const spend = this.byKey.get(keyId);
    return spend === undefined || spend.month !== month ? 0 : spend.settled + spend.reserved;
  }

  private current(keyId: string, month: string): MonthSpend {
    const existing = this.byKey.get(keyId);
    if (existing !== undefined && existing.month === month) return existing;
    const fresh = { month, settled: 0, reserved: 0 };
    this.byKey.set(keyId, fresh);
    return fresh;
  }
}
