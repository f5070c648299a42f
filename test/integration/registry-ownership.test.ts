/**
 * The registry as teams share it: tokens and ownership, usage reports,
 * rollback, every refusal changing nothing, twenty publishes at once, and a
 * restart that keeps everything — on PGlite and on PostgreSQL.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { composeServices } from '@apollo/composition';
import { Supergraph } from '@apollo/federation-internals';
import { parse } from 'graphql';
import request from 'supertest';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { readRegistryConfig } from '../../schema-registry/config.ts';
import { startRegistry, type RunningRegistry } from '../../schema-registry/server.ts';
import { database, describeMesh, testEnvironment } from '../support/mesh.ts';
import { fixtureBody, fixtureSdl } from '../support/registryFixtures.ts';

const ADMIN = 'dev-admin-token';
const auth = (token: string) => ({ authorization: `Bearer ${token}` });
const hash = (c: string) => c.repeat(64);

describeMesh('registry ownership, usage, rollback and concurrency', () => {
  let registry: RunningRegistry;
  let env: NodeJS.ProcessEnv;
  let drop: () => Promise<void>;
  const tokens: Record<string, string> = {};
  const api = () => request(registry.url);
  const publish = (name: string, token: string | undefined, body: object) => {
    const req = api().post(`/subgraphs/${name}`);
    return (token ? req.set(auth(token)) : req).send(body);
  };
  /** Everything a refusal must leave untouched. */
  const snapshot = async () => ({
    subgraphs: (await api().get('/subgraphs')).body,
    supergraphs: (await api().get('/supergraph/versions')).body,
    usage: (await api().get('/usage').set(auth(ADMIN))).body,
  });
  const start = async () => {
    registry = await startRegistry(readRegistryConfig({ ...env, REGISTRY_PORT: '0' }));
  };

  beforeAll(async () => {
    // PGlite keeps its files on disk here, so the restart below has something to keep.
    const dataDir = database === 'pglite' ? fs.mkdtempSync(path.join(os.tmpdir(), 'dpg-registry-')) : 'memory';
    const t = await testEnvironment({ DATA_DIR: dataDir });
    env = t.env;
    drop = async () => {
      await t.drop();
      if (dataDir !== 'memory') fs.rmSync(dataDir, { recursive: true, force: true });
    };
    await start();
  });
  afterAll(async () => {
    await registry?.close();
    await drop?.();
  });

  it('creates team tokens with the admin token, shows each once, and refuses bad requests for them', async () => {
    for (const [team, role] of [['alpha-ops', 'team'], ['beta-ops', 'team'], ['data-governance', 'governance'], ['platform', 'gateway']]) {
      const res = await api().post('/tokens').set(auth(ADMIN)).send({ team, role, label: `${team} CI` });
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({ team, role, label: `${team} CI`, token: expect.stringMatching(/^dpg_/) });
      tokens[team] = res.body.token;
    }
    expect((await api().post('/tokens').send({ team: 'x', role: 'team' })).status).toBe(401);
    expect((await api().post('/tokens').set(auth('dpg_not-a-real-token')).send({ team: 'x', role: 'team' })).body.errors[0]).toMatchObject({ message: 'unknown registry token' });
    expect((await api().post('/tokens').set(auth(tokens['data-governance'])).send({ team: 'x', role: 'admin' }))).toMatchObject({ status: 403, body: { errors: [expect.objectContaining({ message: 'a governance token cannot create admin tokens' })] } });
    expect((await api().post('/tokens').set(auth(tokens['alpha-ops'])).send({ team: 'alpha-ops', role: 'team' })).status).toBe(403);
    const bad = await api().post('/tokens').set(auth(ADMIN)).send({ team: 'Not A Team', role: 'owner' });
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0].extensions.problems).toEqual([expect.stringMatching(/"team"/), expect.stringMatching(/"role" must be one of admin, governance, team, gateway/)]);
  });

  it('stores only token hashes', async () => {
    const rows = await registry.db.query<{ hash: string }>('SELECT hash FROM tokens');
    expect(rows).toHaveLength(4);
    for (const token of Object.values(tokens)) expect(JSON.stringify(rows)).not.toContain(token);
  });

  it('refuses writes without a valid token with 401, changing nothing', async () => {
    const before = await snapshot();
    for (const res of [
      await publish('alpha', undefined, fixtureBody('alpha', 'alpha-ops')),
      await publish('alpha', 'dpg_forged', fixtureBody('alpha', 'alpha-ops')),
      await api().post('/subgraphs/alpha').set('authorization', 'Basic YWRtaW46YWRtaW4=').send(fixtureBody('alpha', 'alpha-ops')),
      await api().post('/subgraphs/alpha/rollback').send({ version: 1 }),
      await api().post('/usage').send({ lines: [] }),
    ]) {
      expect(res.status).toBe(401);
      expect(res.headers['www-authenticate']).toMatch(/^Bearer/);
      expect(res.body.errors[0].message).toMatch(/token|Authorization/);
    }
    expect(await snapshot()).toEqual(before);
  });

  it('lets a team claim a new subgraph name with its first publish', async () => {
    const res = await publish('alpha', tokens['alpha-ops'], fixtureBody('alpha', 'alpha-ops', ['visits']));
    expect(res.status).toBe(201);
    expect(res.body.findings).toEqual(expect.arrayContaining([expect.objectContaining({ check: 'ownership', code: 'CLAIMS', message: 'first publish: claims alpha for team alpha-ops' })]));
    expect((await api().get('/subgraphs/alpha')).body).toMatchObject({ team: 'alpha-ops', version: 1, publishedBy: 'alpha-ops CI (alpha-ops, team)' });
  });

  it('refuses another team\'s publish and rollback with 403, changing nothing', async () => {
    const before = await snapshot();
    const publishing = await publish('alpha', tokens['beta-ops'], fixtureBody('alpha', 'beta-ops', ['hijacked']));
    expect(publishing.status).toBe(403);
    expect(publishing.body.errors[0].message).toBe('subgraph "alpha" belongs to team alpha-ops; this token is team beta-ops\'s');
    const rollingBack = await api().post('/subgraphs/alpha/rollback').set(auth(tokens['beta-ops'])).send({ version: 1 });
    expect(rollingBack.status).toBe(403);
    expect((await publish('alpha', tokens.platform, fixtureBody('alpha', 'alpha-ops'))).body.errors[0].message).toBe('a gateway token cannot publish or roll back subgraphs');
    expect(await snapshot()).toEqual(before);
  });

  it('reports the wrong team in a check, and a descriptor naming another team fails the publish', async () => {
    const check = await api().post('/subgraphs/alpha/check').set(auth(tokens['beta-ops'])).send(fixtureBody('alpha', 'beta-ops'));
    expect(check.status).toBe(200);
    expect(check.body.ok).toBe(false);
    expect(check.body.findings).toEqual(expect.arrayContaining([expect.objectContaining({ check: 'ownership', severity: 'error', code: 'FORBIDDEN' })]));
    const anonymous = await api().post('/subgraphs/alpha/check').send(fixtureBody('alpha', 'alpha-ops', ['visits']));
    expect(anonymous.body.findings[0]).toMatchObject({ check: 'ownership', severity: 'info', code: 'NOT_CHECKED' });

    const before = await snapshot();
    const mismatch = await publish('alpha', tokens['data-governance'], fixtureBody('alpha', 'beta-ops', ['visits', 'clicks']));
    expect(mismatch.status).toBe(422);
    expect(mismatch.body.errors).toEqual([expect.objectContaining({ check: 'ownership', code: 'TEAM_MISMATCH', message: 'data-product.yaml names team beta-ops, but alpha belongs to team alpha-ops' })]);
    expect(await snapshot()).toEqual(before);
  });

  it('takes usage reports from gateway tokens only, and refuses a malformed report whole', async () => {
    const line = { client: 'finance-dashboard', operationName: 'Visits', operationHash: hash('a'), requests: 4, coordinates: ['Query.alpha', 'Alpha.visits'] };
    expect((await api().post('/usage').set(auth(tokens['alpha-ops'])).send({ lines: [line] })).status).toBe(403);
    const before = await snapshot();
    const bad = await api().post('/usage').set(auth(tokens.platform)).send({ lines: [line, { ...line, coordinates: ['not a coordinate'] }] });
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0].extensions.problems).toEqual(['lines[1]: not schema coordinates: "not a coordinate"']);
    expect(await snapshot()).toEqual(before);

    const ok = await api().post('/usage').set(auth(tokens.platform)).send({ lines: [line, line] });
    expect(ok.status).toBe(202);
    const usage = await api().get('/usage?type=Alpha').set(auth(tokens['alpha-ops']));
    expect(usage.body.coordinates).toEqual([{ coordinate: 'Alpha.visits', clients: [expect.objectContaining({ client: 'finance-dashboard', requests: 8, operations: [expect.objectContaining({ name: 'Visits', requests: 8 })] })] }]);
  });

  it('fails a breaking change to a used field, naming the client, and passes one to an unused field with a warning', async () => {
    const used = await publish('alpha', tokens['alpha-ops'], fixtureBody('alpha', 'alpha-ops', []));
    expect(used.status).toBe(422);
    expect(used.body.errors).toEqual([expect.objectContaining({ check: 'breaking-changes', code: 'FIELD_REMOVED', coordinate: 'Alpha.visits', clients: [expect.objectContaining({ client: 'finance-dashboard' })] })]);
    expect((await publish('alpha', tokens['alpha-ops'], fixtureBody('alpha', 'alpha-ops', ['visits', 'clicks']))).status).toBe(201);
    const unused = await publish('alpha', tokens['alpha-ops'], { ...fixtureBody('alpha', 'alpha-ops', ['visits']), label: 'release-3' });
    expect(unused.status).toBe(201);
    expect(unused.body.findings.filter((f: { severity: string }) => f.severity === 'warning')).toEqual([expect.objectContaining({ code: 'FIELD_REMOVED', coordinate: 'Alpha.clicks', message: 'Alpha.clicks was removed. No client used it in the last 7 days.' })]);
  });

  it('rolls back to an earlier version as a new supergraph, keeping history', async () => {
    const before = (await api().get('/supergraph/versions')).body.length;
    const res = await api().post('/subgraphs/alpha/rollback').set(auth(tokens['alpha-ops'])).send({ version: 2 });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status: 'rolled-back', version: 2, previousVersion: 3 });
    expect((await api().get('/supergraph')).text).toContain('clicks');
    const history = (await api().get('/subgraphs/alpha/versions')).body;
    expect(history.map((v: { version: number; current: boolean }) => [v.version, v.current])).toEqual([[1, false], [2, true], [3, false]]);
    const supergraphs = (await api().get('/supergraph/versions')).body;
    expect(supergraphs).toHaveLength(before + 1);
    expect(supergraphs[0]).toMatchObject({ reason: 'rollback alpha from v3 to v2', subgraphs: { alpha: 2 } });
    // By label, forward again.
    expect((await api().post('/subgraphs/alpha/rollback').set(auth(tokens['alpha-ops'])).send({ label: 'release-3' })).body).toMatchObject({ version: 3, previousVersion: 2 });
  });

  it('refuses bad rollbacks with a clear status, changing nothing', async () => {
    const before = await snapshot();
    const rollback = (name: string, body: object, token = tokens['alpha-ops']) => api().post(`/subgraphs/${name}/rollback`).set(auth(token)).send(body);
    expect(await rollback('alpha', {})).toMatchObject({ status: 400, body: { errors: [expect.objectContaining({ message: expect.stringMatching(/"version"/) })] } });
    expect(await rollback('alpha', { version: 'two' })).toMatchObject({ status: 400 });
    expect(await rollback('alpha', { version: 1, label: 'x' })).toMatchObject({ status: 400 });
    expect(await rollback('alpha', { version: 9 })).toMatchObject({ status: 404, body: { errors: [expect.objectContaining({ message: 'subgraph "alpha" has no version 9' })] } });
    expect(await rollback('alpha', { label: 'nope' })).toMatchObject({ status: 404 });
    expect(await rollback('gamma', { version: 1 })).toMatchObject({ status: 404, body: { errors: [expect.objectContaining({ message: 'unknown subgraph "gamma"' })] } });
    expect(await rollback('alpha', { version: 3 })).toMatchObject({ status: 200, body: { status: 'unchanged' } });
    expect(await snapshot()).toEqual(before);
  });

  it('refuses a rollback to a version that no longer composes, changing nothing', async () => {
    // Gamma v1 owns Shared; v2 hands it over to delta, which then makes Shared.size an Int: v1 (String) can no longer compose.
    const shared = (owner: boolean, sizeType = 'String') => `${fixtureSdl('gamma')}\n"Shared figures."\ntype Shared @key(fields: "id") {\n  "Stable id."\n  id: ID!\n${owner ? `  "Size."\n  size: ${sizeType}\n` : ''}}\n`;
    expect((await publish('gamma', tokens['beta-ops'], { ...fixtureBody('gamma', 'beta-ops'), sdl: shared(true) })).status).toBe(201);
    expect((await publish('gamma', tokens['beta-ops'], { ...fixtureBody('gamma', 'beta-ops'), sdl: shared(false) })).status).toBe(201);
    const delta = `${fixtureSdl('delta')}\n"Shared figures."\ntype Shared @key(fields: "id") {\n  "Stable id."\n  id: ID!\n  "Size."\n  size: Int\n}\n`;
    expect((await publish('delta', tokens['beta-ops'], { ...fixtureBody('delta', 'beta-ops'), sdl: delta })).status).toBe(201);
    const before = await snapshot();
    const res = await api().post('/subgraphs/gamma/rollback').set(auth(tokens['beta-ops'])).send({ version: 1 });
    expect(res.status).toBe(422);
    expect(res.body.errors[0]).toMatchObject({ check: 'composition', message: expect.stringMatching(/Shared\.size/) });
    expect(await snapshot()).toEqual(before);
  });

  it('serializes 20 concurrent publishes: no lost update, consecutive versions, every supergraph composes', async () => {
    const before = (await api().get('/supergraph/versions')).body.length;
    const sameSubgraph = Array.from({ length: 10 }, (_, i) => publish('alpha', tokens['alpha-ops'], fixtureBody('alpha', 'alpha-ops', ['visits', `extra${i}`])));
    const newSubgraphs = Array.from({ length: 10 }, (_, i) => publish(`batch-${i}`, tokens['beta-ops'], fixtureBody(`batch-${i}`, 'beta-ops')));
    const results = await Promise.all([...sameSubgraph, ...newSubgraphs]);
    expect(results.map((r) => r.status)).toEqual(Array(20).fill(201));

    const alphaVersions = (await api().get('/subgraphs/alpha/versions')).body.map((v: { version: number }) => v.version);
    expect(alphaVersions).toEqual(Array.from({ length: 13 }, (_, i) => i + 1));
    expect(results.slice(0, 10).map((r) => r.body.version).sort((a: number, b: number) => a - b)).toEqual(alphaVersions.slice(3));

    const supergraphs = (await api().get('/supergraph/versions')).body.slice(0, 20).reverse();
    expect((await api().get('/supergraph/versions')).body).toHaveLength(before + 20);
    // Each supergraph changes exactly one subgraph of the one before it: every publish saw the previous one.
    for (let i = 1; i < supergraphs.length; i++) {
      const changed = Object.keys({ ...supergraphs[i].subgraphs, ...supergraphs[i - 1].subgraphs }).filter((n) => supergraphs[i].subgraphs[n] !== supergraphs[i - 1].subgraphs[n]);
      expect(changed).toHaveLength(1);
    }
    const live = await api().get('/supergraph');
    const latest = supergraphs[supergraphs.length - 1];
    expect(Object.keys(latest.subgraphs).filter((n) => n.startsWith('batch-'))).toHaveLength(10);
    expect(latest.subgraphs.alpha).toBe(13);
    const rows = await registry.db.query<{ sdl: string }>('SELECT sdl FROM supergraph_versions ORDER BY id DESC LIMIT 20');
    for (const { sdl } of rows) expect(() => Supergraph.build(sdl)).not.toThrow();
    // And the live supergraph is what composing the live versions gives.
    const current = (await api().get('/subgraphs')).body as { subgraph: string }[];
    const sources = await Promise.all(current.map(async (s) => (await api().get(`/subgraphs/${s.subgraph}`)).body));
    const recomposed = composeServices(sources.map((s) => ({ name: s.subgraph, url: s.url, typeDefs: parse(s.sdl) })).sort((a, b) => a.name.localeCompare(b.name)) as never);
    expect(recomposed.supergraphSdl).toBe(live.text);
  });

  it('keeps subgraphs, history, owners, tokens and usage across a restart', async () => {
    const before = await snapshot();
    const etag = (await api().get('/supergraph')).headers.etag;
    const alphaHistory = (await api().get('/subgraphs/alpha/versions')).body;
    await registry.close();
    await start();
    expect(await snapshot()).toEqual(before);
    expect((await api().get('/supergraph').set('if-none-match', etag)).status).toBe(304);
    expect((await api().get('/subgraphs/alpha/versions')).body).toEqual(alphaHistory);
    expect((await publish('alpha', tokens['beta-ops'], fixtureBody('alpha', 'beta-ops'))).status).toBe(403);
    expect((await api().post('/subgraphs/alpha/check').set(auth(tokens['alpha-ops'])).send(fixtureBody('alpha', 'alpha-ops', ['extra9']))).body.findings).toEqual(
      expect.arrayContaining([expect.objectContaining({ code: 'FIELD_REMOVED', coordinate: 'Alpha.visits', severity: 'error', clients: [expect.objectContaining({ client: 'finance-dashboard' })] })]),
    );
  });
});
