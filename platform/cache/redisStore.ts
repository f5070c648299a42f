/**
 * The shared store: Redis through ioredis, a single server or a Redis
 * Cluster. Commands fail fast instead of queueing while Redis is away (no
 * offline queue, no retries, a short per-command timeout), because a cache
 * that makes requests wait for it is worse than no cache; `resilient.ts`
 * turns those failures into misses. Reconnection runs in the background.
 *
 * Tags are sorted sets scored by expiry time, trimmed on every write, so a
 * tag never outgrows the entries that are still alive.
 */
import { Cluster, Redis } from 'ioredis';
import type { CacheEntry, CacheStore, MessageBus } from './store.ts';

export interface RedisSettings {
  /** redis://… for one server. */
  url?: string;
  /** host:port seeds of a Redis Cluster; wins over `url`. */
  clusterNodes?: readonly string[];
  commandTimeoutMs: number;
}

export type RedisClient = Redis | Cluster;

// Reconnect quickly at first, then every 2 s, forever: the cache comes back on its own.
const retry = (times: number) => Math.min(50 * 2 ** times, 2000);

export function redisClient(settings: RedisSettings, role: 'commands' | 'subscriber'): RedisClient {
  // A subscriber must queue its SUBSCRIBE until connected and keeps no command timeout.
  const fastFail = role === 'commands';
  const common = {
    connectTimeout: 1000,
    maxRetriesPerRequest: fastFail ? 0 : null,
    ...(fastFail ? { commandTimeout: settings.commandTimeoutMs } : {}),
  };
  const client: RedisClient = settings.clusterNodes?.length
    ? new Cluster(
        settings.clusterNodes.map((n) => {
          const [host, port] = n.split(':');
          return { host, port: Number(port) || 6379 };
        }),
        { enableOfflineQueue: !fastFail, enableAutoPipelining: true, clusterRetryStrategy: retry, redisOptions: common },
      )
    : new Redis(settings.url ?? 'redis://127.0.0.1:6379', { ...common, enableOfflineQueue: !fastFail, enableAutoPipelining: true, retryStrategy: retry });
  // Failures surface through the commands; an unhandled 'error' event would crash the process.
  client.on('error', () => {});
  return client;
}

/** Resolves once the client is connected, or after `ms` regardless: a service starts without its cache. */
export function whenReady(client: RedisClient, ms: number): Promise<boolean> {
  if (client.status === 'ready') return Promise.resolve(true);
  return new Promise((resolve) => {
    const done = (ok: boolean) => {
      clearTimeout(timer);
      client.off('ready', onReady);
      resolve(ok);
    };
    const onReady = () => done(true);
    const timer = setTimeout(() => done(false), ms);
    client.on('ready', onReady);
  });
}

const CHUNK = 1000;

export function redisStore(client: RedisClient): CacheStore {
  const cluster = client instanceof Cluster;

  // MGET and multi-key UNLINK need all keys in one slot on a cluster; there,
  // single-key commands are sent instead and auto-pipelining groups them per node.
  const mget = (keys: readonly string[]): Promise<(string | null)[]> =>
    cluster ? Promise.all(keys.map((k) => client.get(k))) : (client as Redis).mget(keys as string[]);

  async function unlink(keys: readonly string[]): Promise<void> {
    if (cluster) {
      await Promise.all(keys.map((k) => client.unlink(k)));
      return;
    }
    for (let i = 0; i < keys.length; i += CHUNK) await client.unlink(...keys.slice(i, i + CHUNK));
  }

  return {
    kind: 'redis',
    async mget(keys) {
      if (keys.length === 0) return [];
      return (await mget(keys)).map((v) => v ?? undefined);
    },
    async set(entries: readonly CacheEntry[], tags: readonly string[] = []) {
      if (entries.length === 0) return;
      const now = Date.now();
      const ttl = (e: CacheEntry) => Math.max(1, Math.round(e.ttlMs));
      const writes: Promise<unknown>[] = entries.map((e) => client.set(e.key, e.value, 'PX', ttl(e)));
      for (const tag of tags) {
        writes.push(client.zadd(tag, ...entries.flatMap((e) => [now + ttl(e), e.key])));
        writes.push(client.zremrangebyscore(tag, '-inf', now));
      }
      await Promise.all(writes);
    },
    async delete(keys) {
      await unlink(keys);
      return true;
    },
    async tagged(tag) {
      return client.zrangebyscore(tag, Date.now(), '+inf');
    },
    async invalidateTags(tags) {
      for (const tag of tags) await unlink([...(await client.zrange(tag, 0, -1)), tag]);
      return true;
    },
    async close() {
      client.disconnect();
    },
  };
}

export function redisBus(publisher: RedisClient, makeSubscriber: () => RedisClient): MessageBus {
  let subscriber: RedisClient | undefined;
  const handlers = new Map<string, Set<(message: string) => void>>();

  return {
    async publish(channel, message) {
      await publisher.publish(channel, message);
      return true;
    },
    subscribe(channel, onMessage) {
      if (!subscriber) {
        subscriber = makeSubscriber();
        subscriber.on('message', (ch: string, message: string) => {
          for (const handler of handlers.get(ch) ?? []) handler(message);
        });
      }
      let set = handlers.get(channel);
      if (!set) {
        handlers.set(channel, (set = new Set()));
        // Queued until connected, and re-sent after every reconnect (autoResubscribe).
        subscriber.subscribe(channel).catch(() => {});
      }
      set.add(onMessage);
      return () => {
        set!.delete(onMessage);
      };
    },
    async close() {
      subscriber?.disconnect();
    },
  };
}
