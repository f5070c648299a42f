/**
 * Coalesces concurrent identical work: while a call for a key is in flight,
 * further calls for the same key wait for it instead of starting their own.
 * When several callers share one result and may mutate it, `share` gives
 * each of them its own copy, made before any of them resumes.
 */
export interface SingleFlight<T> {
  /** Runs `work` unless a call for `key` is already in flight; `shared` is true for callers that joined one. */
  run(key: string, work: () => Promise<T>): Promise<{ value: T; shared: boolean }>;
  readonly inFlight: number;
}

export function singleFlight<T>(share: (value: T) => T = (v) => v): SingleFlight<T> {
  const flights = new Map<string, { promise: Promise<T>; callers: number }>();
  return {
    get inFlight() {
      return flights.size;
    },
    async run(key, work) {
      let flight = flights.get(key);
      const joined = flight !== undefined;
      if (!flight) {
        const promise = work().finally(() => flights.delete(key));
        flights.set(key, (flight = { promise, callers: 0 }));
      }
      flight.callers++;
      const callers = () => flight!.callers;
      // Every caller's copy is made in a `then` on the shared promise, and all
      // of those run before any caller continues: nobody sees another's changes.
      const value = await flight.promise.then((v) => (callers() > 1 ? share(v) : v));
      return { value, shared: joined };
    },
  };
}
