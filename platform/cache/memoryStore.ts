/**
 * The embedded store: an in-process LRU with the Redis store's behaviour
 * (TTL, tags, pub/sub), for one machine without Redis. Its bus is shared by
 * every service in the process, so with `npm start` an invalidation a
 * subgraph publishes reaches the gateway; services in other processes do not
 * hear it, and their entries live until their TTL.
 */
import { EventEmitter } from 'node:events';
import { Lru } from './lru.ts';
import type { CacheEntry, CacheStore, MessageBus } from './store.ts';

export interface MemoryStoreOptions {
  maxBytes: number;
  now?: () => number;
}

interface Held {
  value: string;
  tags: readonly string[];
}

export function memoryStore(options: MemoryStoreOptions): CacheStore {
  const now = options.now ?? Date.now;
  const tags = new Map<string, Set<string>>();
  const lru = new Lru<Held>({
    maxSize: options.maxBytes,
    // JS strings are UTF-16: two bytes per code unit is what they cost.
    sizeOf: (held, key) => 2 * (held.value.length + key.length) + 64,
    now,
    onRemove(key, held) {
      for (const tag of held.tags) {
        const members = tags.get(tag);
        members?.delete(key);
        if (members?.size === 0) tags.delete(tag);
      }
    },
  });

  return {
    kind: 'memory',
    async mget(keys) {
      return keys.map((k) => lru.get(k)?.value);
    },
    async set(entries: readonly CacheEntry[], entryTags: readonly string[] = []) {
      for (const { key, value, ttlMs } of entries) {
        lru.set(key, { value, tags: entryTags }, ttlMs);
        if (lru.ttl(key) === undefined) continue; // refused (too large or no TTL)
        for (const tag of entryTags) (tags.get(tag) ?? tags.set(tag, new Set()).get(tag)!).add(key);
      }
    },
    async delete(keys) {
      for (const key of keys) lru.delete(key);
      return true;
    },
    async tagged(tag) {
      return [...(tags.get(tag) ?? [])].filter((key) => lru.ttl(key) !== undefined);
    },
    async invalidateTags(list) {
      for (const tag of list) for (const key of [...(tags.get(tag) ?? [])]) lru.delete(key);
      return true;
    },
    async close() {
      lru.clear();
    },
  };
}

// One bus per process: every in-process store's subscribers hear every publish.
const processBus = new EventEmitter().setMaxListeners(0);

export function memoryBus(): MessageBus {
  const mine: [string, (message: string) => void][] = [];
  return {
    async publish(channel, message) {
      // Delivered asynchronously, like Redis, so publishers never run subscribers' code inline.
      setImmediate(() => processBus.emit(channel, message));
      return true;
    },
    subscribe(channel, onMessage) {
      processBus.on(channel, onMessage);
      mine.push([channel, onMessage]);
      return () => void processBus.off(channel, onMessage);
    },
    async close() {
      for (const [channel, handler] of mine) processBus.off(channel, handler);
    },
  };
}
