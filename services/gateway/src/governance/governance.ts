import { type GatewayError, gatewayErrors } from "../errors";
import type { BudgetStore } from "./budget-store";
import { formatUsd, microsToUsd, usdToMicros, utcMonth } from "./money";
import type { ConsumeOutcome, KeyRateLimiters } from "./rate-limits";
import { RedisDownError } from "./redis-client";
import type { Admission, Governance, KeyLimits, UsageEstimate } from "./types";
import { asError, governanceUnavailable, type StoreFailureMode } from "./unavailable";
import { type CheckedUsage, checkUsage } from "./usage";

export interface GovernanceParts {
  readonly limiters: KeyRateLimiters;
  readonly budgets: BudgetStore;
  readonly now: () => Date;
  readonly failureMode: StoreFailureMode;
  /** False while the shared store is known to be down: admissions then fail (or pass) at once. */
  readonly storeUsable: () => boolean;
  readonly onError: (err: Error) => void;
  readonly close: () => Promise<void>;
}

/** What one admission holds until it is settled. */
interface Held {
  readonly key: KeyLimits;
  readonly usage: CheckedUsage;
  readonly rpm: boolean;
  readonly tpm?: { readonly windowEndsAt: number };
  readonly budget?: { readonly month: string };
}

type Step<T> = PromiseSettledResult<T | undefined>;

/**
 * RPM, TPM and the monthly budget of each key, over whichever limiter and budget backends it is given.
 * The three checks run in parallel; if any refuses, whatever the others charged is given back, so a
 * refused request consumes nothing. Keys without a limit never touch the backend for it.
 */
export class KeyGovernance implements Governance {
  constructor(private readonly parts: GovernanceParts) {}

  async admit(key: KeyLimits, estimate: UsageEstimate): Promise<Admission> {
    const usage = checkUsage(estimate, "estimate");
    if (key.tpm !== undefined && usage.tokens > key.tpm) {
      throw gatewayErrors.rateLimited(
        `Request too large for key '${key.id}': it needs about ${usage.tokens} tokens but the limit is ${key.tpm} tokens per minute. Shorten the prompt or lower max_tokens.`,
        60,
      );
    }
    const limited = key.rpm !== undefined || key.tpm !== undefined || key.budgetUsd !== undefined;
    if (!limited) return UNMETERED; // no backend, no awaits, nothing to give back
    if (limited && !this.parts.storeUsable()) {
      // Already reported through onError when the connection dropped; not repeated per request.
      return this.storeDown(key, usage, new RedisDownError());
    }
    const month = utcMonth(this.parts.now());
    const [rpm, tpm, budget] = await Promise.allSettled([
      key.rpm === undefined ? undefined : this.parts.limiters.consume("rpm", key.rpm, key.id, 1),
      key.tpm === undefined || usage.tokens === 0
        ? undefined
        : this.parts.limiters.consume("tpm", key.tpm, key.id, usage.tokens),
      key.budgetUsd === undefined
        ? undefined
        : this.parts.budgets.reserve(key.id, month, usdToMicros(key.budgetUsd), usage.micros),
    ]);
    const held: Held = {
      key,
      usage,
      rpm: granted(rpm),
      ...(granted(tpm) && { tpm: { windowEndsAt: windowEnd(tpm) } }),
      ...(granted(budget) && { budget: { month } }),
    };

    const refusal = this.refusal(key, usage, month, rpm, tpm, budget);
    const failure = [rpm, tpm, budget].find((step) => step.status === "rejected");
    if (refusal === undefined && failure === undefined) return new HeldAdmission(held, this.parts);

    await this.release(held);
    if (refusal !== undefined) throw refusal;
    const cause = (failure as PromiseRejectedResult).reason;
    this.parts.onError(asError(cause));
    return this.storeDown(key, usage, cause);
  }

  async spentUsd(keyId: string): Promise<number> {
    return microsToUsd(await this.parts.budgets.spent(keyId, utcMonth(this.parts.now())));
  }

  close(): Promise<void> {
    return this.parts.close();
  }

