/**
 * The entity cache: what the request's DataLoaders read from the database,
 * kept in the service's cache store for the freshness SLA of the data
 * product publishing the type. A DataLoader batch asks the store for all its
 * keys in one round trip and the database only for the misses; the misses
 * are then stored without holding up the response.
 *
 * Invalidation drops a type's entries (or only some keys' rows and every
 * list of the type). A batch that began before an invalidation this replica
 * heard of does not store what it read, since that may predate the change.
 */
import type { CacheStore } from '../../platform/cache/store.ts';
import type { Fragment } from './sql.ts';
import { entityKey, entityTag, guardFingerprint, touchedByKeys } from './entityKeys.ts';
import type { TableDef } from './table.ts';

export interface EntityCacheOptions {
  store: CacheStore;
  namespace: string;
  subgraph: string;
  /** Lifetime of a type's entries; undefined: the type is not cached. */
  ttlSeconds: (type: string) => number | undefined;
  lookups?: { inc(labels: { result: 'hit' | 'miss' }, value: number): void };
}

export class EntityCache {
  private readonly epochs = new Map<string, number>();

  constructor(private readonly options: EntityCacheOptions) {}

  /**
   * Loads a DataLoader batch through the cache; `load` gets the keys that
   * missed and answers in their order. `guard` is everything the rows depend
   * on besides the key: the row guard's SQL and parameters, and the per-row
   * ways SQL when there is one.
   */
  async batch<V>(t: TableDef, loader: string, guard: Fragment, keys: readonly unknown[], load: (keys: readonly unknown[]) => Promise<V[]>): Promise<V[]> {
    const ttl = this.options.ttlSeconds(t.type);
    if (!ttl) return load(keys);
    const { store, namespace, subgraph } = this.options;
    const epoch = this.epochs.get(t.type) ?? 0;
    const parts = { subgraph, type: t.type, table: t.table, guard: guardFingerprint(guard), loader };
    const cacheKeys = keys.map((key) => entityKey(namespace, { ...parts, key }));

    const cached = await store.mget(cacheKeys);
    const values: V[] = new Array(keys.length);
    const missing: number[] = [];
    cached.forEach((hit, i) => (hit === undefined ? missing.push(i) : (values[i] = JSON.parse(hit))));
    this.options.lookups?.inc({ result: 'hit' }, keys.length - missing.length);
    if (missing.length === 0) return values;
    this.options.lookups?.inc({ result: 'miss' }, missing.length);

    const loaded = await load(missing.map((i) => keys[i]));
    missing.forEach((i, j) => (values[i] = loaded[j]));
    if ((this.epochs.get(t.type) ?? 0) === epoch) {
      const entries = missing.map((i, j) => ({ key: cacheKeys[i], value: JSON.stringify(loaded[j] ?? null), ttlMs: ttl * 1000 }));
      void store.set(entries, [entityTag(namespace, subgraph, t.type)]);
    }
    return values;
  }

  /** Drops cached rows of `types` (only those of `keys` and the types' lists, when keys are given); false when the store could not be reached. */
  async drop(types: readonly string[], keys?: readonly string[]): Promise<boolean> {
    const { store, namespace, subgraph } = this.options;
    for (const type of types) this.epochs.set(type, (this.epochs.get(type) ?? 0) + 1);
    const tags = types.map((type) => entityTag(namespace, subgraph, type));
    if (!keys) return store.invalidateTags(tags);
    const wanted = new Set(keys.map(String));
    let ok = true;
    for (const tag of tags) {
      const members = await store.tagged(tag);
      if (!members) ok = false;
      const victims = (members ?? []).filter((k) => touchedByKeys(k, wanted));
      if (victims.length) ok = (await store.delete(victims)) && ok;
    }
    return ok;
  }
}
