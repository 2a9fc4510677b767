/**
 * The system's clock. Rules take `now` as an argument; entry points read it here, so tests can pin time instead
 * of sleeping or depending on the day they run.
 */
let current: () => Date = () => new Date();

export const now = (): Date => current();

/** Tests and the local demo only. */
export function setClock(fn: () => Date): void {
  current = fn;
}

export function resetClock(): void {
  current = () => new Date();
}
