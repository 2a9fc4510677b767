/**
 * The system's clock. Rules take `now` as an argument; entry points read it here, so tests can pin time instead
 * of sleeping or depending on the day they run.
 */
let current: () => Date = () => new Date();
let shiftDays = 0;

export const now = (): Date => current();

/** Tests and the local demo only. */
export function setClock(fn: () => Date): void {
  current = fn;
  shiftDays = 0;
}

/**
 * The local runtime's shifted clock (`SGZ_TODAY`, infra/local/shifted-clock.ts): real time moved by whole days,
 * so it ticks, and the local scheduler moves its firings by the same days. Refused in a deployed function: there
 * the clock is the real one, always.
 */
export function shiftClock(days: number): void {
  if (process.env.AWS_LAMBDA_FUNCTION_NAME) {
    throw new Error('A shifted clock is for the local runtime only, never in a deployed function.');
  }
  if (!Number.isInteger(days)) throw new Error(`Shift the clock by whole days, not ${days}.`);
  shiftDays = days;
  current = () => new Date(Date.now() + days * 86_400_000);
}

/** How many days the local runtime's clock is ahead of real time (0 unless shifted; negative when behind). */
export const clockShiftDays = (): number => shiftDays;

export function resetClock(): void {
  current = () => new Date();
  shiftDays = 0;
}
