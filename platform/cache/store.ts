/**
 * The one cache interface every service uses, whatever holds the data: Redis
 * (shared by every replica) or an in-process LRU (the embedded default).
 * Callers build namespaced keys themselves (see keys.ts); a store only keeps
 * strings with a time to live, and remembers which keys were stored under
 * which tags so that a whole group can be dropped at once.
 */

export interface CacheEntry {
  key: string;
  value: string;
  ttlMs: number;
}

export interface CacheStore {
  readonly kind: 'memory' | 'redis';
  /** Values in the order of `keys`; undefined for a miss (or when the store cannot answer). */
  mget(keys: readonly string[]): Promise<(string | undefined)[]>;
  /** Stores entries and records their keys under each tag, in one round trip. Best effort. */
  set(entries: readonly CacheEntry[], tags?: readonly string[]): Promise<void>;
  /** Resolves false when the store could not be reached (the caller may retry). */
  delete(keys: readonly string[]): Promise<boolean>;
  /** Keys recorded under a tag that have not expired; undefined when the store could not be reached. */
  tagged(tag: string): Promise<string[] | undefined>;
  /** Deletes every entry recorded under the tags, and the tags; false when the store could not be reached. */
  invalidateTags(tags: readonly string[]): Promise<boolean>;
  close(): Promise<void>;
}

/** Fire-and-forget messages to every subscriber of a channel, in every process sharing the store. */
export interface MessageBus {
  /** Resolves false when the message could not be handed over (the caller may retry). */
  publish(channel: string, message: string): Promise<boolean>;
  /** Starts delivering the channel's messages; the returned function stops it. */
  subscribe(channel: string, onMessage: (message: string) => void): () => void;
  close(): Promise<void>;
}
