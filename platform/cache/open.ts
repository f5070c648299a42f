/**
 * The one place a service gets its caches from its configuration: Redis when
 * REDIS_URL or REDIS_CLUSTER_NODES is set, the in-process store otherwise,
 * each cache switchable on its own (`auto | off | memory | redis`). Redis
 * stores come wrapped so that Redis being down or slow never fails a request.
 */
import { ConfigError } from '../config.ts';
import type { Logger } from '../log.ts';
import { counter, type Metrics } from '../metrics.ts';
import { namespace } from './keys.ts';
import { memoryBus, memoryStore } from './memoryStore.ts';
import { resilience, type Health } from './resilient.ts';
import type { CacheStore, MessageBus } from './store.ts';

export const CACHE_MODES = ['auto', 'off', 'memory', 'redis'] as const;
/** `auto`: Redis when one is configured, else in-process. */
export type CacheMode = (typeof CACHE_MODES)[number];

export interface CacheConfig {
  redisUrl?: string;
  redisClusterNodes: string[];
  redisCommandTimeoutMs: number;
  cacheKeyPrefix: string;
  cacheMemoryMb: number;
}

export interface Caches {
  /** `<prefix>:v<version>`: every key and channel of this deployment starts with it. */
  namespace: string;
  /** Where invalidations travel: Redis pub/sub when Redis is configured, else this process. */
  bus: MessageBus;
  /** Redis' state, when Redis is configured. */
  health?: Health;
  /** The store a cache configured as `mode` uses; undefined when `off`. Throws when `redis` is asked for but not configured. */
  store(mode: CacheMode, setting: string): CacheStore | undefined;
  close(): Promise<void>;
}

export interface OpenOptions {
  service: string;
  logger: Logger;
  metrics: Metrics;
  /** How long start-up waits for Redis before going on without it. */
  connectWaitMs?: number;
}

export async function openCaches(config: CacheConfig, options: OpenOptions): Promise<Caches> {
  const ns = namespace(config.cacheKeyPrefix);
  const redisConfigured = Boolean(config.redisUrl || config.redisClusterNodes.length);
  let memory: CacheStore | undefined;
  const memoryFor = () => (memory ??= memoryStore({ maxBytes: config.cacheMemoryMb * 1024 * 1024 }));

  if (!redisConfigured) {
    const bus = memoryBus();
    return {
      namespace: ns,
      bus,
      store(mode, setting) {
        if (mode === 'redis') throw new ConfigError([`${setting}=redis: set REDIS_URL or REDIS_CLUSTER_NODES`]);
        return mode === 'off' ? undefined : memoryFor();
      },
      async close() {
        await bus.close();
        await memory?.close();
      },
    };
  }

  // ioredis loads only when Redis is configured.
  const { redisBus, redisClient, redisStore, whenReady } = await import('./redisStore.ts');
  const settings = { url: config.redisUrl, clusterNodes: config.redisClusterNodes, commandTimeoutMs: config.redisCommandTimeoutMs };
  const client = redisClient(settings, 'commands');
  const failures = counter(options.metrics, 'dpg_cache_failures_total', 'Cache store calls that failed or were skipped during an outage; each acted as a miss or no-op', ['operation', 'outcome']);
  const guarded = resilience('redis', { logger: options.logger, failures });
  const redis = guarded.store(redisStore(client));
  const bus = guarded.bus(redisBus(client, () => redisClient(settings, 'subscriber')));
  await whenReady(client, options.connectWaitMs ?? 1000);

  return {
    namespace: ns,
    bus,
    health: guarded.health,
    store(mode) {
      if (mode === 'off') return undefined;
      return mode === 'memory' ? memoryFor() : redis;
    },
    async close() {
      await bus.close();
      await redis.close();
      await memory?.close();
    },
  };
}
