/**
 * The registry on its own: publishing, composition failures that change
 * nothing, supergraph delivery with ETags, history — on PGlite and PostgreSQL.
 */
import fs from 'node:fs';
import request from 'supertest';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { readRegistryConfig } from '../../schema-registry/config.ts';
import { startRegistry, type RunningRegistry } from '../../schema-registry/server.ts';
import { describeMesh, testEnvironment } from '../support/mesh.ts';

const salesSdl = fs.readFileSync('subgraphs/sales/schema.graphql', 'utf8');
const descriptor = { apiVersion: 'dpg/v1', domain: 'sales', team: 'sales-ops', products: [{ id: 'sales.accounts', name: 'Accounts', status: 'active', purpose: 'Every company we sell to.', types: ['Account'], sla: { freshness: 'PT1H' }, classification: 'internal' }] };
const marketingDescriptor = { apiVersion: 'dpg/v1', domain: 'marketing', team: 'marketing-ops', products: [{ id: 'marketing.figures', name: 'Figures', status: 'active', purpose: 'Marketing figures per account.', types: ['Account'], sla: { freshness: 'PT1H' }, classification: 'internal' }] };
const other = (field: string, type = 'String') => `
extend schema @link(url: "https://specs.apollo.dev/federation/v2.7", import: ["@key"])
"A company we sell to." type Account @key(fields: "id") { "Stable account id." id: ID! "A marketing figure." ${field}: ${type} }
type Query { "Answers pong." ping: String }`;
// Writes need a registry token; the mesh's own subgraphs use the development admin token.
const ADMIN = { authorization: 'Bearer dev-admin-token' };

