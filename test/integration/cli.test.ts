/**
 * `dpg` as a domain team uses it, spawned as its own process against a
 * running mesh: check and publish, composition failures, breaking changes
 * judged on real traffic driven through the gateway, governance lint,
 * policy impact, ownership, rollback, history, the supergraph and the catalog — also as the
 * `dataProducts` query through the gateway.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import request from 'supertest';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { runDpg } from '../support/dpg.ts';
import { bearer, describeMesh, startTestMesh, type TestMesh } from '../support/mesh.ts';
import { until } from '../support/until.ts';

describeMesh('dpg, the CLI domain teams run', () => {
  let mesh: TestMesh;
  let work: string;
  const tokens: Record<string, string> = {};
  /** The sales schema as it is live now. */
  const salesSdl = async () => (await request(mesh.registry.url).get('/subgraphs/sales')).body.sdl as string;
  const dpg = (args: string[], token?: string) => runDpg(args, { DPG_REGISTRY_URL: mesh.registry.url, DPG_TOKEN: token });
  /** The live sales schema with a change, beside its descriptor, as a team's working tree would hold it. */
  const salesChange = async (name: string, change: (sdl: string) => string) => {
    const dir = path.join(work, name);
    fs.mkdirSync(dir);
    fs.writeFileSync(path.join(dir, 'schema.graphql'), change(await salesSdl()));
    fs.copyFileSync('subgraphs/sales/data-product.yaml', path.join(dir, 'data-product.yaml'));
    return path.join(dir, 'schema.graphql');
  };
  const history = async () => (await request(mesh.registry.url).get('/subgraphs/sales/versions')).body;
  const salesUrl = () => mesh.subgraphs.sales.graphqlUrl;

  beforeAll(async () => {
    mesh = await startTestMesh({ env: { USAGE_FLUSH_INTERVAL_MS: '50' } });
    work = fs.mkdtempSync(path.join(os.tmpdir(), 'dpg-cli-'));
  });
  afterAll(async () => {
    await mesh?.close();
    if (work) fs.rmSync(work, { recursive: true, force: true });
  });

  it('creates team tokens with the admin token; the registry shows each once', async () => {
    for (const team of ['sales-ops', 'marketing-ops']) {
      const run = await dpg(['registry', 'token', 'create', '--team', team, '--label', `${team} CI`, '--json'], 'dev-admin-token');
      expect(run.code, run.stderr).toBe(0);
      expect(JSON.parse(run.stdout)).toMatchObject({ team, role: 'team', token: expect.stringMatching(/^dpg_/) });
      tokens[team] = JSON.parse(run.stdout).token;
    }
    const refused = await dpg(['registry', 'token', 'create', '--team', 'x', '--role', 'admin'], tokens['sales-ops']);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/a team token cannot create admin tokens/);
  });

  it('checks and publishes a clean change; the gateway serves it without a restart', async () => {
    const schema = await salesChange('website', (sdl) => sdl.replace('  "Registered company name."', '  "Company website, when known."\n  website: String\n  "Registered company name."'));
    const check = await dpg(['subgraph', 'check', '--name', 'sales', '--schema', schema], tokens['sales-ops']);
    expect(check.code, check.stdout + check.stderr).toBe(0);
    expect(check.stdout).toMatch(/FIELD_ADDED\s+Account\.website/);
    expect(check.stdout).toMatch(/✔ passed: sales — 0 errors, 0 warnings/);
    expect(check.stderr).toMatch(/using .*data-product\.yaml/);
    expect(await history()).toHaveLength(1); // a check stores nothing

    const publish = await dpg(['subgraph', 'publish', '--name', 'sales', '--schema', schema, '--url', salesUrl(), '--version', 'website-1'], tokens['sales-ops']);
    expect(publish.code, publish.stderr).toBe(0);
    expect(publish.stdout).toMatch(/✔ published sales v2/);
    await until('the gateway to serve Account.website', async () => (await mesh.query('{ accounts(first: 1) { website } }')).status === 200);
  });

  it('fails on a composition error with the subgraph and location, and stores nothing', async () => {
    const schema = await salesChange('broken-key', (sdl) => sdl.replace('type Account @key(fields: "id") {', 'type Account @key(fields: "accountNumber") {'));
    const before = await history();
    const check = await dpg(['subgraph', 'check', '--name', 'sales', '--schema', schema], tokens['sales-ops']);
    expect(check.code).toBe(1);
    expect(check.stdout).toMatch(/composition\n\s+✖ error\s+KEY_INVALID_FIELDS/);
    expect(check.stdout).toMatch(/accountNumber/);
    expect(check.stdout).toMatch(/at subgraph sales, line \d+, column \d+/);
    const publish = await dpg(['subgraph', 'publish', '--name', 'sales', '--schema', schema, '--url', salesUrl()], tokens['sales-ops']);
    expect(publish.code).toBe(1);
    expect(publish.stderr).toMatch(/refused \(422\).*nothing was stored/);
    expect(await history()).toEqual(before);
  });

  it('fails a breaking change to a field clients used through the gateway, naming the client and operation', async () => {
    const finance = { ...(await bearer(['analyst'], {}, [], 'finance-analyst')), 'apollographql-client-name': 'finance-dashboard' };
    const res = await mesh.query('query IndustryReport { accounts(first: 3) { id industry } }', {}, finance);
    expect(res.status).toBe(200);
    expect(res.body.data.accounts).toHaveLength(3);
    // Without a client header the caller's subject names the client.
    expect((await mesh.query('query Segments { accounts(first: 2) { industry segment } }', {}, await bearer(['analyst'], {}, [], 'jane-analyst'))).status).toBe(200);
    await until('the gateway to report usage', async () => {
      const usage = (await request(mesh.registry.url).get('/usage?type=Account').set('authorization', `Bearer ${tokens['sales-ops']}`)).body.coordinates;
      const clients = usage.find((u: { coordinate: string }) => u.coordinate === 'Account.industry')?.clients.map((c: { client: string }) => c.client) ?? [];
      return clients.includes('finance-dashboard') && clients.includes('jane-analyst');
    });

    const schema = await salesChange('no-industry', (sdl) => sdl.replace('  "Industry the company operates in."\n  industry: String!\n', ''));
    const check = await dpg(['subgraph', 'check', '--name', 'sales', '--schema', schema], tokens['sales-ops']);
    expect(check.code).toBe(1);
    expect(check.stdout).toMatch(/✖ error\s+FIELD_REMOVED\s+Account\.industry/);
    expect(check.stdout).toMatch(/Used by 2 clients in the last 7 days: (finance-dashboard, jane-analyst|jane-analyst, finance-dashboard)/);
    expect(check.stdout).toMatch(/client finance-dashboard: 1 request, last \d{4}-\d{2}-\d{2} — IndustryReport \(1\)/);
    expect(check.stdout).toMatch(/fix: Keep Account\.industry and mark it @deprecated/);
    expect(check.stdout).toMatch(/✖ failed: sales — 1 error/);

    const json = JSON.parse((await dpg(['subgraph', 'check', '--name', 'sales', '--schema', schema, '--json'], tokens['sales-ops'])).stdout);
    expect(json.ok).toBe(false);
    expect(json.findings.find((f: { code: string }) => f.code === 'FIELD_REMOVED')).toMatchObject({ check: 'breaking-changes', severity: 'error', classification: 'breaking', coordinate: 'Account.industry' });
  });

  it('passes the same kind of change to a field nobody used, with a warning', async () => {
    const schema = await salesChange('no-created-on', (sdl) => sdl.replace('  "When the account was created in the CRM."\n  createdOn: Date!\n', ''));
    const publish = await dpg(['subgraph', 'publish', '--name', 'sales', '--schema', schema, '--url', salesUrl(), '--version', 'no-created-on'], tokens['sales-ops']);
    expect(publish.code, publish.stdout + publish.stderr).toBe(0);
    expect(publish.stdout).toMatch(/▲ warning\s+FIELD_REMOVED\s+Account\.createdOn\n\s+Account\.createdOn was removed\. No client used it in the last 7 days\./);
    expect(publish.stdout).toMatch(/✔ published sales v3 — 0 errors, 1 warning/);
  });

  it('fails governance lint with each rule\'s id and fix hint', async () => {
    const schema = await salesChange('lint', (sdl) => sdl.replace('  "Registered company name."', '  contact_email: String\n  "Registered company name."'));
    const check = await dpg(['subgraph', 'check', '--name', 'sales', '--schema', schema], tokens['sales-ops']);
    expect(check.code).toBe(1);
    expect(check.stdout).toMatch(/governance-lint/);
    for (const rule of ['descriptions', 'personal-data-tagged', 'naming']) expect(check.stdout).toMatch(new RegExp(`✖ error\\s+${rule}\\s+Account\\.contact_email`));
    expect(check.stdout).toMatch(/fix: Add @tag\(name: "pii"\)/);
  });

  it('fails removing or retagging a field an access policy names, with the policy file and rule', async () => {
    const removed = await salesChange('no-customer-since', (sdl) => sdl.replace('  "Close date of the first won opportunity; null while the account is a prospect."\n  customerSince: Date\n', ''));
    const check = await dpg(['subgraph', 'check', '--name', 'sales', '--schema', removed], tokens['sales-ops']);
    expect(check.code).toBe(1);
    expect(check.stdout).toMatch(/policy-impact\n\s+✖ error\s+POLICY_REFERENCE_REMOVED\s+Account\.customerSince\n\s+this change removes Account\.customerSince, which access policy rule analytics-pipeline-inputs \(policies\/rules\/services\.yaml:\d+\) names/);
    expect(check.stdout).toMatch(/policy policies\/rules\/services\.yaml:\d+, rule analytics-pipeline-inputs/);

    const retagged = await salesChange('email-internal', (sdl) => sdl.replace(/(\n  email: String!?) @tag\(name: "pii"\)/, '$1 @tag(name: "internal")'));
    const json = JSON.parse((await dpg(['subgraph', 'check', '--name', 'sales', '--schema', retagged, '--json'], tokens['sales-ops'])).stdout);
    expect(json.ok).toBe(false);
    expect(json.findings).toEqual(expect.arrayContaining([expect.objectContaining({ check: 'policy-impact', code: 'POLICY_TAG_CHANGED', coordinate: 'Contact.email', policy: expect.objectContaining({ file: 'policies/rules/classification.yaml' }) })]));
  });

  it('refuses a publish by another team, and changes nothing', async () => {
    const before = await history();
    const schema = await salesChange('hijack', (sdl) => sdl);
    const publish = await dpg(['subgraph', 'publish', '--name', 'sales', '--schema', schema, '--url', 'http://elsewhere.invalid/graphql'], tokens['marketing-ops']);
    expect(publish.code).toBe(1);
    expect(publish.stderr).toMatch(/refused \(403\): subgraph "sales" belongs to team sales-ops; this token is team marketing-ops's; nothing was stored/);
    const anonymous = await dpg(['subgraph', 'publish', '--name', 'sales', '--schema', schema, '--url', salesUrl()]);
    expect(anonymous.code).toBe(1);
    expect(anonymous.stderr).toMatch(/refused \(401\): a registry token is required/);
    expect(await history()).toEqual(before);
  });

  it('lists subgraphs, shows history, and rolls back to an earlier version', async () => {
    const list = await dpg(['subgraph', 'list']);
    expect(list.code).toBe(0);
    expect(list.stdout).toMatch(/sales\s+3\s+no-created-on\s+sales-ops/);

    const rollback = await dpg(['subgraph', 'rollback', 'sales', '--to', 'website-1'], tokens['sales-ops']);
    expect(rollback.code, rollback.stderr).toBe(0);
    expect(rollback.stdout).toMatch(/rolled back sales from v3 to v2/);
    const shown = await dpg(['subgraph', 'history', 'sales']);
    expect(shown.stdout).toMatch(/\*\s+2\s+website-1/);
    expect(shown.stdout.split('\n').filter((l) => /^\s*\d/.test(l) || /^\*/.test(l))).toHaveLength(3);
    await until('the gateway to serve createdOn again', async () => (await mesh.query('{ accounts(first: 1) { createdOn website } }')).status === 200);
  });

  it('fetches the supergraph the gateway serves', async () => {
    const file = path.join(work, 'supergraph.graphql');
    const run = await dpg(['supergraph', 'fetch', '--out', file]);
    expect(run.code).toBe(0);
    expect(fs.readFileSync(file, 'utf8')).toBe((await request(mesh.registry.url).get('/supergraph')).text);
    expect(run.stdout).toMatch(/wrote supergraph \d+ to /);
  });

  it('shows the catalog with owners and the applications that use each product, as a table and through the gateway — never people', async () => {
    const run = await dpg(['catalog'], tokens['sales-ops']);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/PRODUCT\s+NAME\s+OWNER\s+CLASSIFICATION\s+FRESHNESS/);
    const accountsRow = run.stdout.split('\n').find((l) => l.startsWith('sales.accounts'));
    expect(accountsRow).toMatch(/^sales\.accounts\s+Customer accounts\s+sales-ops\s+internal\s+PT1H\s+active\s+\d+\s+v2 \d{4}-\d{2}-\d{2}\s+\S/);
    expect(accountsRow).toContain('finance-dashboard');
    // jane-analyst is a person (a user token's subject): a team token does not see people.
    expect(accountsRow).not.toContain('jane-analyst');

    const res = await mesh.query(
      '{ dataProducts(filter: { domain: "sales" }) { id team freshness version clients { client requests } fields { field classification } } }',
      {},
      await bearer(['analyst'], {}, [], 'someone-curious'),
    );
    expect(res.status).toBe(200);
    expect(res.body.errors).toBeUndefined();
    expect(res.body.data.dataProducts.map((p: { id: string }) => p.id)).toEqual(['sales.accounts', 'sales.contacts', 'sales.pipeline']);
    const accounts = res.body.data.dataProducts[0];
    expect(accounts).toMatchObject({ team: 'sales-ops', freshness: 'PT1H', version: 2 });
    expect(accounts.clients.map((c: { client: string }) => c.client)).toContain('finance-dashboard');
    expect(accounts.clients.map((c: { client: string }) => c.client)).not.toContain('jane-analyst');
    expect(accounts.fields).toEqual(expect.arrayContaining([{ field: 'website', classification: 'internal' }]));
  });

  it('answers a wrong command line with exit 2, and an unreachable registry with exit 1', async () => {
    const missing = await dpg(['subgraph', 'check', '--name', 'sales']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/missing --schema[\s\S]*usage: dpg subgraph check --name NAME --schema FILE/);
    const noFile = await dpg(['subgraph', 'check', '--name', 'sales', '--schema', path.join(work, 'nope.graphql')]);
    expect(noFile.code).toBe(2);
    expect(noFile.stderr).toMatch(/cannot read schema file .*nope\.graphql: no such file/);
    expect((await dpg(['subgraph', 'frobnicate'])).code).toBe(2);
    const down = await runDpg(['subgraph', 'list'], { DPG_REGISTRY_URL: 'http://127.0.0.1:9' });
    expect(down.code).toBe(1);
    expect(down.stderr).toMatch(/cannot reach the registry at http:\/\/127\.0\.0\.1:9/);
  });
});
