import { describe, expect, it } from 'vitest';
import { memoryBus, memoryStore } from './memoryStore.ts';

describe('in-process store', () => {
  it('answers a batch in order with misses as undefined, and expires entries', async () => {
    let t = 0;
    const store = memoryStore({ maxBytes: 1 << 20, now: () => t });
    await store.set([{ key: 'a', value: '1', ttlMs: 100 }, { key: 'b', value: '2', ttlMs: 300 }]);
    expect(await store.mget(['a', 'x', 'b'])).toEqual(['1', undefined, '2']);
    t = 100;
    expect(await store.mget(['a', 'b'])).toEqual([undefined, '2']);
  });

  it('drops every entry stored under a tag, and only those', async () => {
    const store = memoryStore({ maxBytes: 1 << 20 });
    await store.set([{ key: 'acc-1', value: '1', ttlMs: 1000 }, { key: 'acc-2', value: '2', ttlMs: 1000 }], ['Account']);
    await store.set([{ key: 'opp-1', value: '3', ttlMs: 1000 }], ['Opportunity']);
    await store.set([{ key: 'both', value: '4', ttlMs: 1000 }], ['Account', 'Opportunity']);
    expect((await store.tagged('Account'))!.sort()).toEqual(['acc-1', 'acc-2', 'both']);
    expect(await store.invalidateTags(['Account'])).toBe(true);
    expect(await store.mget(['acc-1', 'acc-2', 'opp-1', 'both'])).toEqual([undefined, undefined, '3', undefined]);
    expect(await store.tagged('Opportunity')).toEqual(['opp-1']);
  });

  it('forgets deleted and evicted keys in its tags', async () => {
    const store = memoryStore({ maxBytes: 400 });
    await store.set([{ key: 'k1', value: 'x'.repeat(50), ttlMs: 1000 }], ['T']);
    await store.delete(['k1']);
    expect(await store.tagged('T')).toEqual([]);
    for (let i = 0; i < 10; i++) await store.set([{ key: `e${i}`, value: 'y'.repeat(50), ttlMs: 1000 }], ['T']);
    const alive = (await store.tagged('T'))!;
    expect(alive.length).toBeLessThan(10);
    expect(await store.mget(alive)).not.toContain(undefined);
  });

  it('delivers published messages to every subscriber in the process, asynchronously', async () => {
    const a = memoryBus();
    const b = memoryBus();
    const heard: string[] = [];
    const stop = b.subscribe('ch', (m) => heard.push(m));
    await a.publish('ch', 'one');
    expect(heard).toEqual([]); // not inline
    await new Promise((r) => setImmediate(r));
    expect(heard).toEqual(['one']);
    stop();
    await a.publish('ch', 'two');
    await new Promise((r) => setImmediate(r));
    expect(heard).toEqual(['one']);
    await a.close();
    await b.close();
  });
});
