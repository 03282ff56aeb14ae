/**
 * setTimeout / clearTimeout through globalThis: UXP and Node both have them, but the UXP type
 * package does not declare them, and core code compiles against both type sets.
 */
export type Timer = { readonly __timer: unique symbol };

const g = globalThis as unknown as {
  setTimeout(fn: () => void, ms: number): Timer;
  clearTimeout(t: Timer): void;
};

export function setTimer(fn: () => void, ms: number): Timer {
  return g.setTimeout(fn, ms);
}

export function clearTimer(t: Timer): void {
  g.clearTimeout(t);
}
