/**
 * The Redis store against real Redis servers: the shared one (under a key
 * prefix of this file's own, removed afterwards) and private ones this file
 * starts, stops and points at dead ports.
 */
import { Redis } from 'ioredis';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { privateRedis, freePort } from '../../test/support/redisServer.ts';
import { REDIS_URL, redisAvailable } from '../../test/support/services.ts';
import { createMetrics } from '../metrics.ts';
import { openCaches, type CacheConfig, type Caches } from './open.ts';

const describeRedis = (await redisAvailable()) ? describe : describe.skip;
const prefix = `test-store-${process.pid}-${Math.random().toString(36).slice(2, 8)}`;
const silent = pino({ level: 'silent' });

function config(extra: Partial<CacheConfig> = {}): CacheConfig {
  return { redisUrl: REDIS_URL, redisClusterNodes: [], redisCommandTimeoutMs: 200, cacheKeyPrefix: prefix, cacheMemoryMb: 8, ...extra };
}

const open = (extra: Partial<CacheConfig> = {}, wait = 1000) => openCaches(config(extra), { service: 'test', logger: silent, metrics: createMetrics('test'), connectWaitMs: wait });
const until = async (check: () => Promise<boolean>, ms = 10_000) => {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 50));
  }
};

describeRedis('Redis store', () => {
  let caches: Caches;
  const key = (k: string) => `${caches.namespace}:t:${k}`;

  beforeAll(async () => {
    caches = await open();
  });
  afterAll(async () => {
    await caches?.close();
    const admin = new Redis(REDIS_URL);
    const keys = await admin.keys(`${prefix}:*`);
    if (keys.length) await admin.unlink(...keys);
    admin.disconnect();
  });

  it('answers hits and misses of one batch in a single round trip, in order', async () => {
    const store = caches.store('auto', 'TEST')!;
    expect(store.kind).toBe('redis');
    await store.set([{ key: key('a'), value: 'A', ttlMs: 10_000 }, { key: key('c'), value: 'C', ttlMs: 10_000 }]);
    expect(await store.mget([key('a'), key('b'), key('c')])).toEqual(['A', undefined, 'C']);
  });

  it('expires entries after their TTL', async () => {
    const store = caches.store('redis', 'TEST')!;
    await store.set([{ key: key('short'), value: 'S', ttlMs: 150 }]);
    expect(await store.mget([key('short')])).toEqual(['S']);
    await new Promise((r) => setTimeout(r, 300));
    expect(await store.mget([key('short')])).toEqual([undefined]);
  });

  it('drops every entry of a tag and trims expired members from tags', async () => {
    const store = caches.store('redis', 'TEST')!;
    const tag = key('tag:Account');
    await store.set([{ key: key('acc-1'), value: '1', ttlMs: 10_000 }, { key: key('acc-2'), value: '2', ttlMs: 10_000 }], [tag]);
    await store.set([{ key: key('acc-3'), value: '3', ttlMs: 50 }], [tag]);
    await store.set([{ key: key('opp-1'), value: 'o', ttlMs: 10_000 }], [key('tag:Opportunity')]);
    await new Promise((r) => setTimeout(r, 100));
    expect((await store.tagged(tag))!.sort()).toEqual([key('acc-1'), key('acc-2')]);
    expect(await store.invalidateTags([tag])).toBe(true);
    expect(await store.mget([key('acc-1'), key('acc-2'), key('opp-1')])).toEqual([undefined, undefined, 'o']);
    expect(await store.tagged(tag)).toEqual([]);
  });

  it('delivers messages to subscribers of other connections', async () => {
    const other = await open();
    const heard: string[] = [];
    other.bus.subscribe(`${prefix}:ch`, (m) => heard.push(m));
    await until(async () => {
      await caches.bus.publish(`${prefix}:ch`, 'hello');
      return heard.length > 0;
    });
    expect(heard[0]).toBe('hello');
    await other.close();
  });

  it('keeps a separate in-process store for caches configured as memory', () => {
    expect(caches.store('memory', 'TEST')!.kind).toBe('memory');
    expect(caches.store('off', 'TEST')).toBeUndefined();
  });

  it('pointed at a dead port: starts, answers every call as a miss without throwing, and counts it', async () => {
    const metrics = createMetrics('dead');
    const dead = await openCaches(config({ redisUrl: `redis://127.0.0.1:${await freePort()}` }), { service: 'dead', logger: silent, metrics, connectWaitMs: 200 });
    const store = dead.store('auto', 'TEST')!;
    expect(await store.mget(['x', 'y'])).toEqual([undefined, undefined]);
    await store.set([{ key: 'x', value: '1', ttlMs: 1000 }]);
    expect(await dead.bus.publish('ch', 'm')).toBe(false);
    expect(dead.health!.up).toBe(false);
    expect(await metrics.getSingleMetricAsString('dpg_cache_failures_total')).toMatch(/operation="mget",outcome="error".*\} 1/);
    await dead.close();
  });

  it('killed mid-use: calls become misses, then the store recovers by itself when Redis is back', async () => {
    const server = await privateRedis();
    await server.start();
    const caches2 = await openCaches(config({ redisUrl: server.url }), { service: 'flaky', logger: silent, metrics: createMetrics('flaky'), connectWaitMs: 2000 });
    const store = caches2.store('redis', 'TEST')!;
    try {
      await store.set([{ key: 'k', value: 'v', ttlMs: 60_000 }]);
      expect(await store.mget(['k'])).toEqual(['v']);

      await server.stop();
      for (let i = 0; i < 3; i++) expect(await store.mget(['k'])).toEqual([undefined]);
      expect(caches2.health!.up).toBe(false);

      await server.start(); // a fresh, empty server on the same port
      await until(async () => {
        await store.set([{ key: 'k2', value: 'back', ttlMs: 60_000 }]);
        return (await store.mget(['k2']))[0] === 'back';
      });
      expect(caches2.health!.up).toBe(true);
    } finally {
      await caches2.close();
      await server.stop();
    }
  });
});
