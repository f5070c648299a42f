/**
 * Demand control and rate limits on a live mesh: the README's queries run
 * under the default limits while the nested query from the issue is refused
 * before any subgraph is asked; measure mode reports instead of refusing; a
 * policy raises a role's limits; quotas answer 429 with the IETF RateLimit
 * headers, are shared by two gateways through one Redis, and a Redis outage
 * lets requests through.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { getIntrospectionQuery } from 'graphql';
import { Redis } from 'ioredis';
import { pino } from 'pino';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readGatewayConfig } from '../../gateway/config.ts';
import { startGateway, type GatewayOptions, type RunningGateway } from '../../gateway/server.ts';
import { bearer, describeMesh, startTestMesh, subgraphRequests, TEST_ENV, type TestMesh } from '../support/mesh.ts';
import { freePort } from '../support/redisServer.ts';
import { REDIS_URL, redisAvailable } from '../support/services.ts';
import { until } from '../support/until.ts';

const LIMITS = `limits:
  - id: bi-service-accounts
    description: BI service accounts page through whole products.
    to: { roles: [bi] }
    cost: 50000000
    depth: 14
  - id: metered
    to: { roles: [metered] }
    costPerMinute: 100
  - id: paced
    to: { roles: [paced] }
    requestsPerSecond: 1000
`;

/** The README's example queries: the curl one and every one-line operation in its graphql blocks. */
function readmeQueries(): string[] {
  // Serving your own supergraph queries a fixture's schema, not the demo mesh.
  const readme = fs.readFileSync('README.md', 'utf8').replace(/\n## Run the gateway on your own supergraph\n[\s\S]*?(?=\n## )/, '');
  const blocks = [...readme.matchAll(/```graphql\n([\s\S]*?)```/g)].flatMap((m) => m[1].split('\n').filter((l) => l.startsWith('{')));
  const curl = [...readme.matchAll(/-d '\{"query":\s*\n?\s*"(\{[^"]*\})"\}'/g)].map((m) => m[1]);
  return [...curl, ...blocks];
}

let inner = '{ id }';
for (let i = 0; i < 7; i++) inner = `{ account { tickets(first: 500) ${inner} } }`;
const ATTACK = `{ accounts(first: 100) { tickets(first: 500) ${inner} } }`;
const SHALLOW_ATTACK = '{ accounts(first: 100) { tickets(first: 500) { account { tickets(first: 500) { id } } } } }';
// Per account: itself 1, the entity fetch of its tickets 1, one ticket 1: 20 accounts cost 60.
const SIXTY = '{ accounts(first: 20) { id tickets(first: 1) { id } } }';

describeMesh('demand control and rate limits', () => {
  let mesh: TestMesh;
  let policyDir: string;
  const extra: RunningGateway[] = [];
  const gateway = async (env: Record<string, string>, options: GatewayOptions = {}) => {
    const g = await startGateway(readGatewayConfig({ LOG_LEVEL: process.env.LOG_LEVEL, ...TEST_ENV, GATEWAY_PORT: '0', REGISTRY_URL: mesh.registry.url, POLICY_DIR: policyDir, ...env }), options);
    extra.push(g);
    await until('the extra gateway to load the supergraph and policy', async () => g.runtime.current?.hash === mesh.gateway.runtime.current?.hash && g.policy.current !== undefined);
    return g;
  };
  const ask = async (url: string, query: string, roles: string[], variables: Record<string, unknown> = {}) =>
    request(url).post('/graphql').set(await bearer(roles, {}, ['pii:read'], `user-${roles.join('-')}`)).send({ query, variables });

  beforeAll(async () => {
    policyDir = fs.mkdtempSync(path.join(os.tmpdir(), 'dpg-limits-policy-'));
    fs.cpSync('policies/rules', policyDir, { recursive: true });
    fs.writeFileSync(path.join(policyDir, 'limits.yaml'), LIMITS);
    mesh = await startTestMesh({ env: { POLICY_DIR: policyDir } });
  });
  afterAll(async () => {
    for (const g of extra) await g.close();
    await mesh?.close();
    fs.rmSync(policyDir, { recursive: true, force: true });
  });

  it('runs every query of the README under the default limits', async () => {
    const queries = readmeQueries();
    expect(queries.length).toBeGreaterThanOrEqual(7);
    for (const query of queries) {
      const res = await ask(mesh.gateway.url, query, ['governance']);
      expect(res.status, `${query}\n${JSON.stringify(res.body.errors)}`).toBe(200);
      expect(res.body.errors?.filter((e: { extensions?: { code?: string } }) => e.extensions?.code !== 'FORBIDDEN')).toBeFalsy();
    }
  });

  it('answers the full introspection query GraphiQL and tools send (15 levels deep), and refuses one that nests its lists to grow the answer', async () => {
    const full = await ask(mesh.gateway.url, getIntrospectionQuery({ descriptions: true, inputValueDeprecation: true }), ['analyst']);
    expect(full.status, JSON.stringify(full.body.errors)).toBe(200);
    expect(full.body.data.__schema.types.length).toBeGreaterThan(10);
    const circular = await ask(mesh.gateway.url, '{ __schema { types { fields { type { fields { type { fields { name } } } } } } } }', ['analyst']);
    expect(circular.status).toBe(400);
    expect(circular.body.errors).toEqual([expect.objectContaining({ message: 'Maximum introspection depth exceeded', extensions: { code: 'GRAPHQL_VALIDATION_FAILED' } })]);
  });

  it('refuses the nested query from the issue with 400 before any subgraph is asked, and keeps serving', async () => {
    const before = await subgraphRequests(mesh);
    const deep = await ask(mesh.gateway.url, ATTACK, ['analyst']);
    expect(deep.status).toBe(400);
    expect(deep.body.errors).toEqual([{ message: expect.stringMatching(/nests fields 17 levels deep; at most 10/), extensions: { code: 'DEPTH_LIMIT', measured: 17, allowed: 10 } }]);
    const costly = await ask(mesh.gateway.url, SHALLOW_ATTACK, ['analyst']);
    expect(costly.status).toBe(400);
    expect(costly.body.errors[0].extensions).toEqual({ code: 'COST_LIMIT', measured: 100 * (1 + 1 + 500 * (1 + 1 + 500)), allowed: 200_000 });
    expect(await subgraphRequests(mesh)).toBe(before);
    expect((await ask(mesh.gateway.url, SIXTY, ['analyst'])).status).toBe(200);
    expect((await request(mesh.gateway.url).get('/metrics')).text).toMatch(/dpg_demand_control_refusals_total\{code="COST_LIMIT"[^}]*\} 1/);
  });

  it('raises the limits of the roles a policy names, and no one else\'s', async () => {
    const bi = await ask(mesh.gateway.url, '{ accounts(first: 100) { tickets(first: 50) { account { tickets(first: 50) { id } } } } }', ['bi', 'analyst']);
    expect(bi.status).toBe(200);
    expect(bi.body.data.accounts).toHaveLength(100);
    expect((await ask(mesh.gateway.url, '{ accounts(first: 100) { tickets(first: 50) { account { tickets(first: 50) { id } } } } }', ['analyst'])).status).toBe(400);
  });

  it('in measure mode reports the figures in extensions.cost and refuses nothing', async () => {
    const measuring = await gateway({ DEMAND_CONTROL: 'measure', MAX_COST: '10' });
    const res = await ask(measuring.url, SIXTY, ['analyst']);
    expect(res.status).toBe(200);
    expect(res.body.data.accounts).toHaveLength(20);
    expect(res.body.extensions.cost).toEqual({ mode: 'measure', cost: 60, depth: 3, aliases: 0, rootFields: 1, directives: 0, limits: { cost: 10, depth: 10, aliases: 30, rootFields: 20, directives: 50 } });
    const enforcing = await ask(mesh.gateway.url, SIXTY, ['analyst']);
    expect(enforcing.body.extensions?.cost).toBeUndefined();
  });

  it('answers a spent quota with 429, Retry-After, RateLimit headers and a GraphQL-shaped body', async () => {
    const g = await gateway({ CACHE_KEY_PREFIX: `dpg-test-quota-${process.pid}` });
    const first = await ask(g.url, SIXTY, ['metered', 'analyst']);
    expect(first.status).toBe(200);
    expect(first.headers['ratelimit-policy']).toBe('"cost";q=100;w=60');
    expect(first.headers.ratelimit).toMatch(/^"cost";r=40;t=\d+$/);
    const second = await ask(g.url, SIXTY, ['metered', 'analyst']);
    expect(second.status).toBe(429);
    expect(Number(second.headers['retry-after'])).toBeGreaterThan(0);
    expect(Number(second.headers['retry-after'])).toBeLessThanOrEqual(60);
    expect(second.headers['ratelimit-policy']).toBe('"cost";q=100;w=60');
    expect(second.headers.ratelimit).toMatch(/^"cost";r=0;t=\d+$/);
    expect(second.body).toEqual({ errors: [{ message: expect.stringMatching(/rate limit reached: you may send a cost of 100 per minute/), extensions: { code: 'RATE_LIMITED', limit: 'costPerMinute', allowed: 100, retryAfter: Number(second.headers['retry-after']) } }] });
    // Someone else's budget is untouched, and requests per second carry their own policy.
    const paced = await ask(g.url, SIXTY, ['paced', 'analyst']);
    expect(paced.status).toBe(200);
    expect(paced.headers['ratelimit-policy']).toBe('"requests";q=1000;w=1');
    expect((await request(g.url).get('/metrics')).text).toMatch(/dpg_rate_limit_refusals_total\{limit="costPerMinute"[^}]*\} 1/);
  });

  it('lets requests through while the rate-limit store is down, logging it once and counting each', async () => {
    const lines: string[] = [];
    const logger = pino({ level: 'warn' }, new Writable({ write: (chunk, _enc, done) => (lines.push(String(chunk)), done()) }));
    const g = await gateway({ REDIS_URL: `redis://127.0.0.1:${await freePort()}`, REDIS_COMMAND_TIMEOUT_MS: '50' }, { logger });
    for (let i = 0; i < 4; i++) {
      const res = await ask(g.url, SIXTY, ['metered', 'analyst']);
      expect(res.status).toBe(200);
      expect(res.body.data.accounts).toHaveLength(20);
    }
    expect(lines.filter((l) => l.includes('rate-limit store unreachable'))).toHaveLength(1);
    expect((await request(g.url).get('/metrics')).text).toMatch(/dpg_rate_limit_store_failures_total\{[^}]*\} 4/);
  });

  describe('across replicas', () => {
    const prefix = `dpg-test-rl-${process.pid}-${Date.now()}`;
    let redis = false;
    beforeAll(async () => {
      redis = await redisAvailable();
    });
    afterAll(async () => {
      if (!redis) return;
      const admin = new Redis(REDIS_URL);
      const keys = await admin.keys(`${prefix}*`);
      if (keys.length) await admin.unlink(...keys);
      admin.disconnect();
    });

    it('counts one quota for a consumer across two gateways sharing Redis', async (ctx) => {
      if (!redis) return ctx.skip();
      const a = await gateway({ REDIS_URL, CACHE_KEY_PREFIX: prefix });
      const b = await gateway({ REDIS_URL, CACHE_KEY_PREFIX: prefix });
      const half = '{ accounts(first: 10) { id tickets(first: 1) { id } } }'; // cost 30
      expect((await ask(a.url, half, ['metered', 'analyst'])).headers.ratelimit).toMatch(/r=70;/);
      expect((await ask(b.url, half, ['metered', 'analyst'])).headers.ratelimit).toMatch(/r=40;/);
      expect((await ask(a.url, half, ['metered', 'analyst'])).headers.ratelimit).toMatch(/r=10;/);
      const refused = await ask(b.url, half, ['metered', 'analyst']);
      expect(refused.status).toBe(429);
      const admin = new Redis(REDIS_URL);
      expect(await admin.keys(`${prefix}*`)).toEqual([expect.stringMatching(new RegExp(`^${prefix}:v\\d+:rl:cost:100:user-metered-analyst$`))]);
      admin.disconnect();
    });
  });
});
