/**
 * The governance team's side of `dpg`, spawned as they would run it:
 * development tokens the gateway accepts, `policy check` with file:line
 * messages, `policy test` against the supergraph and a live gateway,
 * `policy explain`, and policies published to the registry as versioned
 * bundles that every service follows (POLICY_SOURCE=registry).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import request from 'supertest';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { apiKeyLookup, loadApiKeys } from '../../gateway/identity/apiKeys.ts';
import { runDpg } from '../support/dpg.ts';
import { describeMesh, startTestMesh, TEST_ENV, type TestMesh } from '../support/mesh.ts';
import { until } from '../support/until.ts';

const ADMIN = 'dev-admin-token';
describeMesh('dpg for the governance team', () => {
  let mesh: TestMesh;
  let work: string;
  const dpg = (args: string[], env: Record<string, string | undefined> = {}) =>
    runDpg(args, { DPG_REGISTRY_URL: mesh.registry.url, JWT_SECRET: TEST_ENV.JWT_SECRET, ...env });
  const rules = (name: string, files: Record<string, string>) => {
    const dir = path.join(work, name);
    fs.cpSync('policies/rules', dir, { recursive: true });
    for (const [file, text] of Object.entries(files)) fs.writeFileSync(path.join(dir, file), text);
    return dir;
  };

  beforeAll(async () => {
    // Every service follows the registry's bundle; until one is published, everything is denied.
    // (So no service is ready yet: the mesh is up once the gateway serves every subgraph.)
    mesh = await startTestMesh({ env: { POLICY_SOURCE: 'registry' }, untilReady: false });
    await until('every subgraph in the gateway', async () => Object.keys(mesh.subgraphs).every((n) => n in (mesh.gateway.runtime.current?.subgraphs ?? {})));
    work = fs.mkdtempSync(path.join(os.tmpdir(), 'dpg-policy-'));
  });
  afterAll(async () => {
    await mesh?.close();
    if (work) fs.rmSync(work, { recursive: true, force: true });
  });

  it('denies everything, and says why in /ready, until a policy is published', async () => {
    const token = (await dpg(['token', '--sub', 'ann', '--role', 'exec'])).stdout.trim();
    const res = await request(mesh.gateway.url).post('/graphql').set('authorization', `Bearer ${token}`).send({ query: '{ accounts(first: 1) { id } }' });
    expect(res.body.errors[0].extensions).toMatchObject({ code: 'FORBIDDEN', rule: 'no-valid-policy' });
    expect((await request(mesh.gateway.url).get('/ready')).body).toMatchObject({ ready: false, reason: 'no valid policy loaded yet' });
  });

  it('refuses to publish an invalid bundle, with file:line problems, and changes nothing', async () => {
    const dir = rules('invalid', { 'oops.yaml': 'grants:\n  - id: oops\n    to: { roles: [x] }\n    read:\n      - tag: top-secret\n' });
    const run = await dpg(['policy', 'publish', '--dir', dir], { DPG_TOKEN: ADMIN });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('oops.yaml:5: unknown tag "top-secret"');
    expect((await request(mesh.registry.url).get('/policies')).status).toBe(404);
  });

  it('refuses a publish without a governance or admin token', async () => {
    const created = await dpg(['registry', 'token', 'create', '--team', 'sales-ops', '--json'], { DPG_TOKEN: ADMIN });
    const teamToken = JSON.parse(created.stdout).token;
    const denied = await dpg(['policy', 'publish'], { DPG_TOKEN: teamToken });
    expect(denied.code).toBe(1);
    expect(denied.stderr).toMatch(/governance or admin token/);
    expect((await dpg(['policy', 'publish'])).stderr).toMatch(/registry token is required/);
  });

  it('creates API keys for BI tools: the key once, only its hash in the keys file', async () => {
    const file = path.join(work, 'api-keys.yaml');
    const first = JSON.parse((await dpg(['apikey', 'create', '--sub', 'powerbi', '--role', 'analyst', '--file', file, '--json'])).stdout);
    const second = JSON.parse((await dpg(['apikey', 'create', '--sub', 'tableau', '--role', 'analyst', '--attr', 'region=EMEA', '--file', file, '--json'])).stdout);
    const keys = loadApiKeys(file);
    expect(keys.map((k) => k.principal)).toEqual([
      { subject: 'powerbi', roles: ['analyst'], scopes: [], attributes: {} },
      { subject: 'tableau', roles: ['analyst'], scopes: [], attributes: { region: 'EMEA' } },
    ]);
    expect(apiKeyLookup(keys)(first.key)?.principal.subject).toBe('powerbi');
    expect(apiKeyLookup(keys)(second.key)?.principal.subject).toBe('tableau');
    expect(fs.readFileSync(file, 'utf8')).not.toContain(first.key);
  });

  it('answers malformed bundles with 400 and bad command lines with exit 2', async () => {
    const post = (body: unknown) => request(mesh.registry.url).post('/policies').set('authorization', `Bearer ${ADMIN}`).send(body as object);
    expect((await post({})).body.errors[0].message).toMatch(/"files"/);
    expect((await post({ files: [{ file: 'a.yaml' }] })).body.errors[0].message).toBe('files[0] needs "file" and "text" strings');
    expect((await post({ files: [{ file: 'a.yaml' }] })).status).toBe(400);
    expect((await request(mesh.registry.url).get('/policies')).status).toBe(404);
    const badAttr = await dpg(['token', '--sub', 'x', '--attr', 'region']);
    expect(badAttr.code).toBe(2);
    expect(badAttr.stderr).toMatch(/--attr takes key=value/);
    expect((await dpg(['token', '--role', 'exec'])).stderr).toMatch(/missing --sub/);
  });

  it('publishes a bundle every service then enforces within seconds; republishing is a no-op', async () => {
    const run = await dpg(['policy', 'publish', '--json'], { DPG_TOKEN: ADMIN });
    expect(run.code, run.stderr).toBe(0);
    const { version } = JSON.parse(run.stdout);
    await until('gateway policy', async () => mesh.gateway.policy.current?.version === version);
    const token = (await dpg(['token', '--sub', 'ann', '--role', 'analyst'])).stdout.trim();
    await until('subgraph policy', async () => {
      const res = await request(mesh.gateway.url).post('/graphql').set('authorization', `Bearer ${token}`).send({ query: '{ contacts(first: 1) { email } }' });
      return /\*\*\*/.test(res.body.data?.contacts?.[0]?.email ?? '');
    });
    const again = await dpg(['policy', 'publish', '--json'], { DPG_TOKEN: ADMIN });
    expect(JSON.parse(again.stdout)).toMatchObject({ status: 'unchanged', version });
    const bundle = await request(mesh.registry.url).get('/policies');
    expect(bundle.headers.etag).toBe(`"${version}"`);
    expect((await request(mesh.registry.url).get('/policies').set('if-none-match', bundle.headers.etag)).status).toBe(304);
  });

  it('refuses a bundle with a typo against the same supergraph every service checks; the mesh stays on the last valid version', async () => {
    const valid = mesh.gateway.policy.current!.version;
    const dir = rules('typo', { 'sales.yaml': fs.readFileSync('policies/rules/sales.yaml', 'utf8').replace('      - subgraph: sales\n', '      - subgraph: sale\n') });
    const run = await dpg(['policy', 'publish', '--dir', dir], { DPG_TOKEN: ADMIN });
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/sales\.yaml:7: unknown subgraph "sale"/);
    expect((await request(mesh.registry.url).get('/policies')).body.version).toBe(valid);
    // Earlier versions stay fetchable by name, for services asked to enforce one they do not hold.
    expect((await request(mesh.registry.url).get(`/policies/versions/${valid}`)).body).toMatchObject({ version: valid, files: expect.any(Array) });
    expect((await request(mesh.registry.url).get('/policies/versions/ffffffffffffffff')).status).toBe(404);
    const status = await dpg(['policy', 'status', '--gateway', mesh.gateway.url]);
    expect(status.code, status.stdout + status.stderr).toBe(0);
    expect(status.stdout).toContain(`✔ every service enforces policy ${valid}`);
  });

  it('checks policies against the live supergraph and names the file and line of each problem', async () => {
    expect((await dpg(['policy', 'check'])).code).toBe(0);
    // Offline, against the repository's own subgraphs composed on the spot (GraphQL and federation loaded for it).
    const local = await dpg(['policy', 'check', '--local'], { DPG_REGISTRY_URL: 'http://127.0.0.1:9' });
    expect(local.stderr).toBe('');
    expect(local).toMatchObject({ code: 0, stdout: expect.stringMatching(/is valid/) });
    const dir = rules('bad', {
      'bad.yaml': 'grants:\n  - id: x\n    to: {}\n    read:\n      - field: Account.nope\n      - subgraph: billing\n    masks: { pii: shred }\n',
      'syntax.yaml': 'grants: [\n',
    });
    const run = await dpg(['policy', 'check', '--dir', dir]);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/bad\.yaml:7: grants\.0\.masks\.pii: must be one of redact, hash, partial, year-only, null/);
    expect(run.stderr).toMatch(/syntax\.yaml:\d+: YAML syntax error/);
    const refs = rules('refs', { 'bad.yaml': 'grants:\n  - id: x\n    to: {}\n    read:\n      - field: Account.nope\n      - subgraph: billing\n' });
    const refRun = await dpg(['policy', 'check', '--dir', refs, '--json']);
    expect(JSON.parse(refRun.stdout).problems).toEqual([
      expect.objectContaining({ line: 5, message: 'unknown field "Account.nope"' }),
      expect.objectContaining({ line: 6, message: expect.stringMatching(/^unknown subgraph "billing"/) }),
    ]);

    // The demo policy has no filter gap; without its relation, the tickets grant would open every region's tickets to reps.
    const sales = fs.readFileSync('policies/rules/sales.yaml', 'utf8');
    const gap = rules('gap', { 'sales.yaml': sales.replace(/\n    rows:\n      Ticket: \{ account: \{ visible: true \} \}\n/, '\n') });
    const gapRun = await dpg(['policy', 'check', '--dir', gap, '--json']);
    expect(gapRun.code).toBe(1);
    expect(JSON.parse(gapRun.stdout).problems).toEqual([
      expect.objectContaining({ file: expect.stringContaining('sales.yaml'), line: 13, message: expect.stringMatching(/^filter gap: grant "sales-reads-support-tickets" shows Ticket rows to role sales, and Ticket.account points to Account/) }),
    ]);
  });

  it('runs the policy test cases, offline and against the live gateway', async () => {
    const run = await dpg(['policy', 'test', '--gateway', mesh.gateway.url]);
    expect(run.code, run.stdout + run.stderr).toBe(0);
    expect(run.stdout).toMatch(/\d+ passed, 0 failed/);
    const failing = path.join(work, 'cases');
    fs.mkdirSync(failing);
    fs.writeFileSync(path.join(failing, 'wrong.yaml'), 'cases:\n  - name: analysts see emails in clear (they do not)\n    principal: { roles: [analyst] }\n    query: "{ contacts(first: 1) { email } }"\n    expect:\n      fields:\n        Contact.email: allow\n');
    const bad = await dpg(['policy', 'test', '--tests', failing]);
    expect(bad.code).toBe(1);
    expect(bad.stdout).toContain('Contact.email: expected allow, got mask (partial) by tag-pii');
  });

  it('explains a token\'s access to a query, field by field, with the rule behind each decision', async () => {
    const token = (await dpg(['token', '--sub', 'rita', '--role', 'sales', '--attr', 'region=EMEA'])).stdout.trim();
    const run = await dpg(['policy', 'explain', '--token', token, '--query', '{ accounts { name } leads { email } }']);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/accounts\.name\s+allow\s+sales-own-region/);
    expect(run.stdout).toMatch(/leads\s+deny\s+default-deny/);
    expect(run.stdout).toMatch(/Account in sales: region eq "EMEA"\s+\[sales-own-region\]/);
    const bad = await dpg(['policy', 'explain', '--token', token, '--query', '{ nope']);
    expect(bad.code).toBe(2);
  });
});
