/** Reading captured inputs through the policy pack's value helpers (one reader for both enforcers). */
import { isUnknown, list, type Plain } from "../../policies/lib/values";

/** The elements of an array value; none when it is absent or not known yet. */
export function items(value: Plain | undefined): Plain[] {
  const elements = list(value);
  return isUnknown(elements) ? [] : elements;
}

export function round2(n: number): number {
  return Math.round(n * 100) / 100;
}
