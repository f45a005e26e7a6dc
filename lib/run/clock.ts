/** A source of time in Unix seconds, and a way to wait for a later time. */
export interface Clock {
  /** Current time, Unix seconds (fractional). */
  now(): number;
  /** Resolves once `now()` is at or after `epochSeconds`. */
  waitUntil(epochSeconds: number): Promise<void>;
}

/** The machine's clock; waiting sleeps for real. */
export const systemClock: Clock = {
  now: () => Date.now() / 1000,
  // A single setTimeout can fire up to ~1 ms early (whole-ms timers, libuv's cached loop time),
  // which would leave now() in the step being waited out: sleep again until the wall clock agrees.
  waitUntil: async (t) => {
    for (let left = t - Date.now() / 1000; left > 0; left = t - Date.now() / 1000) {
      await new Promise((resolve) => setTimeout(resolve, Math.ceil(left * 1000)));
    }
  },
};

/** A clock that only moves when told to: for unit tests. */
export function manualClock(start: number): Clock & { set(t: number): void } {
  let current = start;
  return {
    now: () => current,
    set: (t) => {
      current = t;
    },
    waitUntil: async (t) => {
      if (t > current) current = t;
    },
  };
}
