/**
 * Caching against a real Redis: the response cache (hit, miss, bypass, TTL,
 * what is never cached), the entity cache in the subgraphs, invalidation
 * reaching every gateway, no answer crossing principals, single-flight,
 * persisted queries, and Redis dying and coming back under a serving
 * gateway. Keys live under a prefix of this file's own, removed afterwards.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Redis } from 'ioredis';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readGatewayConfig } from '../../gateway/config.ts';
import { startGateway, type RunningGateway } from '../../gateway/server.ts';
import { bearer, database, describeMesh, OPERATOR, startTestMesh, subgraphRequests as servedBy, TEST_ENV, type TestMesh } from '../support/mesh.ts';
import { freePort, privateRedis } from '../support/redisServer.ts';
import { REDIS_URL, redisAvailable } from '../support/services.ts';
import { until } from '../support/until.ts';
import { sha256 } from '../../platform/hash.ts';

const describeCaching = (await redisAvailable()) ? describeMesh : describe.skip;
const prefix = `test-caching-${database}-${process.pid}-${Math.random().toString(36).slice(2, 8)}`;

const JOIN = `query Join($first: Int) {
  accounts(first: $first) { id name region opportunities { amount stage } tickets { status } leads { campaign { channel } } }
}`;
const CAMPAIGNS = '{ campaigns(first: 5) { id channel } }';

describeCaching('caching with Redis', () => {
  let mesh: TestMesh;
  const extra: RunningGateway[] = [];
  const exec = bearer(['exec'], {}, ['pii:read'], 'test-exec');
  const post = async (url: string, query: string, variables: Record<string, unknown> = {}, headers?: Record<string, string>) =>
    request(url).post('/graphql').set(headers ?? (await exec)).send({ query, variables });
  const ask = (query: string, variables?: Record<string, unknown>, headers?: Record<string, string>) => post(mesh.gateway.url, query, variables, headers);
  const statements = () => Object.values(mesh.subgraphs).reduce((n, s) => n + s.db.statements, 0);
  const subgraphRequests = () => servedBy(mesh);
  const gateway = async (env: Record<string, string>) => {
    const g = await startGateway(
      readGatewayConfig({ LOG_LEVEL: process.env.LOG_LEVEL, ...TEST_ENV, GATEWAY_PORT: '0', REGISTRY_URL: mesh.registry.url, REDIS_URL, CACHE_KEY_PREFIX: prefix, RESPONSE_CACHE: 'redis', ...env }),
    );
    extra.push(g);
    await until('the extra gateway to load the supergraph', async () => g.runtime.current?.hash === mesh.gateway.runtime.current?.hash);
    return g;
  };

  beforeAll(async () => {
    mesh = await startTestMesh({ env: { REDIS_URL, CACHE_KEY_PREFIX: prefix, ENTITY_CACHE: 'redis', RESPONSE_CACHE: 'redis' } });
    // The catalog arrives with the first request on a new supergraph; ask once so it is there.
    await ask(CAMPAIGNS);
    await until('the data-product catalog', async () => (await ask(CAMPAIGNS)).headers['x-cache'] === 'HIT');
  });

  afterAll(async () => {
    for (const g of extra) await g.close();
    await mesh?.close();
    const admin = new Redis(REDIS_URL);
    const keys = await admin.keys(`${prefix}*`);
    if (keys.length) await admin.unlink(...keys);
    admin.disconnect();
  });

  it('answers a repeated query from stored bytes: miss, then hit with Age and Cache-Control, without calling a subgraph', async () => {
    const first = await ask(JOIN, { first: 7 });
    expect(first.status).toBe(200);
    expect(first.body.errors).toBeUndefined();
    expect(first.headers['x-cache']).toBe('MISS');
    // Accounts, opportunities, tickets, leads: the shortest freshness SLA among them is sales pipeline's 15 minutes.
    expect(first.headers['cache-control']).toBe('private, max-age=900');

    const calls = await subgraphRequests();
    const second = await ask(JOIN, { first: 7 });
    expect(second.headers['x-cache']).toBe('HIT');
    expect(second.text).toBe(first.text);
    expect(second.headers['cache-control']).toMatch(/^private, max-age=\d+$/);
    expect(Number(second.headers.age)).toBeGreaterThanOrEqual(0);
    expect(await subgraphRequests()).toBe(calls);

    // Same operation, other variables: another entry.
    expect((await ask(JOIN, { first: 8 })).headers['x-cache']).toBe('MISS');
  });

  it('goes to the subgraphs when the client sends Cache-Control: no-cache, and refreshes the entry', async () => {
    await ask(JOIN, { first: 9 });
    const calls = await subgraphRequests();
    const bypass = await ask(JOIN, { first: 9 }, { ...(await exec), 'cache-control': 'no-cache' });
    expect(bypass.headers['x-cache']).toBe('BYPASS');
    expect(bypass.body.errors).toBeUndefined();
    expect(await subgraphRequests()).toBeGreaterThan(calls);
    expect((await ask(JOIN, { first: 9 })).headers['x-cache']).toBe('HIT');
  });

  it('never caches errors, partial answers, or data products that forbid caching', async () => {
    const freshness = '{ analyticsFreshness { product status } }'; // analytics.freshness: cacheable: false
    for (let i = 0; i < 2; i++) {
      const res = await ask(freshness);
      expect(res.body.errors).toBeUndefined();
      expect(res.headers['x-cache']).toBe('MISS');
      expect(res.headers['cache-control']).toBe('no-store');
    }
    const tooBig = '{ accounts(first: 100000) { id } }';
    for (let i = 0; i < 2; i++) {
      const res = await ask(tooBig);
      expect(res.body.errors?.[0].extensions.code).toBe('BAD_USER_INPUT');
      expect(res.headers['x-cache']).toBe('MISS');
    }
  });

  it('expires responses after their time to live', async () => {
    const short = await gateway({ RESPONSE_CACHE_MAX_TTL_SECONDS: '1', CACHE_KEY_PREFIX: `${prefix}-ttl` });
    const query = '{ campaigns(first: 3) { id } }';
    await until('the catalog on the new gateway', async () => (await post(short.url, query)).headers['x-cache'] === 'HIT');
    const stored = await post(short.url, query, {}, { ...(await exec), 'cache-control': 'no-cache' });
    expect(stored.headers['cache-control']).toBe('private, max-age=1');
    expect((await post(short.url, query)).headers['x-cache']).toBe('HIT');
    await new Promise((r) => setTimeout(r, 1200));
    expect((await post(short.url, query)).headers['x-cache']).toBe('MISS');
  });

  it('drops the responses built from an invalidated type on every gateway, Redis-backed or in-process, and keeps the others', async () => {
    const inProcess = await gateway({ RESPONSE_CACHE: 'memory' });
    const gateways = [mesh.gateway.url, inProcess.url];
    const accounts = '{ accounts(first: 4) { id name } }';
    for (const url of gateways) {
      await until('a warm cache', async () => (await post(url, accounts)).headers['x-cache'] === 'HIT' && (await post(url, CAMPAIGNS)).headers['x-cache'] === 'HIT');
    }

    const res = await request(mesh.subgraphs.sales.url).post('/invalidate').set(OPERATOR).send({ types: ['Account'] });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ types: ['Account'], published: true });

    for (const url of gateways) {
      await until(`the invalidation to reach ${url}`, async () => (await post(url, accounts)).headers['x-cache'] === 'MISS');
      expect((await post(url, CAMPAIGNS)).headers['x-cache']).toBe('HIT');
    }
  });

  it('refuses a malformed invalidation and changes nothing', async () => {
    const res = await request(mesh.subgraphs.sales.url).post('/invalidate').set(OPERATOR).send({ types: 'Account' });
    expect(res.status).toBe(400);
    expect(res.body.errors[0].message).toMatch(/"types" must list/);
  });

  it('serves entity rows from the entity cache: a repeated join costs only its root list statement, until the rows are invalidated', async () => {
    const fresh = { ...(await exec), 'cache-control': 'no-cache' };
    const cost = async () => {
      const before = statements();
      const res = await ask(JOIN, { first: 30 }, fresh);
      expect(res.body.errors).toBeUndefined();
      return statements() - before;
    };
    const cold = await cost();
    expect(cold).toBeGreaterThan(1);
    await until('entity rows to be stored', async () => (await cost()) === 1);

    await request(mesh.subgraphs.sales.url).post('/invalidate').set(OPERATOR).send({ types: ['Opportunity'], keys: ['acc-000001-o1'] });
    // Every list of opportunities may hold the changed one: the opportunities statement is back.
    expect(await cost()).toBe(2);
  });

  it('never answers one principal from what another warmed: masked values and row filters hold', async () => {
    const contacts = '{ contacts(first: 5) { id email } }';
    const reader = await bearer(['exec'], {}, ['pii:read'], 'pii-reader');
    const other = await bearer(['exec'], {}, [], 'no-pii');

    // Personal data read in clear is audited on every read, so it is never served from the cache.
    const clear = await ask(contacts, {}, reader);
    expect((await ask(contacts, {}, reader)).headers['x-cache']).toBe('MISS');
    const masked = await ask(contacts, {}, other);
    expect(masked.headers['x-cache']).toBe('MISS');
    expect(masked.body.data.contacts.map((c: { id: string }) => c.id)).toEqual(clear.body.data.contacts.map((c: { id: string }) => c.id));
    for (const [i, c] of masked.body.data.contacts.entries()) {
      expect(c.email).not.toBe(clear.body.data.contacts[i].email);
    }
    // The masked answer is cached for its principal, and never handed to the reader.
    expect((await ask(contacts, {}, other)).headers['x-cache']).toBe('HIT');
    const again = await ask(contacts, {}, reader);
    expect(again.headers['x-cache']).toBe('MISS');
    expect(again.body.data).toEqual(clear.body.data);

    // Row filters: an EMEA rep's lookup warms the entity and response caches; an NA rep must not see the account.
    const [{ id: emeaAccount }] = await mesh.subgraphs.sales.db.query<{ id: string }>(`SELECT id FROM accounts WHERE region = 'EMEA' ORDER BY id LIMIT 1`);
    const lookup = 'query($id: ID!) { account(id: $id) { id region } }';
    const emea = await bearer(['sales'], { region: 'EMEA' }, [], 'rep-emea');
    const na = await bearer(['sales'], { region: 'NA' }, [], 'rep-na');
    expect((await ask(lookup, { id: emeaAccount }, emea)).body.data.account).toEqual({ id: emeaAccount, region: 'EMEA' });
    expect((await ask(lookup, { id: emeaAccount }, emea)).headers['x-cache']).toBe('HIT');
    const hidden = await ask(lookup, { id: emeaAccount }, na);
    expect(hidden.body.data.account).toBeNull();
  });

  it('runs concurrent identical misses once', async () => {
    const once = async (first: number) => {
      const before = await subgraphRequests();
      await ask(JOIN, { first });
      return (await subgraphRequests()) - before;
    };
    const single = await once(11);
    const before = await subgraphRequests();
    const replies = await Promise.all(Array.from({ length: 20 }, () => ask(JOIN, { first: 12 })));
    expect(replies.every((r) => r.status === 200 && !r.body.errors)).toBe(true);
    expect(new Set(replies.map((r) => r.text)).size).toBe(1);
    expect(replies.filter((r) => r.headers['x-cache'] === 'SHARED').length).toBeGreaterThan(0);
    expect((await subgraphRequests()) - before).toBe(single);
  });

  it('speaks automatic persisted queries: unknown hash, registration, then the hash alone', async () => {
    const query = '{ campaigns(first: 2) { id name } }';
    const persisted = { persistedQuery: { version: 1, sha256Hash: sha256(query) } };
    const send = async (body: Record<string, unknown>) => request(mesh.gateway.url).post('/graphql').set(await exec).send(body);

    const unknown = await send({ extensions: persisted });
    expect(unknown.status).toBe(200);
    expect(unknown.body.errors[0]).toMatchObject({ message: 'PersistedQueryNotFound', extensions: { code: 'PERSISTED_QUERY_NOT_FOUND' } });

    const wrong = await send({ query: '{ campaigns(first: 1) { id } }', extensions: persisted });
    expect(wrong.status).toBe(400);
    expect(wrong.body.errors[0].message).toBe('provided sha does not match query');

    const registered = await send({ query, extensions: persisted });
    expect(registered.body.errors).toBeUndefined();
    await until('the hash to be known', async () => !(await send({ extensions: persisted })).body.errors);
    expect((await send({ extensions: persisted })).body).toEqual(registered.body);
  });

  it('runs only safelisted operations in safelist mode, by hash or by text', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dpg-safelist-'));
    const listed = 'query Dashboard {\n  campaigns(first: 2) { id channel }\n}\n';
    fs.writeFileSync(path.join(dir, 'dashboard.graphql'), listed);
    try {
      const safe = await gateway({ PERSISTED_QUERIES: 'safelist', PERSISTED_QUERIES_DIR: dir, RESPONSE_CACHE: 'off' });
      const send = async (body: Record<string, unknown>) => request(safe.url).post('/graphql').set(await exec).send(body);
      const byHash = await send({ extensions: { persistedQuery: { version: 1, sha256Hash: sha256(listed) } } });
      expect(byHash.body.errors).toBeUndefined();
      expect(byHash.body.data.campaigns).toHaveLength(2);
      // The same operation laid out differently is still the safelisted one.
      expect((await send({ query: 'query Dashboard { campaigns(first: 2) { id, channel } }' })).body.errors).toBeUndefined();
      const other = await send({ query: '{ contacts { email } }' });
      expect(other.status).toBe(400);
      expect(other.body.errors[0].extensions.code).toBe('OPERATION_NOT_SAFELISTED');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('keeps answering while Redis is unreachable from the start', async () => {
    const dead = await gateway({ REDIS_URL: `redis://127.0.0.1:${await freePort()}`, CACHE_KEY_PREFIX: `${prefix}-dead` });
    for (let i = 0; i < 3; i++) {
      const res = await post(dead.url, JOIN, { first: 5 });
      expect(res.status).toBe(200);
      expect(res.body.errors).toBeUndefined();
      expect(res.body.data.accounts).toHaveLength(5);
    }
    const ready = await request(dead.url).get('/ready');
    expect(ready.body.cache).toEqual({ redis: 'down' });
  });

  it('keeps answering when Redis dies mid-use, and caches again once it is back', async () => {
    const server = await privateRedis();
    await server.start();
    try {
      const g = await gateway({ REDIS_URL: server.url, CACHE_KEY_PREFIX: `${prefix}-flaky` });
      const query = '{ campaigns(first: 4) { id channel } }';
      await until('a cached answer', async () => (await post(g.url, query)).headers['x-cache'] === 'HIT');

      await server.stop();
      for (let i = 0; i < 3; i++) {
        const res = await post(g.url, query);
        expect(res.status).toBe(200);
        expect(res.body.errors).toBeUndefined();
        expect(res.headers['x-cache']).toBe('MISS');
      }

      await server.start(); // empty: nothing was persisted
      await until('caching to resume', async () => (await post(g.url, query)).headers['x-cache'] === 'HIT');
      expect((await request(g.url).get('/ready')).body.cache).toEqual({ redis: 'up' });
    } finally {
      await server.stop();
    }
  });
});