describeMesh('schema registry', () => {
  let registry: RunningRegistry;
  let drop: () => Promise<void>;
  const api = () => request(registry.url);

  beforeAll(async () => {
    const t = await testEnvironment({ REGISTRY_PORT: '0' });
    drop = t.drop;
    registry = await startRegistry(readRegistryConfig(t.env));
  });
  afterAll(async () => {
    await registry?.close();
    await drop?.();
  });

  it('has no supergraph before the first publish', async () => {
    const res = await api().get('/supergraph');
    expect(res.status).toBe(404);
    expect(res.body.errors[0].message).toMatch(/no supergraph yet/);
  });

  it('publishes a subgraph, composes, and serves the supergraph with an ETag', async () => {
    const res = await api().post('/subgraphs/sales').set(ADMIN).send({ sdl: salesSdl, url: 'http://sales:4001/graphql', dataProduct: descriptor });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ status: 'published', version: 1, supergraph: { id: expect.any(Number) } });

    const sg = await api().get('/supergraph');
    expect(sg.status).toBe(200);
    expect(sg.text).toContain('join__Graph');
    expect(sg.text).toContain('http://sales:4001/graphql');
    expect(sg.headers.etag).toBe(`"${res.body.supergraph.hash}"`);

    const again = await api().get('/supergraph').set('if-none-match', sg.headers.etag);
    expect(again.status).toBe(304);
    expect(again.text).toBe('');
  });

  it('treats an identical republish as unchanged: no new version, same supergraph', async () => {
    const res = await api().post('/subgraphs/sales').set(ADMIN).send({ sdl: salesSdl, url: 'http://sales:4001/graphql', dataProduct: descriptor });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status: 'unchanged', version: 1 });
  });

  it('rejects a schema that does not parse, with the location, and changes nothing', async () => {
    const before = await api().get('/supergraph');
    const res = await api().post('/subgraphs/marketing').set(ADMIN).send({ sdl: 'type Query { broken: }', url: 'http://marketing:4002/graphql' });
    expect(res.status).toBe(422);
    expect(res.body.errors[0]).toMatchObject({ code: 'INVALID_GRAPHQL', subgraph: 'marketing', location: { line: 1, column: 22 } });
    expect((await api().get('/supergraph')).headers.etag).toBe(before.headers.etag);
    expect((await api().get('/subgraphs/marketing')).status).toBe(404);
  });

  it('rejects a schema that does not compose with the exact composition errors, and changes nothing', async () => {
    const before = await api().get('/supergraph');
    // sales declares Account.name as String!; a conflicting type for the same field cannot compose.
    const res = await api().post('/subgraphs/marketing').set(ADMIN).send({ sdl: other('name', 'Int'), url: 'http://marketing:4002/graphql' });
    expect(res.status).toBe(422);
    expect(res.body.status).toBe('rejected');
    expect(res.body.errors.length).toBeGreaterThan(0);
    expect(res.body.errors.map((e: { message: string }) => e.message).join('\n')).toMatch(/Account\.name/);
    expect((await api().get('/supergraph')).text).toBe(before.text);
  });

  it('rejects malformed publish input with 400 and readable reasons', async () => {
    const bad = await api().post('/subgraphs/Bad_Name').set(ADMIN).send({ sdl: '', url: 'ftp://x' });
    expect(bad.status).toBe(400);
    const messages = bad.body.errors.map((e: { message: string }) => e.message);
    expect(messages).toEqual(expect.arrayContaining([expect.stringMatching(/subgraph name/), expect.stringMatching(/"sdl"/), expect.stringMatching(/"url"/)]));
    expect(bad.body.errors.every((e: { extensions?: { code?: string } }) => e.extensions?.code === 'INVALID_INPUT')).toBe(true);
    const descriptorProblem = await api().post('/subgraphs/marketing').set(ADMIN).send({ sdl: other('leadCount', 'Int'), url: 'http://m/graphql', dataProduct: { apiVersion: 'dpg/v1', domain: 'marketing', team: 't', products: [{ id: 'x' }] } });
    expect(descriptorProblem.status).toBe(400);
    expect(descriptorProblem.body.errors.map((e: { message: string }) => e.message).join('\n')).toMatch(/sla.freshness/);
    const malformed = await api().post('/subgraphs/marketing').set(ADMIN).set('content-type', 'application/json').send('{"sdl":');
    expect(malformed.status).toBe(400);
    expect(malformed.body.errors[0].message).toMatch(/malformed JSON/);
  });

  it('keeps every version and the supergraph history', async () => {
    const res = await api().post('/subgraphs/marketing').set(ADMIN).send({ sdl: other('leadCount', 'Int'), url: 'http://marketing:4002/graphql', dataProduct: marketingDescriptor });
    expect(res.status).toBe(201);
    const res2 = await api().post('/subgraphs/marketing').set(ADMIN).send({ sdl: other('leadTotal', 'Int'), url: 'http://marketing:4002/graphql', dataProduct: marketingDescriptor });
    expect(res2.body.version).toBe(2);
    const versions = await api().get('/subgraphs/marketing/versions');
    expect(versions.body.map((v: { version: number }) => v.version)).toEqual([1, 2]);
    const history = await api().get('/supergraph/versions');
    expect(history.body[0]).toMatchObject({ subgraphs: { sales: 1, marketing: 2 }, reason: 'publish marketing v2' });
    const sg = await api().get('/supergraph');
    expect(sg.text).toContain('leadTotal');
    expect(sg.text).not.toContain('leadCount');
  });

  it('serves the catalog of data products from the stored descriptors', async () => {
    const res = await api().get('/catalog');
    expect(res.status).toBe(200);
    const accounts = res.body.find((p: { id: string }) => p.id === 'sales.accounts');
    expect(accounts).toMatchObject({ domain: 'sales', team: 'sales-ops', subgraph: 'sales', version: 1, sla: { freshness: 'PT1H' } });
    expect(accounts.fields.find((f: { field: string }) => f.field === 'name')).toMatchObject({ type: 'Account', returns: 'String!', tags: ['internal'], classification: 'internal' });
  });

  it('answers health and readiness', async () => {
    expect((await api().get('/health')).body.status).toBe('ok');
    expect((await api().get('/ready')).body).toMatchObject({ ready: true });
    expect((await api().get('/nope')).status).toBe(404);
    expect((await api().delete('/supergraph')).status).toBe(405);
  });
});
