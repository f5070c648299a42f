/**
 * Changing and breaking the mesh while it serves: hot-published fields, a
 * rejected publish, a dead subgraph, a dead registry, a gateway restarted
 * without its registry, and a gateway run from a supergraph file.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import request from 'supertest';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { readGatewayConfig } from '../../gateway/config.ts';
import { startGateway, type RunningGateway } from '../../gateway/server.ts';
import { compose } from '../../schema-registry/compose.ts';
import sales from '../../subgraphs/sales/index.ts';
import { readSubgraphConfig } from '../../subgraphs/kit/config.ts';
import { startSubgraph } from '../../subgraphs/kit/server.ts';
import { bearer, describeMesh, startTestMesh, TEST_ENV, type TestMesh } from '../support/mesh.ts';
import { until } from '../support/until.ts';

const gatewayEnv = (extra: Record<string, string>) => readGatewayConfig({ LOG_LEVEL: process.env.LOG_LEVEL, ...TEST_ENV, GATEWAY_PORT: '0', ...extra });

describeMesh('a mesh that changes while it serves', () => {
  let mesh: TestMesh;
  const registry = () => request(mesh.registry.url);
  const cleanup: (() => unknown)[] = [];

  beforeAll(async () => {
    mesh = await startTestMesh();
  });
  afterAll(async () => {
    for (const step of cleanup) await step();
    await mesh?.close();
  });

  it('makes a newly published field queryable within seconds, without restart or failed requests', async () => {
    const query = '{ accounts(first: 3) { id displayLabel } }';
    expect((await mesh.query(query)).status).toBe(400);

    // Keep traffic flowing through the swap: no request may fail because of it.
    let stop = false;
    const outcomes: { status: number; errors?: unknown }[] = [];
    const traffic = (async () => {
      while (!stop) {
        const r = await mesh.query('{ accounts(first: 5) { id name tickets { status } } }');
        outcomes.push({ status: r.status, errors: r.body.errors });
      }
    })();

    // Deploy a new version of sales beside the old one (blue/green): it serves
    // the new field and, like every subgraph, publishes itself when it starts.
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dpg-sales-v2-'));
    fs.cpSync(sales.dir, dir, { recursive: true });
    const sdl = mesh.subgraphs.sales.sdl.replace('  "Registered company name."', '  "Label for dashboards; not yet filled."\n  displayLabel: String\n  "Registered company name."');
    fs.writeFileSync(path.join(dir, 'schema.graphql'), sdl);
    cleanup.push(() => fs.rmSync(dir, { recursive: true, force: true }));
    const v2 = await startSubgraph({ ...sales, dir }, readSubgraphConfig({ ...TEST_ENV, SUBGRAPH_PORT: '0', REGISTRY_URL: mesh.registry.url, GATEWAY_URL: mesh.gateway.url, ...(mesh.databaseUrl ? { DATABASE_URL: mesh.databaseUrl } : {}) }));
    cleanup.unshift(() => v2.close());
    try {
      expect(await v2.publisher!.settled).toMatchObject({ state: 'published', version: 2 });
      await until('the new field', async () => (await mesh.query(query)).status === 200);
      stop = true;
      await traffic;
      const res = await mesh.query(query);
      expect({ data: res.body.data, errors: res.body.errors }).toEqual({ data: { accounts: [
        { id: 'acc-000001', displayLabel: null },
        { id: 'acc-000002', displayLabel: null },
        { id: 'acc-000003', displayLabel: null },
      ] } });
      expect(outcomes.length).toBeGreaterThan(0);
      expect(JSON.stringify(outcomes.filter((o) => o.status !== 200 || o.errors))).toBe("[]");
    } finally {
      stop = true;
      await traffic;
    }
  });

  it('rejects a publish that does not compose and keeps serving the same supergraph', async () => {
    const publishSales = (sdl: string) => registry().post('/subgraphs/sales').set('authorization', 'Bearer dev-admin-token').send({ sdl, url: 'http://sales.invalid/graphql' });
    const before = (await request(mesh.gateway.url).get('/ready')).body.supergraph.hash;
    const broken = mesh.subgraphs.sales.sdl.replace('type Account @key(fields: "id") {', 'type Account @key(fields: "doesNotExist") {');
    const res = await publishSales(broken);
    expect(res.status).toBe(422);
    expect(res.body.errors[0].message).toMatch(/doesNotExist/);
    await new Promise((r) => setTimeout(r, 300)); // several poll intervals
    expect((await request(mesh.gateway.url).get('/ready')).body.supergraph.hash).toBe(before);
    expect((await mesh.query('{ accounts(first: 1) { id } }')).status).toBe(200);
  });

  it('returns the rest of the data, and an error naming the subgraph, when one subgraph is down', async () => {
    await mesh.subgraphs['customer-success'].close();
    const res = await mesh.query('{ accounts(first: 3) { id name tickets { status } openTicketCount } }');
    expect(res.status).toBe(200);
    expect(res.body.data.accounts.map((a: { id: string }) => a.id)).toEqual(['acc-000001', 'acc-000002', 'acc-000003']);
    expect(res.body.data.accounts.every((a: { name: string; tickets: unknown }) => a.name && a.tickets === null)).toBe(true);
    expect(res.body.errors).toEqual(expect.arrayContaining([expect.objectContaining({ message: expect.stringContaining('"customer-success"'), extensions: expect.objectContaining({ code: 'SUBGRAPH_UNAVAILABLE', subgraph: 'customer-success' }) })]));
    expect(JSON.stringify(res.body.errors)).not.toMatch(/127\.0\.0\.1|localhost/); // no internal addresses leak
  });

  it('keeps serving the last supergraph when the registry goes down, and says so in /ready: degraded, with the reason', async () => {
    await mesh.registry.close();
    await until('the gateway to notice', async () => (await request(mesh.gateway.url).get('/ready')).body.source.reachable === false);
    const ready = await request(mesh.gateway.url).get('/ready');
    expect(ready.status).toBe(200);
    expect(ready.body).toMatchObject({ ready: false, state: 'degraded', reason: expect.stringMatching(/^the registry cannot be reached .*; serving the last supergraph it sent/), source: { kind: 'registry', reachable: false, lastError: expect.any(String) } });
    const res = await mesh.query('{ accounts(first: 2) { id region } }');
    expect(res.status).toBe(200);
    expect(res.body.data.accounts).toHaveLength(2);
  });
});

describeMesh('gateway without a registry', () => {
  let mesh: TestMesh;
  const dirs: string[] = [];
  const gateways: RunningGateway[] = [];
  const tmp = () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dpg-gw-'));
    dirs.push(dir);
    return dir;
  };
  const start = async (extra: Record<string, string>) => {
    const gw = await startGateway(gatewayEnv(extra));
    gateways.push(gw);
    return gw;
  };

  beforeAll(async () => {
    mesh = await startTestMesh();
  });
  afterAll(async () => {
    for (const gw of gateways) await gw.close();
    await mesh?.close();
    for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('answers 503 and is not ready until it has a supergraph', async () => {
    const gw = await start({ REGISTRY_URL: 'http://127.0.0.1:9', DATA_DIR: tmp() });
    const res = await request(gw.url).post('/graphql').set(await bearer(['exec'])).send({ query: '{ accounts { id } }' });
    expect(res.status).toBe(503);
    expect(res.body.errors[0].message).toMatch(/no supergraph loaded yet/);
    const ready = await request(gw.url).get('/ready');
    expect(ready.status).toBe(503);
    expect(ready.body).toMatchObject({ ready: false, state: 'starting', reason: expect.stringMatching(/^no supergraph loaded yet/) });
  });

  it('restarts from the supergraph it saved on disk when the registry is unreachable', async () => {
    const dataDir = tmp();
    const first = await start({ REGISTRY_URL: mesh.registry.url, DATA_DIR: dataDir });
    await until('first supergraph', async () => first.runtime.current !== undefined);
    await first.close();
    expect(fs.existsSync(path.join(dataDir, 'gateway', 'supergraph.graphql'))).toBe(true);

    const second = await start({ REGISTRY_URL: 'http://127.0.0.1:9', DATA_DIR: dataDir });
    await until('supergraph from disk', async () => second.runtime.current !== undefined);
    expect(second.runtime.current!.origin).toBe('disk');
    // Serving, but not the registry's current supergraph: degraded (200), never ready, and why.
    const ready = await request(second.url).get('/ready');
    expect(ready.status).toBe(200);
    expect(ready.body).toMatchObject({ ready: false, state: 'degraded', reason: expect.stringMatching(/^the registry cannot be reached .*; serving the copy saved on disk \([0-9a-f]{12}\), which may be stale$/) });
    const res = await request(second.url).post('/graphql').set(await bearer(['exec'])).send({ query: '{ accounts(first: 1) { id tickets { status } } }' });
    expect(res.status).toBe(200);
    expect(res.body.data.accounts[0].id).toBe('acc-000001');
  });

  it('serves a supergraph file, reloads it when it changes, and keeps the last good one when it breaks', async () => {
    const file = path.join(tmp(), 'supergraph.graphql');
    const supergraphOf = (names: string[]) => {
      const result = compose(names.map((n) => ({ name: n, url: mesh.subgraphs[n].graphqlUrl, sdl: mesh.subgraphs[n].sdl })));
      if (!result.ok) throw new Error('test subgraphs must compose');
      return result.supergraphSdl;
    };
    fs.writeFileSync(file, supergraphOf(['sales', 'customer-success']));
    const gw = await start({ SUPERGRAPH_FILE: file, SUPERGRAPH_POLL_INTERVAL_MS: '50' });
    const auth = await bearer(['exec']);
    await until('file supergraph', async () => gw.runtime.current !== undefined);
    expect((await request(gw.url).get('/ready')).body.source).toMatchObject({ kind: 'file', file });
    const q = { query: '{ accounts(first: 1) { id } }' };
    expect((await request(gw.url).post('/graphql').set(auth).send(q)).status).toBe(200);

    expect((await request(gw.url).post('/graphql').set(auth).send({ query: '{ accounts(first: 1) { tickets { status } } }' })).status).toBe(200);

    // The operator drops customer-success from the file: its fields disappear.
    const hash = gw.runtime.current!.hash;
    fs.writeFileSync(file, supergraphOf(['sales']));
    await until('reload', async () => gw.runtime.current!.hash !== hash);
    const gone = await request(gw.url).post('/graphql').set(auth).send({ query: '{ accounts(first: 1) { tickets { status } } }' });
    expect(gone.status).toBe(400);

    const good = gw.runtime.current!.hash;
    fs.writeFileSync(file, 'this is not a supergraph');
    await until('refusal', async () => gw.runtime.lastRejected !== undefined);
    expect(gw.runtime.current!.hash).toBe(good);
    expect((await request(gw.url).post('/graphql').set(auth).send(q)).status).toBe(200);
  });
});
