/**
 * Readiness that tells the truth, with real services started in the order a
 * deployment may start them: a gateway and a subgraph before their registry.
 * The subgraph listens once migrated and seeded, and is not ready until its
 * schema is published; the gateway is not ready until it serves the
 * registry's current supergraph. (A gateway serving without its registry is
 * `degraded`: resilience.test.ts.)
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import request from 'supertest';
import { afterAll, expect, it } from 'vitest';
import { readGatewayConfig } from '../../gateway/config.ts';
import { startGateway, type RunningGateway } from '../../gateway/server.ts';
import { sha256 } from '../../platform/hash.ts';
import { readRegistryConfig } from '../../schema-registry/config.ts';
import { startRegistry, type RunningRegistry } from '../../schema-registry/server.ts';
import { readSubgraphConfig } from '../../subgraphs/kit/config.ts';
import { startSubgraph, type RunningSubgraph } from '../../subgraphs/kit/server.ts';
import sales from '../../subgraphs/sales/index.ts';
import { describeMesh, testEnvironment } from '../support/mesh.ts';
import { freePort } from '../support/redisServer.ts';
import { until } from '../support/until.ts';

describeMesh('readiness', () => {
  const closers: (() => Promise<unknown>)[] = [];
  afterAll(async () => {
    for (const close of closers) await close().catch(() => {});
  });

  it('a subgraph is ready once migrated, seeded and published; the gateway once it serves the registry\'s current supergraph', async () => {
    // A policy about sales alone: the demo policy names every domain, and only sales runs here.
    const policyDir = fs.mkdtempSync(path.join(os.tmpdir(), 'dpg-ready-'));
    fs.writeFileSync(path.join(policyDir, 'exec.yaml'), 'grants:\n  - id: exec-reads-sales\n    to: { roles: [exec] }\n    read:\n      - subgraph: sales\n');
    const { env, drop } = await testEnvironment({ POLICY_DIR: policyDir });
    closers.push(drop, async () => fs.rmSync(policyDir, { recursive: true, force: true }));
    const registryPort = await freePort();
    const registryUrl = `http://127.0.0.1:${registryPort}`;

    const gateway: RunningGateway = await startGateway(readGatewayConfig({ ...env, GATEWAY_PORT: '0', REGISTRY_URL: registryUrl }));
    closers.unshift(() => gateway.close());
    const subgraph: RunningSubgraph = await startSubgraph(sales, readSubgraphConfig({ ...env, SUBGRAPH_PORT: '0', REGISTRY_URL: registryUrl, GATEWAY_URL: gateway.url }));
    closers.unshift(() => subgraph.close());

    // Listening means migrated and seeded; still not ready, and it says why.
    const [{ n }] = await subgraph.db.query<{ n: number }>('SELECT count(*)::int AS n FROM accounts');
    expect(n).toBeGreaterThan(0);
    await until('a failed publish attempt', async () => subgraph.publisher!.status.state === 'pending' && (subgraph.publisher!.status as { attempts: number }).attempts > 0);
    const early = await request(subgraph.url).get('/ready');
    expect(early.status).toBe(503);
    expect(early.body).toMatchObject({ ready: false, state: 'starting', reason: expect.stringMatching(/^not published to the registry yet \(attempt \d+: .+\)$/) });
    // The gateway has nothing to serve and says the registry is down.
    await until('the gateway to try the registry', async () => (await request(gateway.url).get('/ready')).body.source.reachable === false);
    const gatewayEarly = await request(gateway.url).get('/ready');
    expect(gatewayEarly.status).toBe(503);
    expect(gatewayEarly.body).toMatchObject({ ready: false, state: 'starting', reason: expect.stringMatching(/^no supergraph loaded yet; the registry cannot be reached \(.+\) and there is no copy on disk$/) });

    // The registry comes up where both were told to look.
    const registry: RunningRegistry = await startRegistry(readRegistryConfig({ ...env, REGISTRY_PORT: String(registryPort) }));
    closers.splice(2, 0, () => registry.close());

    await until('the subgraph to be ready', async () => (await request(subgraph.url).get('/ready')).status === 200);
    const ready = (await request(subgraph.url).get('/ready')).body;
    expect(ready).toMatchObject({ ready: true, state: 'ready', registry: { state: 'published' } });
    expect((await request(registryUrl).get('/subgraphs/sales')).status).toBe(200);

    await until('the gateway to be ready', async () => (await request(gateway.url).get('/ready')).body.ready === true).catch(async (err) => {
      throw new Error(`${err.message}: ${JSON.stringify((await request(gateway.url).get('/ready')).body)}`);
    });
    const current = await request(registryUrl).get('/supergraph').buffer(true).parse((res, cb) => {
      let text = '';
      res.on('data', (d: Buffer) => (text += d));
      res.on('end', () => cb(null, text));
    });
    const gatewayReady = await request(gateway.url).get('/ready');
    expect(gatewayReady.status).toBe(200);
    expect(gatewayReady.body).toMatchObject({ ready: true, state: 'ready', supergraph: { hash: sha256(current.body as string), origin: 'registry', subgraphs: ['sales'] } });
  }, 180_000);
});
