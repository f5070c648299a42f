/**
 * The control plane answers only those who may operate it: `POST
 * /invalidate` on every subgraph and `POST /refresh` on analytics need the
 * owning team's registry token (or governance/admin), or a gateway-signed
 * token with the dpg:admin scope; `/metrics` needs METRICS_TOKEN when set.
 * Every refusal is GraphQL-shaped.
 */
import request from 'supertest';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { loadSigner } from '../../platform/tokens.ts';
import { claimsOf, type Principal } from '../../policies/principal.ts';
import { describeMesh, OPERATOR, startTestMesh, TEST_ENV, type TestMesh } from '../support/mesh.ts';

const METRICS_TOKEN = 'metrics-secret-for-tests';

describeMesh('an authenticated control plane', () => {
  let mesh: TestMesh;
  const teams: Record<string, string> = {};
  const signer = loadSigner({ privateJwk: TEST_ENV.GATEWAY_SIGNING_KEY });
  const gatewaySigned = async (subgraph: string, scopes: string[]) => {
    const principal: Principal = { subject: 'ops-job', roles: [], scopes, attributes: {} };
    return `Bearer ${await (await signer).sign(claimsOf(principal), subgraph, 60)}`;
  };
  const invalidate = (subgraph: string, authorization?: string) => {
    const r = request(mesh.subgraphs[subgraph].url).post('/invalidate');
    return (authorization ? r.set('authorization', authorization) : r).send({ types: ['Account'] });
  };
  const refused = (res: request.Response, status: number, code: string, message: RegExp) => {
    expect(res.status, JSON.stringify(res.body)).toBe(status);
    expect(res.body).toEqual({ errors: [{ message: expect.stringMatching(message), extensions: { code } }] });
  };

  beforeAll(async () => {
    mesh = await startTestMesh({ env: { METRICS_TOKEN } });
    for (const team of ['sales-ops', 'marketing-ops', 'analytics-engineering']) {
      const res = await request(mesh.registry.url).post('/tokens').set(OPERATOR).send({ team, role: 'team' });
      expect(res.status).toBe(201);
      teams[team] = `Bearer ${res.body.token}`;
    }
  });
  afterAll(async () => mesh?.close());

  it('refuses POST /invalidate without a credential (401), with a credential that is none (401) and with another team\'s (403)', async () => {
    refused(await invalidate('sales'), 401, 'UNAUTHENTICATED', /operating subgraph "sales" needs a credential/);
    refused(await invalidate('sales', 'Bearer not-a-token'), 401, 'UNAUTHENTICATED', /not a registry token the registry knows/);
    refused(await invalidate('sales', 'Basic c2FsZXM6b3Bz'), 401, 'UNAUTHENTICATED', /needs a credential/);
    refused(await invalidate('sales', teams['marketing-ops']), 403, 'FORBIDDEN', /belongs to team sales-ops; this token is team marketing-ops's/);
  });

  it('refuses gateway-signed tokens without the admin scope (403) or for another subgraph (401)', async () => {
    refused(await invalidate('sales', await gatewaySigned('sales', ['pii:read'])), 403, 'FORBIDDEN', /lacks the dpg:admin scope/);
    refused(await invalidate('sales', await gatewaySigned('marketing', ['dpg:admin'])), 401, 'UNAUTHENTICATED', /invalid or expired/);
  });

  it('lets the owning team, the registry admin and gateway-signed admins invalidate', async () => {
    for (const credential of [teams['sales-ops'], OPERATOR.authorization, await gatewaySigned('sales', ['dpg:admin'])]) {
      const res = await invalidate('sales', credential);
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      expect(res.body).toMatchObject({ types: ['Account'] });
    }
    // Each subgraph checks its own owner: sales' team may not operate marketing.
    refused(await invalidate('marketing', teams['sales-ops']), 403, 'FORBIDDEN', /belongs to team marketing-ops/);
    expect((await invalidate('marketing', teams['marketing-ops'])).status).toBe(200);
  });

  it('guards POST /refresh on analytics the same way', async () => {
    const refresh = (authorization?: string) => {
      const r = request(mesh.subgraphs.analytics.url).post('/refresh');
      return authorization ? r.set('authorization', authorization) : r;
    };
    refused(await refresh(), 401, 'UNAUTHENTICATED', /operating subgraph "analytics" needs a credential/);
    refused(await refresh(teams['sales-ops']), 403, 'FORBIDDEN', /belongs to team analytics-engineering/);
    const ok = await refresh(teams['analytics-engineering']);
    expect(ok.status, JSON.stringify(ok.body)).toBe(200);
    expect(ok.body.outcomes.every((o: { status: string }) => o.status === 'ok')).toBe(true);
  });

  it('asks for METRICS_TOKEN on /metrics of every service when it is set, and leaves /health and /ready open', async () => {
    for (const url of [mesh.gateway.url, mesh.registry.url, mesh.subgraphs.sales.url]) {
      refused(await request(url).get('/metrics'), 401, 'UNAUTHENTICATED', /METRICS_TOKEN/);
      refused(await request(url).get('/metrics').set('authorization', 'Bearer wrong'), 403, 'FORBIDDEN', /may not read metrics/);
      const ok = await request(url).get('/metrics').set('authorization', `Bearer ${METRICS_TOKEN}`);
      expect(ok.status).toBe(200);
      expect(ok.text).toMatch(/^# HELP /m);
      expect((await request(url).get('/health')).status).toBe(200);
      expect((await request(url).get('/ready')).status).toBe(200);
    }
  });
});
