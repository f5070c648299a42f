import { describe, expect, it } from 'vitest';
import { pino } from 'pino';
import { resilience } from './resilient.ts';
import type { CacheStore } from './store.ts';

function failingStore(state: { down: boolean; calls: number }): CacheStore {
  const maybe = async <T>(v: T) => {
    state.calls++;
    if (state.down) throw new Error('connect ECONNREFUSED');
    return v;
  };
  return {
    kind: 'redis',
    mget: (keys) => maybe(keys.map(() => 'v')),
    set: () => maybe(undefined),
    delete: () => maybe(true),
    tagged: () => maybe(['k']),
    invalidateTags: () => maybe(true),
    close: async () => {},
  };
}

function setup() {
  const logs: { level: number; msg: string }[] = [];
  const logger = pino({ level: 'info' }, { write: (line: string) => void logs.push(JSON.parse(line)) });
  const counted: string[] = [];
  let t = 0;
  const state = { down: false, calls: 0 };
  const r = resilience('redis', { logger, failures: { inc: (l) => void counted.push(`${l.operation}:${l.outcome}`) }, breakMs: 1000, threshold: 2, now: () => t });
  return { logs, counted, state, store: r.store(failingStore(state)), health: r.health, advance: (ms: number) => (t += ms) };
}

describe('a cache store that fails', () => {
  it('acts as a miss or a no-op instead of throwing, and counts each failure', async () => {
    const { store, state, counted } = setup();
    state.down = true;
    expect(await store.mget(['a', 'b'])).toEqual([undefined, undefined]);
    expect(counted).toEqual(['mget:error']);
  });

  it('takes a lone failure for a miss, not for an outage', async () => {
    const { store, state, logs, health } = setup();
    state.down = true;
    await store.mget(['a']);
    state.down = false;
    expect(await store.mget(['a'])).toEqual(['v']);
    expect(health.up).toBe(true);
    expect(logs).toEqual([]);
  });

  it('warns once per outage, skips the store for a while, then recovers by itself', async () => {
    const { store, state, logs, counted, health, advance } = setup();
    let recovered = 0;
    health.onRecover(() => recovered++);
    state.down = true;
    await store.mget(['a']);
    await store.mget(['b']); // the second failure in a row: an outage
    await store.set([{ key: 'a', value: '1', ttlMs: 10 }]);
    await store.delete(['a']);
    expect(state.calls).toBe(2); // the breaker kept the next calls away
    expect(counted).toEqual(['mget:error', 'mget:error', 'set:skipped', 'delete:skipped']);
    expect(health.up).toBe(false);

    advance(1000);
    await store.mget(['a']); // tries again, still down: no second warning
    expect(logs.filter((l) => l.level === 40)).toHaveLength(1);

    state.down = false;
    advance(1000);
    expect(await store.mget(['a'])).toEqual(['v']);
    expect(health.up).toBe(true);
    expect(recovered).toBe(1);
    expect(logs.map((l) => l.msg)).toEqual([expect.stringContaining('unavailable'), expect.stringContaining('reachable again')]);

    state.down = true;
    await store.tagged('T');
    await store.tagged('T');
    expect(logs.filter((l) => l.level === 40)).toHaveLength(2); // a new outage warns again
  });
});
