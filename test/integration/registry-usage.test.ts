/**
 * Usage without surveillance, at the registry: who uses what is read only
 * with a registry token; the catalog names applications and API keys to
 * token holders and people (user subjects, and names reported before kinds
 * existed) only to governance and admin; a check sent without a token still
 * judges breaking changes on usage, but names no client.
 */
import request from 'supertest';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { readRegistryConfig } from '../../schema-registry/config.ts';
import { startRegistry, type RunningRegistry } from '../../schema-registry/server.ts';
import { describeMesh, testEnvironment } from '../support/mesh.ts';
import { fixtureBody } from '../support/registryFixtures.ts';

const ADMIN = 'dev-admin-token';
const auth = (token: string) => ({ authorization: `Bearer ${token}` });
const line = (client: string, clientKind?: string) => ({
  client,
  ...(clientKind ? { clientKind } : {}),
  operationName: 'Visits',
  operationHash: 'a'.repeat(64),
  requests: 2,
  coordinates: ['Query.alpha', 'Alpha.visits'],
});

describeMesh('registry: usage without surveillance', () => {
  let registry: RunningRegistry;
  let drop: () => Promise<void>;
  const tokens: Record<string, string> = {};
  const api = () => request(registry.url);
  const clientsOf = async (headers: Record<string, string>) =>
    ((await api().get('/catalog').set(headers)).body as { id: string; clients: { client: string; kind: string }[] }[]).find((p) => p.id === 'alpha.figures')!.clients.map((c) => `${c.kind}:${c.client}`).sort();

  beforeAll(async () => {
    const t = await testEnvironment({ REGISTRY_PORT: '0' });
    drop = t.drop;
    registry = await startRegistry(readRegistryConfig(t.env));
    for (const [team, role] of [['alpha-ops', 'team'], ['data-governance', 'governance'], ['platform', 'gateway']]) {
      tokens[role] = (await api().post('/tokens').set(auth(ADMIN)).send({ team, role })).body.token;
    }
    expect((await api().post('/subgraphs/alpha').set(auth(tokens.team)).send(fixtureBody('alpha', 'alpha-ops', ['visits']))).status).toBe(201);
    const report = await api()
      .post('/usage')
      .set(auth(tokens.gateway))
      .send({ lines: [line('finance-dashboard', 'app'), line('powerbi', 'api-key'), line('jane', 'user'), line('old-client')] });
    expect(report.status).toBe(202);
  });
  afterAll(async () => {
    await registry?.close();
    await drop?.();
  });

  it('refuses a usage report that says a client is something it cannot be, storing none of it', async () => {
    const bad = await api().post('/usage').set(auth(tokens.gateway)).send({ lines: [line('x', 'robot')] });
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0]).toMatchObject({ message: 'invalid usage report', extensions: { code: 'BAD_REQUEST', problems: ['lines[0]: "clientKind" must be one of app, api-key, user, unknown'] } });
    expect((await api().get('/usage').set(auth(ADMIN))).body.coordinates.flatMap((c: { clients: { client: string }[] }) => c.clients.map((x) => x.client))).not.toContain('x');
  });

  it('shows usage only with a registry token, each client with its kind', async () => {
    for (const anonymous of [await api().get('/usage'), await api().get('/usage').set(auth('not-a-token'))]) {
      expect(anonymous.status).toBe(401);
      expect(anonymous.body.errors[0].extensions.code).toBe('UNAUTHENTICATED');
    }
    const usage = await api().get('/usage?type=Alpha').set(auth(tokens.team));
    expect(usage.status).toBe(200);
    expect(usage.body.coordinates[0].clients.map((c: { client: string; kind: string }) => `${c.kind}:${c.client}`).sort()).toEqual(['api-key:powerbi', 'app:finance-dashboard', 'unknown:old-client', 'user:jane']);
  });

  it('names applications and API keys in the catalog for token holders, people only for governance and admin', async () => {
    expect(await clientsOf({})).toEqual([]);
    expect(await clientsOf(auth(tokens.team))).toEqual(['api-key:powerbi', 'app:finance-dashboard']);
    expect(await clientsOf(auth(tokens.gateway))).toEqual(['api-key:powerbi', 'app:finance-dashboard']);
    expect(await clientsOf(auth(tokens.governance))).toEqual(['api-key:powerbi', 'app:finance-dashboard', 'unknown:old-client', 'user:jane']);
    expect(await clientsOf(auth(ADMIN))).toEqual(['api-key:powerbi', 'app:finance-dashboard', 'unknown:old-client', 'user:jane']);
    // The catalog itself stays open: gateways read freshness and cacheability from it without a token.
    expect((await api().get('/catalog')).body.find((p: { id: string }) => p.id === 'alpha.figures')).toMatchObject({ sla: { freshness: 'PT1H' }, cacheable: true });
  });

  it('judges a breaking change on usage without a token too, but names no client', async () => {
    const removal = fixtureBody('alpha', 'alpha-ops', []);
    const anonymous = (await api().post('/subgraphs/alpha/check').send(removal)).body.findings.find((f: { code: string }) => f.code === 'FIELD_REMOVED');
    expect(anonymous).toMatchObject({ severity: 'error', message: 'Alpha.visits was removed. Used by 4 clients in the last 7 days.' });
    expect(anonymous.clients).toBeUndefined();
    expect(JSON.stringify(anonymous)).not.toMatch(/jane|powerbi|finance-dashboard|old-client/);
    const named = (await api().post('/subgraphs/alpha/check').set(auth(tokens.team)).send(removal)).body.findings.find((f: { code: string }) => f.code === 'FIELD_REMOVED');
    expect(named.message).toMatch(/^Alpha\.visits was removed\. Used by 4 clients in the last 7 days: /);
    expect(named.clients.map((c: { client: string }) => c.client).sort()).toEqual(['finance-dashboard', 'jane', 'old-client', 'powerbi']);
  });
});
