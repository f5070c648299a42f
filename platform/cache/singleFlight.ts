/**
 * Coalesces concurrent identical work: while a call for a key is in flight,
 * further calls for the same key wait for it instead of starting their own.
 *
 * `join` is the two-phase form, for work that starts in one place and ends
 * in another (a request pipeline's hooks): the first caller leads and must
 * settle; the others get the leader's outcome. `run` wraps a single async
 * function. When several callers share a result they may mutate, `share`
 * gives each its own copy, made before any of them resumes.
 */
export type Joined<T> =
  | {
      leader: true;
      /**
       * Hands `value` to every caller. With `holdUntil`, callers arriving until
       * it settles still get `value` (e.g. until the result is readable elsewhere).
       */
      settle(value: T, holdUntil?: Promise<unknown>): void;
      fail(error: unknown): void;
    }
  | { leader: false; result: Promise<T> };

export interface SingleFlight<T> {
  join(key: string): Joined<T>;
  /** Runs `work` unless a call for `key` is already in flight; `shared` is true for callers that joined one. */
  run(key: string, work: () => Promise<T>): Promise<{ value: T; shared: boolean }>;
  readonly inFlight: number;
}

export function singleFlight<T>(share: (value: T) => T = (v) => v): SingleFlight<T> {
  const flights = new Map<string, { promise: Promise<T>; callers: number }>();

  // Each caller's copy is made in a `then` on the shared promise, and all of
  // those run before any caller continues: nobody sees another's changes.
  const outcome = (flight: { promise: Promise<T>; callers: number }) => flight.promise.then((v) => (flight.callers > 1 ? share(v) : v));

  function join(key: string): Joined<T> {
    const existing = flights.get(key);
    if (existing) {
      existing.callers++;
      return { leader: false, result: outcome(existing) };
    }
    let settle!: (value: T) => void;
    let fail!: (error: unknown) => void;
    const promise = new Promise<T>((resolve, reject) => ((settle = resolve), (fail = reject)));
    // Nobody may be left waiting on a rejection nobody observes.
    promise.catch(() => {});
    flights.set(key, { promise, callers: 1 });
    const done = () => flights.delete(key);
    return {
      leader: true,
      settle(value, holdUntil) {
        settle(value);
        if (!holdUntil) return void done();
        // A macrotask after it settles, so callers resumed by the same event still find the flight.
        holdUntil.finally(() => setImmediate(done)).catch(() => {});
      },
      fail: (error) => (done(), fail(error)),
    };
  }

  return {
    join,
    get inFlight() {
      return flights.size;
    },
    async run(key, work) {
      const joined = join(key);
      if (!joined.leader) return { value: await joined.result, shared: true };
      const flight = flights.get(key)!;
      work().then(joined.settle, joined.fail);
      return { value: await outcome(flight), shared: false };
    },
  };
}
