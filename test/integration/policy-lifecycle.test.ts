/**
 * Governance over the life of a policy and of the products it protects,
 * against the running mesh: one policy version end to end (every service
 * checks against the same supergraph, a request is enforced under the
 * version the gateway decided it with, `dpg policy status`), derived
 * products inheriting their inputs' classification, and usage in the catalog
 * without surveillance. Each reproduction of the issue is a test here.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import request from 'supertest';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { readGatewayConfig } from '../../gateway/config.ts';
import { hashKey } from '../../gateway/identity/apiKeys.ts';
import { startGateway, type RunningGateway } from '../../gateway/server.ts';
import { loadSigner, type ServiceSigner } from '../../platform/tokens.ts';
import { callClaims } from '../../policies/callClaims.ts';
import type { PolicyStatus } from '../../policies/holder.ts';
import type { Principal } from '../../policies/principal.ts';
import { runDpg } from '../support/dpg.ts';
import { bearer, describeMesh, OPERATOR, startTestMesh, TEST_ENV, type TestMesh } from '../support/mesh.ts';
import { until } from '../support/until.ts';

const BI_KEY = 'dpg_test-lifecycle-bi-key';
const person = (roles: string[], subject = 'someone'): Principal => ({ subject, roles, scopes: [], attributes: {} });

describeMesh('policy lifecycle: one version end to end, derived products, usage', () => {
  let mesh: TestMesh;
  let tmp: string;
  let policyDir: string;
  let signer: ServiceSigner;
  const extraGateways: RunningGateway[] = [];
  const gw = () => request(mesh.gateway.url);
  const services = () => [{ name: 'gateway', url: mesh.gateway.url }, ...Object.values(mesh.subgraphs).map((s) => ({ name: s.name, url: s.url }))];
  const statuses = async () => Promise.all(services().map(async (s) => ({ name: s.name, ...((await request(s.url).get('/ready')).body.policy as PolicyStatus) })));
  const dpgStatus = () => runDpg(['policy', 'status', '--gateway', mesh.gateway.url], { DPG_REGISTRY_URL: mesh.registry.url });
  /** Every service enforces `version`, checked against the supergraph the gateway serves, and refuses nothing. */
  const agreeOn = async (version: string) => {
    const hash = (await gw().get('/ready')).body.supergraph?.hash;
    return (await statuses()).every((s) => s.version === version && s.schema?.kind === 'supergraph' && s.schema.hash === hash && s.rejected === null);
  };
  /** A request to a subgraph as the gateway would send it, naming a policy version (or none). */
  const direct = async (subgraph: string, principal: Principal, policyVersion: string | undefined, query: string) =>
    request(mesh.subgraphs[subgraph].url)
      .post('/graphql')
      .set('authorization', `Bearer ${await signer.sign(callClaims({ principal, policyVersion }), subgraph, 60)}`)
      .send({ query });

  beforeAll(async () => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'dpg-lifecycle-'));
    policyDir = path.join(tmp, 'rules');
    fs.cpSync('policies/rules', policyDir, { recursive: true });
    const keys = path.join(tmp, 'api-keys.yaml');
    fs.writeFileSync(keys, `keys:\n  - id: bi\n    sha256: ${hashKey(BI_KEY)}\n    subject: svc-bi\n    roles: [analyst]\n`);
    mesh = await startTestMesh({ env: { POLICY_DIR: policyDir, API_KEYS_FILE: keys, USAGE_FLUSH_INTERVAL_MS: '50' } });
    signer = await loadSigner({ privateJwk: TEST_ENV.GATEWAY_SIGNING_KEY });
    await until('every service on the policy, checked against the supergraph', async () => agreeOn(mesh.gateway.policy.current!.version));
  });
  afterAll(async () => {
    for (const g of extraGateways) await g.close();
    await mesh?.close();
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  it('checks the policy against one supergraph in every service, is ready then, and dpg policy status says they agree', async () => {
    const version = mesh.gateway.policy.current!.version;
    for (const s of services()) expect((await request(s.url).get('/ready')).body, s.name).toMatchObject({ ready: true, policy: { version, kept: [version], schema: { kind: 'supergraph' } } });
    const run = await dpgStatus();
    expect(run.code, run.stdout + run.stderr).toBe(0);
    for (const s of services()) expect(run.stdout).toMatch(new RegExp(`^${s.name}\\s+${version}\\s+[0-9a-f]{12}\\s+yes\\s+0$`, 'm'));
    expect(run.stdout).toContain(`✔ every service enforces policy ${version}`);
  });

  it('keeps the whole mesh on the last valid version when a typo would revoke access, and says so everywhere', async () => {
    const valid = mesh.gateway.policy.current!.version;
    const file = path.join(policyDir, 'sales.yaml');
    const original = fs.readFileSync(file, 'utf8');
    const rita = await bearer(['sales'], { region: 'EMEA' }, [], 'rita');
    // `subgraph: sale`: the grant would cover nothing, and sales reps would silently lose their domain.
    fs.writeFileSync(file, original.replace('      - subgraph: sales\n', '      - subgraph: sale\n'));
    try {
      await until('every service to refuse the typo', async () => (await statuses()).every((s) => s.rejected !== null));
      for (const s of await statuses()) {
        expect(s.version, s.name).toBe(valid);
        expect(s.rejected!.problems, s.name).toEqual([expect.objectContaining({ file: expect.stringMatching(/sales\.yaml$/), line: 7, message: expect.stringMatching(/^unknown subgraph "sale"/) })]);
      }
      const res = await gw().post('/graphql').set(rita).send({ query: '{ contacts(first: 3) { email region } }' });
      expect(res.body.errors).toBeUndefined();
      expect(res.body.data.contacts.map((c: { region: string }) => c.region)).toEqual(['EMEA', 'EMEA', 'EMEA']);
      expect(res.body.data.contacts.every((c: { email: string }) => /^[^*]+@/.test(c.email))).toBe(true);

      const run = await dpgStatus();
      expect(run.code).toBe(1);
      for (const s of services()) expect(run.stdout).toMatch(new RegExp(`✖ ${s.name} refuses the newest policy: \\S*sales\\.yaml:7: unknown subgraph "sale"`));
    } finally {
      fs.writeFileSync(file, original);
    }
    await until('every service to take the file back', async () => agreeOn(valid));
    expect((await dpgStatus()).code).toBe(0);
  });

  it('enforces in a subgraph the version the request names: earlier ones it keeps, and a clear error for one it cannot have', async () => {
    const before = mesh.gateway.policy.current!.version;
    const auditors = path.join(policyDir, 'auditors.yaml');
    fs.writeFileSync(auditors, 'grants:\n  - id: auditors-read-sales\n    to: { roles: [auditor] }\n    read: [{ subgraph: sales }]\n');
    try {
      await until('the new version everywhere', async () => mesh.gateway.policy.current!.version !== before && agreeOn(mesh.gateway.policy.current!.version));
      const after = mesh.gateway.policy.current!.version;
      const auditor = person(['auditor'], 'audrey');
      const query = '{ opportunities(first: 2) { id stage } }';

      const underAfter = await direct('sales', auditor, after, query);
      expect(underAfter.body.errors).toBeUndefined();
      expect(underAfter.body.data.opportunities).toHaveLength(2);
      // The same request decided under the version before: enforced as it was decided.
      const underBefore = await direct('sales', auditor, before, query);
      expect(underBefore.body.errors[0].extensions).toMatchObject({ code: 'FORBIDDEN', rule: 'default-deny' });
      expect((await request(mesh.subgraphs.sales.url).get('/ready')).body.policy.kept).toEqual([after, before]);

      const unknown = await direct('sales', auditor, 'ffffffffffffffff', query);
      expect(unknown.status).toBe(200);
      expect(unknown.body.data ?? null).toBeNull();
      expect(unknown.body.errors).toEqual([expect.objectContaining({ message: expect.stringContaining('cannot enforce policy version ffffffffffffffff'), extensions: expect.objectContaining({ code: 'POLICY_VERSION_UNAVAILABLE', policyVersion: 'ffffffffffffffff' }) })]);
      // Nothing else changed: the subgraph still answers under the versions it has.
      expect((await direct('sales', auditor, after, query)).body.data.opportunities).toHaveLength(2);
      const through = await gw().post('/graphql').set(await bearer(['auditor'])).send({ query });
      expect(through.body.errors).toBeUndefined();
    } finally {
      fs.rmSync(auditors);
    }
    await until('the first version back everywhere', async () => agreeOn(before));
  });

  it('never lets a subgraph answer under another version: a gateway on a policy the subgraphs cannot have gets POLICY_VERSION_UNAVAILABLE', async () => {
    const elsewhere = path.join(tmp, 'elsewhere');
    fs.cpSync(policyDir, elsewhere, { recursive: true });
    // (Its own content: versions are content hashes, and the subgraphs still keep the auditors' version from before.)
    fs.writeFileSync(path.join(elsewhere, 'extra.yaml'), 'grants:\n  - id: only-elsewhere\n    to: { roles: [inspector] }\n    read: [{ subgraph: sales }]\n');
    const g = await startGateway(readGatewayConfig({ ...TEST_ENV, LOG_LEVEL: 'silent', GATEWAY_PORT: '0', REGISTRY_URL: mesh.registry.url, POLICY_DIR: elsewhere }));
    extraGateways.push(g);
    await until('the other gateway to be ready', async () => (await request(g.url).get('/ready')).status === 200);
    expect(g.policy.current!.version).not.toBe(mesh.gateway.policy.current!.version);
    const res = await request(g.url).post('/graphql').set(await bearer(['exec'])).send({ query: '{ accounts(first: 1) { id name } }' });
    expect(res.status).toBe(200);
    expect(res.body.data?.accounts ?? null, JSON.stringify(res.body)).toBeNull();
    expect(res.body.errors).toEqual([expect.objectContaining({ extensions: expect.objectContaining({ code: 'POLICY_VERSION_UNAVAILABLE', policyVersion: g.policy.current!.version }) })]);
  });

  it('gives analysts customer acquisition cost without the money it is derived from, and the registry refuses it tagged weaker', async () => {
    expect((await request(mesh.subgraphs.analytics.url).post('/refresh').set(OPERATOR)).status).toBe(200);
    const query = '{ customerAcquisitionCost(first: 100) { quarter channel newCustomers spend cac } }';
    const analyst = await gw().post('/graphql').set(await bearer(['analyst'], {}, [], 'ann')).send({ query });
    const rows = analyst.body.data.customerAcquisitionCost as { newCustomers: number; spend: number | null; cac: number | null }[];
    expect(rows.length).toBeGreaterThan(5);
    expect(rows.every((r) => r.spend === null && r.cac === null && Number.isInteger(r.newCustomers))).toBe(true);
    const denied = new Set(analyst.body.errors.map((e: { extensions: { code: string; coordinate: string; rule: string } }) => `${e.extensions.code} ${e.extensions.coordinate} ${e.extensions.rule}`));
    expect([...denied].sort()).toEqual(['FORBIDDEN AcquisitionCost.cac tag-confidential', 'FORBIDDEN AcquisitionCost.spend tag-confidential']);
    const exec = await gw().post('/graphql').set(await bearer(['exec'])).send({ query });
    expect(exec.body.errors).toBeUndefined();
    expect(exec.body.data.customerAcquisitionCost.some((r: { spend: number | null }) => typeof r.spend === 'number' && r.spend > 0)).toBe(true);

    // The reproduction: the analytics domain publishing spend and cac as internal.
    const analytics = mesh.subgraphs.analytics;
    const sdl = analytics.sdl.replace('spend: Float @tag(name: "confidential")', 'spend: Float! @tag(name: "internal")').replace('cac: Float @tag(name: "confidential")', 'cac: Float @tag(name: "internal")');
    expect(sdl).not.toBe(analytics.sdl);
    const products = analytics.descriptor.products.map((p) => (p.fields ? { ...p, fields: { ...p.fields, 'AcquisitionCost.spend': 'internal' as const, 'AcquisitionCost.cac': 'internal' as const } } : p));
    const check = await request(mesh.registry.url).post('/subgraphs/analytics/check').set('authorization', 'Bearer dev-admin-token').send({ sdl, url: analytics.graphqlUrl, dataProduct: { ...analytics.descriptor, products } });
    expect(check.body.ok).toBe(false);
    expect(check.body.findings.filter((f: { check: string }) => f.check === 'lineage')).toEqual([
      expect.objectContaining({ severity: 'error', code: 'CLASSIFICATION_WEAKER_THAN_INPUTS', coordinate: 'AcquisitionCost.spend', message: expect.stringContaining('MonthlySpend.amount (confidential, marketing.campaigns)') }),
      expect.objectContaining({ severity: 'error', code: 'CLASSIFICATION_WEAKER_THAN_INPUTS', coordinate: 'AcquisitionCost.cac', message: expect.stringContaining('MonthlySpend.amount (confidential, marketing.campaigns)') }),
    ]);
  });

  it('shows applications and API keys in the catalog to everyone and people only to governance, with lineage both ways', async () => {
    const accounts = { query: 'query Accounts { accounts(first: 2) { id name } }' };
    const jane = await bearer(['analyst'], {}, [], 'jane-analyst');
    expect((await gw().post('/graphql').set({ ...jane, 'apollographql-client-name': 'finance-dashboard' }).send(accounts)).status).toBe(200);
    expect((await gw().post('/graphql').set(jane).send(accounts)).status).toBe(200);
    expect((await gw().post('/graphql').set('x-api-key', BI_KEY).send(accounts)).status).toBe(200);
    await until('usage to reach the registry', async () => {
      const usage = (await request(mesh.registry.url).get('/usage?type=Account').set('authorization', 'Bearer dev-admin-token')).body.coordinates ?? [];
      const seen = new Set(usage.flatMap((u: { clients: { client: string; kind: string }[] }) => u.clients.map((c) => `${c.kind}:${c.client}`)));
      return ['app:finance-dashboard', 'user:jane-analyst', 'api-key:bi'].every((c) => seen.has(c));
    });

    const catalog = async (who: Record<string, string>, filter: string) =>
      (await gw().post('/graphql').set(who).send({ query: `{ dataProducts(filter: ${filter}) { id clients { client kind } } }` })).body.data.dataProducts as { id: string; clients: { client: string; kind: string }[] }[];
    const clientsOf = (products: { id: string; clients: { client: string; kind: string }[] }[]) => products.find((p) => p.id === 'sales.accounts')!.clients.map((c) => `${c.kind}:${c.client}`);
    const curious = await bearer(['analyst'], {}, [], 'someone-curious');
    const seen = clientsOf(await catalog(curious, '{ domain: "sales" }'));
    expect(seen).toEqual(expect.arrayContaining(['app:finance-dashboard', 'api-key:bi']));
    expect(seen.filter((c) => !c.startsWith('app:') && !c.startsWith('api-key:'))).toEqual([]);
    // Nor can a filter tell whether a person read a product.
    expect(await catalog(curious, '{ usedBy: "jane-analyst" }')).toEqual([]);
    expect(clientsOf(await catalog(await bearer(['governance'], {}, [], 'gus'), '{ domain: "sales" }'))).toEqual(expect.arrayContaining(['app:finance-dashboard', 'api-key:bi', 'user:jane-analyst']));

    const lineage = await gw()
      .post('/graphql')
      .set(curious)
      .send({ query: '{ dataProducts { id builtFrom { id } feeds { id } fields { field classification derivedFrom } } }' });
    expect(lineage.body.errors).toBeUndefined();
    const byId = new Map((lineage.body.data.dataProducts as { id: string; builtFrom: { id: string }[]; feeds: { id: string }[]; fields: { field: string; classification: string; derivedFrom: string[] }[] }[]).map((p) => [p.id, p]));
    const cac = byId.get('analytics.customer-acquisition-cost')!;
    expect(cac.builtFrom.map((p) => p.id)).toEqual(['marketing.campaigns', 'marketing.leads', 'sales.accounts']);
    expect(cac.fields.find((f) => f.field === 'spend')).toEqual({ field: 'spend', classification: 'confidential', derivedFrom: ['MonthlySpend.amount'] });
    expect(byId.get('analytics.experiment-results')!.builtFrom.map((p) => p.id)).toEqual(['gameplay.experiments', 'gameplay.players']);
    expect(byId.get('marketing.campaigns')!.feeds.map((p) => p.id)).toEqual(['analytics.customer-acquisition-cost']);
    expect(byId.get('sales.contacts')!.feeds).toEqual([]);
  });
});
