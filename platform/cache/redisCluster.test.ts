/**
 * The same store on a Redis Cluster (REDIS_CLUSTER_NODES): three private
 * masters this file starts, so batches, tags and messages spread over slots
 * on different nodes.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { privateRedis, type PrivateRedis } from '../../test/support/redisServer.ts';
import { redisAvailable } from '../../test/support/services.ts';
import { createMetrics } from '../metrics.ts';
import { openCaches, type Caches } from './open.ts';

const run = promisify(execFile);
const describeCluster = (await redisAvailable()) ? describe : describe.skip;

describeCluster('Redis Cluster store', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dpg-cluster-'));
  let nodes: PrivateRedis[] = [];
  let caches: Caches;

  beforeAll(async () => {
    nodes = await Promise.all([0, 1, 2].map(() => privateRedis(undefined, ['--cluster-enabled', 'yes', '--dir', dir, '--cluster-config-file', `nodes-${Math.random().toString(36).slice(2)}.conf`])));
    await Promise.all(nodes.map((n) => n.start()));
    await run('redis-cli', ['--cluster', 'create', ...nodes.map((n) => `127.0.0.1:${n.port}`), '--cluster-replicas', '0', '--cluster-yes']);
    for (const n of nodes) {
      const deadline = Date.now() + 20_000;
      while (!(await run('redis-cli', ['-p', String(n.port), 'cluster', 'info'])).stdout.includes('cluster_state:ok')) {
        if (Date.now() > deadline) throw new Error('cluster did not become ready');
        await new Promise((r) => setTimeout(r, 100));
      }
    }
    caches = await openCaches(
      { redisClusterNodes: nodes.map((n) => `127.0.0.1:${n.port}`), redisCommandTimeoutMs: 500, cacheKeyPrefix: 'cluster-test', cacheMemoryMb: 8 },
      { service: 'test', logger: pino({ level: 'silent' }), metrics: createMetrics('test'), connectWaitMs: 5000 },
    );
  }, 60_000);

  afterAll(async () => {
    await caches?.close();
    await Promise.all(nodes.map((n) => n.stop()));
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('reads and writes batches whose keys live on different nodes', async () => {
    const store = caches.store('redis', 'TEST')!;
    const keys = Array.from({ length: 50 }, (_, i) => `${caches.namespace}:k${i}`);
    await store.set(keys.map((key, i) => ({ key, value: `v${i}`, ttlMs: 60_000 })), [`${caches.namespace}:tag`]);
    expect(await store.mget([...keys, `${caches.namespace}:absent`])).toEqual([...keys.map((_, i) => `v${i}`), undefined]);
    expect(caches.health!.up).toBe(true);
  });

  it('drops a tag whose entries are spread over the cluster', async () => {
    const store = caches.store('redis', 'TEST')!;
    const keys = Array.from({ length: 20 }, (_, i) => `${caches.namespace}:t${i}`);
    await store.set(keys.map((key) => ({ key, value: 'x', ttlMs: 60_000 })), [`${caches.namespace}:tag2`]);
    expect(await store.invalidateTags([`${caches.namespace}:tag2`])).toBe(true);
    expect((await store.mget(keys)).every((v) => v === undefined)).toBe(true);
  });

  it('delivers messages published through any node', async () => {
    const heard: string[] = [];
    caches.bus.subscribe('cluster-test:ch', (m) => heard.push(m));
    const deadline = Date.now() + 10_000;
    while (heard.length === 0 && Date.now() < deadline) {
      await caches.bus.publish('cluster-test:ch', 'hello');
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(heard[0]).toBe('hello');
  });
});
