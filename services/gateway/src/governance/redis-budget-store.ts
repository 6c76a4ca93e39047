import type { Redis } from "ioredis";
import type { BudgetStore, ReserveResult } from "./budget-store";

/** Month keys outlive their month by a few days so late settles still land; then Redis drops them. */
export const SPEND_KEY_TTL_MS = 35 * 24 * 60 * 60 * 1000;

/**
 * Reserve atomically: the same rule as `fitsBudget`. The hash holds two integer fields in micro-dollars,
 * `settled` and `reserved`. Returns {granted (0/1), spent before the reservation}.
 */
const RESERVE_LUA = `
local settled = tonumber(redis.call('HGET', KEYS[1], 'settled') or '0')
local reserved = tonumber(redis.call('HGET', KEYS[1], 'reserved') or '0')
local spent = settled + reserved
local budget = tonumber(ARGV[1])
local amount = tonumber(ARGV[2])
if spent >= budget or spent + amount > budget then
  return {0, spent}
end
redis.call('HINCRBY', KEYS[1], 'reserved', amount)
redis.call('PEXPIRE', KEYS[1], ARGV[3])
return {1, spent}
`;

/** Replace a reservation by the actual charge, in one step so no reader sees it counted twice or not at all. */
const SETTLE_LUA = `
redis.call('HINCRBY', KEYS[1], 'reserved', -tonumber(ARGV[1]))
redis.call('HINCRBY', KEYS[1], 'settled', tonumber(ARGV[2]))
redis.call('PEXPIRE', KEYS[1], ARGV[3])
return 1
`;

interface BudgetCommands {
  openclawBudgetReserve(
    key: string,
    budget: number,
    amount: number,
    ttlMs: number,
  ): Promise<[number, number]>;
  openclawBudgetSettle(key: string, reserved: number, actual: number, ttlMs: number): Promise<number>;
}

/** Budgets shared by every replica through one Redis hash per key and UTC month: `<prefix>spend:<keyId>:<YYYY-MM>`. */
export class RedisBudgetStore implements BudgetStore {
  private readonly redis: Redis & BudgetCommands;

  constructor(
    redis: Redis,
    private readonly keyPrefix: string,
  ) {
    // defineCommand runs the scripts with EVALSHA and falls back to EVAL after a Redis restart.
    redis.defineCommand("openclawBudgetReserve", { numberOfKeys: 1, lua: RESERVE_LUA });
    redis.defineCommand("openclawBudgetSettle", { numberOfKeys: 1, lua: SETTLE_LUA });
    // The commands exist from here on; ioredis cannot express that in its types.
    this.redis = redis as Redis & BudgetCommands;
  }

  spendKey(keyId: string, month: string): string {
    return `${this.keyPrefix}spend:${keyId}:${month}`;
  }

  async reserve(
    keyId: string,
    month: string,
    budgetMicros: number,
    amountMicros: number,
  ): Promise<ReserveResult> {
    const [granted, spentMicros] = await this.redis.openclawBudgetReserve(
      this.spendKey(keyId, month),
      budgetMicros,
      amountMicros,
      SPEND_KEY_TTL_MS,
    );
    return { granted: granted === 1, spentMicros };
  }

  async settle(keyId: string, month: string, reservedMicros: number, actualMicros: number): Promise<void> {
    await this.redis.openclawBudgetSettle(
      this.spendKey(keyId, month),
      reservedMicros,
      actualMicros,
      SPEND_KEY_TTL_MS,
    );
  }

  async spent(keyId: string, month: string): Promise<number> {
    const [settled, reserved] = await this.redis.hmget(this.spendKey(keyId, month), "settled", "reserved");
    return Number(settled ?? 0) + Number(reserved ?? 0);
  }
}
