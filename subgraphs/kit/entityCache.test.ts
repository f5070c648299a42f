import { describe, expect, it } from 'vitest';
import { memoryStore } from '../../platform/cache/memoryStore.ts';
import { EntityCache } from './entityCache.ts';
import { BY_KEY, childrenLoader, entityKey, guardFingerprint, touchedByKeys } from './entityKeys.ts';
import { raw, sql } from './sql.ts';
import { defineTable } from './table.ts';

const accounts = defineTable({ type: 'Account', table: 'accounts', key: 'id', columns: { id: 'id', region: 'region' } });
const everything = raw('TRUE');
const emeaOnly = sql`region = ${'EMEA'}`;

function setup(ttlSeconds: (type: string) => number | undefined = () => 3600) {
  const store = memoryStore({ maxBytes: 1 << 20 });
  const counts = { hit: 0, miss: 0 };
  const cache = new EntityCache({ store, namespace: 'dpg:v1', subgraph: 'sales', ttlSeconds, lookups: { inc: (l, n) => void (counts[l.result] += n) } });
  const loads: unknown[][] = [];
  const load = async (keys: readonly unknown[]) => (loads.push([...keys]), keys.map((k) => (k === 'missing' ? null : { id: k })));
  const settle = () => new Promise((r) => setImmediate(r));
  return { store, cache, counts, loads, load, settle };
}

describe('entity cache keys', () => {
  it('name subgraph, type, table, row guard, loader and key', () => {
    const key = entityKey('dpg:v1', { subgraph: 'sales', type: 'Account', table: 'accounts', guard: guardFingerprint(everything), loader: BY_KEY, key: 'acc-1' });
    expect(key).toBe(`dpg:v1:e:sales:Account:accounts:${guardFingerprint(everything)}:k#"acc-1"`);
  });

  it('tell row guards apart by their SQL and their parameters', () => {
    expect(guardFingerprint(sql`region = ${'EMEA'}`)).not.toBe(guardFingerprint(sql`region = ${'NA'}`));
    expect(guardFingerprint(sql`region = ${'EMEA'}`)).toBe(guardFingerprint(sql`region = ${'EMEA'}`));
    expect(guardFingerprint(raw('TRUE'))).not.toBe(guardFingerprint(raw('FALSE')));
  });

  it('say which entries a change of some keys touches: those rows, and every list of the type', () => {
    const parts = { subgraph: 's', type: 'T', table: 't', guard: 'g' };
    const changed = new Set(['a:1']);
    expect(touchedByKeys(entityKey('n:v1', { ...parts, loader: BY_KEY, key: 'a:1' }), changed)).toBe(true);
    expect(touchedByKeys(entityKey('n:v1', { ...parts, loader: BY_KEY, key: 'a:2' }), changed)).toBe(false);
    expect(touchedByKeys(entityKey('n:v1', { ...parts, loader: childrenLoader('accountId', { first: 5 }), key: 'a:2' }), changed)).toBe(true);
  });
});

describe('entity cache', () => {
  it('asks the database only for the keys of a batch that are not cached', async () => {
    const { cache, counts, loads, load, settle } = setup();
    expect(await cache.batch(accounts, BY_KEY, everything, ['a', 'b'], load)).toEqual([{ id: 'a' }, { id: 'b' }]);
    await settle();
    expect(await cache.batch(accounts, BY_KEY, everything, ['b', 'c', 'missing'], load)).toEqual([{ id: 'b' }, { id: 'c' }, null]);
    await settle();
    expect(await cache.batch(accounts, BY_KEY, everything, ['a', 'missing'], load)).toEqual([{ id: 'a' }, null]);
    expect(loads).toEqual([['a', 'b'], ['c', 'missing']]);
    expect(counts).toEqual({ hit: 3, miss: 4 });
  });

  it('never answers one row guard with rows read under another', async () => {
    const { cache, loads, load, settle } = setup();
    await cache.batch(accounts, BY_KEY, everything, ['a'], load);
    await settle();
    await cache.batch(accounts, BY_KEY, emeaOnly, ['a'], load);
    expect(loads).toEqual([['a'], ['a']]);
  });

  it('does not cache a type without a lifetime', async () => {
    const { cache, loads, load, settle } = setup(() => undefined);
    await cache.batch(accounts, BY_KEY, everything, ['a'], load);
    await settle();
    await cache.batch(accounts, BY_KEY, everything, ['a'], load);
    expect(loads).toHaveLength(2);
  });

  it('drops one key\'s rows and every list of the type when keys change, everything when the type changes', async () => {
    const { cache, loads, load, settle } = setup();
    const lists = childrenLoader('region', { first: 10 });
    await cache.batch(accounts, BY_KEY, everything, ['a', 'b'], load);
    await cache.batch(accounts, lists, everything, ['EMEA'], load);
    await settle();
    expect(await cache.drop(['Account'], ['a'])).toBe(true);
    await cache.batch(accounts, BY_KEY, everything, ['a', 'b'], load);
    await cache.batch(accounts, lists, everything, ['EMEA'], load);
    expect(loads.slice(2)).toEqual([['a'], ['EMEA']]);
    await settle();
    await cache.drop(['Account']);
    await cache.batch(accounts, BY_KEY, everything, ['a', 'b'], load);
    expect(loads.at(-1)).toEqual(['a', 'b']);
  });

  it('does not store rows read before an invalidation it heard of while reading', async () => {
    const { cache, loads, load, settle } = setup();
    await cache.batch(accounts, BY_KEY, everything, ['a'], async (keys) => {
      await cache.drop(['Account']);
      return load(keys);
    });
    await settle();
    await cache.batch(accounts, BY_KEY, everything, ['a'], load);
    expect(loads).toEqual([['a'], ['a']]);
  });
});