  /** Fail-closed: 503. Fail-open: the request goes ahead unmetered; nothing is held, so its settle does nothing. */
  private storeDown(key: KeyLimits, usage: CheckedUsage, cause: unknown): Admission {
    if (this.parts.failureMode === "closed") throw governanceUnavailable(cause);
    return new HeldAdmission({ key, usage, rpm: false }, this.parts);
  }

  private refusal(
    key: KeyLimits,
    usage: CheckedUsage,
    month: string,
    rpm: Step<ConsumeOutcome>,
    tpm: Step<ConsumeOutcome>,
    budget: Step<{ granted: boolean; spentMicros: number }>,
  ): GatewayError | undefined {
    if (rpm.status === "fulfilled" && rpm.value?.granted === false) {
      return gatewayErrors.rateLimited(
        `Rate limit reached for key '${key.id}': ${key.rpm} requests per minute. Retry after ${rpm.value.retryAfterSeconds} s.`,
        rpm.value.retryAfterSeconds,
      );
    }
    if (tpm.status === "fulfilled" && tpm.value?.granted === false) {
      return gatewayErrors.rateLimited(
        `Rate limit reached for key '${key.id}': ${key.tpm} tokens per minute, ${tpm.value.consumed} already used, this request needs about ${usage.tokens}. Retry after ${tpm.value.retryAfterSeconds} s.`,
        tpm.value.retryAfterSeconds,
      );
    }
    if (budget.status === "fulfilled" && budget.value?.granted === false) {
      const limit = formatUsd(usdToMicros(key.budgetUsd ?? 0));
      const spent = formatUsd(budget.value.spentMicros);
      return gatewayErrors.insufficientQuota(
        `Key '${key.id}' has reached its monthly budget of ${limit} for ${month} (UTC): ${spent} spent or reserved, and this request is estimated at ${formatUsd(usage.micros)}.`,
      );
    }
    return undefined;
  }

  /** Gives back everything `held` charged. Best effort: a backend error here is reported, not thrown. */
  private async release(held: Held): Promise<void> {
    const { key, usage } = held;
    const undo: Promise<void>[] = [];
    if (held.rpm && key.rpm !== undefined) undo.push(this.parts.limiters.refund("rpm", key.rpm, key.id, 1));
    if (held.tpm && key.tpm !== undefined) {
      undo.push(this.parts.limiters.refund("tpm", key.tpm, key.id, usage.tokens));
    }
    if (held.budget) undo.push(this.parts.budgets.settle(key.id, held.budget.month, usage.micros, 0));
    for (const result of await Promise.allSettled(undo)) {
      if (result.status === "rejected") this.parts.onError(asError(result.reason));
    }
  }
}

/** Settles once: the first call replaces the reservation, later calls do nothing. */
/** The admission of a key without limits: settling only checks the reported usage is sane. */
const UNMETERED: Admission = {
  async settle(actual: UsageEstimate): Promise<void> {
    checkUsage(actual, "actual");
  },
};

class HeldAdmission implements Admission {
  private settled = false;

  constructor(
    private readonly held: Held,
    private readonly parts: GovernanceParts,
  ) {}

  async settle(actual: UsageEstimate): Promise<void> {
    const usage = checkUsage(actual, "actual");
    if (this.settled) return;
    this.settled = true;
    const { key, tpm, budget } = this.held;
    const steps: Promise<void>[] = [];
    if (tpm && key.tpm !== undefined) {
      const delta = usage.tokens - this.held.usage.tokens;
      steps.push(this.parts.limiters.adjust("tpm", key.tpm, key.id, delta, tpm.windowEndsAt));
    }
    if (budget)
      steps.push(this.parts.budgets.settle(key.id, budget.month, this.held.usage.micros, usage.micros));
    // A backend failure here must not fail a response that has already been served: it is reported,
    // and the reservation stays counted (the safe side) until the month key expires.
    for (const result of await Promise.allSettled(steps)) {
      if (result.status === "rejected") this.parts.onError(asError(result.reason));
    }
  }
}

function granted<T extends { granted: boolean }>(step: Step<T>): boolean {
  return step.status === "fulfilled" && step.value?.granted === true;
}

function windowEnd(step: Step<ConsumeOutcome>): number {
  return step.status === "fulfilled" && step.value?.granted === true ? step.value.windowEndsAt : 0;
}
