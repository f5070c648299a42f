import { describe, expect, it } from 'vitest';
import { singleFlight } from './singleFlight.ts';

const deferred = <T>() => {
  let resolve!: (v: T) => void;
  let reject!: (e: unknown) => void;
  const promise = new Promise<T>((res, rej) => ((resolve = res), (reject = rej)));
  return { promise, resolve, reject };
};

describe('singleFlight', () => {
  it('runs concurrent calls for one key once and shares the result', async () => {
    const flights = singleFlight<number>();
    const d = deferred<number>();
    let runs = 0;
    const work = () => (runs++, d.promise);
    const calls = [flights.run('k', work), flights.run('k', work), flights.run('k', work)];
    expect(flights.inFlight).toBe(1);
    d.resolve(42);
    const results = await Promise.all(calls);
    expect(runs).toBe(1);
    expect(results.map((r) => r.value)).toEqual([42, 42, 42]);
    expect(results.map((r) => r.shared)).toEqual([false, true, true]);
    expect(flights.inFlight).toBe(0);
  });

  it('starts afresh once a call has finished, and keeps keys apart', async () => {
    const flights = singleFlight<string>();
    let runs = 0;
    await flights.run('k', async () => `r${++runs}`);
    const [again, other] = await Promise.all([flights.run('k', async () => `r${++runs}`), flights.run('j', async () => `r${++runs}`)]);
    expect([again.value, other.value]).toEqual(['r2', 'r3']);
  });

  it('gives each caller its own copy when several share a result, before any of them can change it', async () => {
    const flights = singleFlight<{ n: number[] }>((v) => structuredClone(v));
    const d = deferred<{ n: number[] }>();
    const mutateAndRead = async () => {
      const { value } = await flights.run('k', () => d.promise);
      value.n.push(1);
      return value.n.length;
    };
    const lengths = Promise.all([mutateAndRead(), mutateAndRead(), mutateAndRead()]);
    d.resolve({ n: [] });
    expect(await lengths).toEqual([1, 1, 1]);
  });

  it('passes a failure to every waiting caller and forgets it', async () => {
    const flights = singleFlight<number>();
    const d = deferred<number>();
    const calls = [flights.run('k', () => d.promise), flights.run('k', () => d.promise)];
    d.reject(new Error('boom'));
    for (const call of calls) await expect(call).rejects.toThrow('boom');
    expect((await flights.run('k', async () => 1)).value).toBe(1);
  });
});

describe('singleFlight.join', () => {
  it('lets one caller lead across two places in the code and hands its outcome to the others', async () => {
    const flights = singleFlight<string>();
    const leader = flights.join('k');
    const follower = flights.join('k');
    expect(leader.leader).toBe(true);
    expect(follower.leader).toBe(false);
    if (!leader.leader || follower.leader) return;
    leader.settle('bytes');
    expect(await follower.result).toBe('bytes');
    expect(flights.inFlight).toBe(0);
    expect(flights.join('k').leader).toBe(true);
  });
});

describe('singleFlight.join with holdUntil', () => {
  it('keeps handing out the settled value to late callers until the hold is over', async () => {
    const flights = singleFlight<string>();
    const leader = flights.join('k');
    if (!leader.leader) throw new Error('expected to lead');
    let release!: () => void;
    leader.settle('v', new Promise<void>((r) => (release = r)));
    const late = flights.join('k');
    expect(late.leader).toBe(false);
    if (!late.leader) expect(await late.result).toBe('v');
    release();
    await new Promise((r) => setImmediate(r));
    await new Promise((r) => setImmediate(r));
    expect(flights.join('k').leader).toBe(true);
  });
});
