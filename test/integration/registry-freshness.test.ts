/**
 * Freshness reports to the registry: who may send them (exactly who may
 * publish the subgraph), what a bad report gets, and the catalog carrying
 * the latest time of each product — on PGlite and on PostgreSQL.
 */
import request from 'supertest';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { readRegistryConfig } from '../../schema-registry/config.ts';
import { startRegistry, type RunningRegistry } from '../../schema-registry/server.ts';
import { describeMesh, testEnvironment } from '../support/mesh.ts';
import { fixtureBody } from '../support/registryFixtures.ts';

const ADMIN = 'dev-admin-token';
const auth = (token: string) => ({ authorization: `Bearer ${token}` });

describeMesh('registry freshness reports', () => {
  let registry: RunningRegistry;
  let drop: () => Promise<void>;
  const tokens: Record<string, string> = {};
  const api = () => request(registry.url);
  const report = (name: string, token: string | undefined, body: unknown) => {
    const req = api().put(`/subgraphs/${name}/freshness`);
    return (token ? req.set(auth(token)) : req).send(body as object);
  };
  const catalogTimes = async () => Object.fromEntries(((await api().get('/catalog')).body as { id: string; refreshedAt: string | null }[]).map((p) => [p.id, p.refreshedAt]));

  beforeAll(async () => {
    const t = await testEnvironment();
    drop = t.drop;
    registry = await startRegistry(readRegistryConfig({ ...t.env, REGISTRY_PORT: '0' }));
    for (const [team, role] of [['alpha-ops', 'team'], ['beta-ops', 'team'], ['platform', 'gateway'], ['data-governance', 'governance']]) {
      tokens[team] = (await api().post('/tokens').set(auth(ADMIN)).send({ team, role })).body.token;
    }
    expect((await api().post('/subgraphs/alpha').set(auth(tokens['alpha-ops'])).send(fixtureBody('alpha', 'alpha-ops'))).status).toBe(201);
    expect((await api().post('/subgraphs/beta').set(auth(tokens['beta-ops'])).send(fixtureBody('beta', 'beta-ops'))).status).toBe(201);
  });
  afterAll(async () => {
    await registry?.close();
    await drop?.();
  });

  it('lists every product as never reported until its subgraph reports', async () => {
    expect(await catalogTimes()).toEqual({ 'alpha.figures': null, 'beta.figures': null });
  });

  it('refuses a report without a valid token (401) or from a token that may not publish the subgraph (403), changing nothing', async () => {
    const body = { products: { 'alpha.figures': '2026-12-02T11:00:00.000Z' } };
    for (const token of [undefined, 'dpg_forged']) {
      const res = await report('alpha', token, body);
      expect(res.status).toBe(401);
      expect(res.body.errors[0].extensions.code).toBeTruthy();
    }
    const otherTeam = await report('alpha', tokens['beta-ops'], body);
    expect(otherTeam.status).toBe(403);
    expect(otherTeam.body.errors[0].message).toBe('subgraph "alpha" belongs to team alpha-ops; this token is team beta-ops\'s');
    expect((await report('alpha', tokens.platform, body)).body.errors[0].message).toBe('a gateway token cannot publish or roll back subgraphs');
    expect(await catalogTimes()).toEqual({ 'alpha.figures': null, 'beta.figures': null });
  });

  it('answers 404 for a subgraph never published', async () => {
    const res = await report('gamma', ADMIN, { products: {} });
    expect(res.status).toBe(404);
    expect(res.body.errors[0].message).toMatch(/unknown subgraph "gamma"/);
  });

  it('refuses bad bodies with 400, naming each problem, changing nothing', async () => {
    for (const body of [[], { products: [] }, { products: 'now' }, { other: {} }, 'text']) {
      const res = await report('alpha', tokens['alpha-ops'], body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.body.errors[0].extensions.code).toBe('BAD_REQUEST');
    }
    const dates = await report('alpha', tokens['alpha-ops'], { products: { 'alpha.figures': 'yesterday', 'alpha.local': '2026-12-02T11:00:00', 'alpha.month': '2026-13-02T11:00:00Z', 'alpha.number': 1764673200000 } });
    expect(dates.status).toBe(400);
    expect(dates.body.errors[0].extensions.problems).toEqual(['alpha.figures', 'alpha.local', 'alpha.month', 'alpha.number'].map((id) => expect.stringContaining(`"${id}" must be an ISO 8601 instant`)));
    expect(await catalogTimes()).toEqual({ 'alpha.figures': null, 'beta.figures': null });
  });

  it('stores the latest time of the subgraph\'s own products, ignores others, and the catalog carries it', async () => {
    const first = await report('alpha', tokens['alpha-ops'], { products: { 'alpha.figures': '2026-12-02T12:00:00+01:00', 'beta.figures': '2026-12-02T11:00:00.000Z', 'nobody.else': null } });
    expect(first.status).toBe(200);
    expect(first.body).toEqual({ subgraph: 'alpha', recorded: 1, ignored: ['beta.figures', 'nobody.else'] });
    // Normalized to UTC; another subgraph's product untouched.
    expect(await catalogTimes()).toEqual({ 'alpha.figures': '2026-12-02T11:00:00.000Z', 'beta.figures': null });

    // Governance may report for any team, as it may publish for any.
    expect((await report('alpha', tokens['data-governance'], { products: { 'alpha.figures': '2026-12-02T11:30:00.000Z' } })).status).toBe(200);
    expect((await catalogTimes())['alpha.figures']).toBe('2026-12-02T11:30:00.000Z');
    // A product that has not been refreshed (a derived one not computed yet) is reported as null.
    expect((await report('alpha', tokens['alpha-ops'], { products: { 'alpha.figures': null } })).status).toBe(200);
    expect((await catalogTimes())['alpha.figures']).toBeNull();
  });

  it('keeps the reported time across a new publish of the subgraph', async () => {
    await report('beta', tokens['beta-ops'], { products: { 'beta.figures': '2026-12-02T10:00:00.000Z' } });
    expect((await api().post('/subgraphs/beta').set(auth(tokens['beta-ops'])).send(fixtureBody('beta', 'beta-ops', ['visits']))).status).toBe(201);
    expect((await catalogTimes())['beta.figures']).toBe('2026-12-02T10:00:00.000Z');
  });
});
