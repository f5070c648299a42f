/**
 * Governance against the running mesh: identity at the gateway and between
 * gateway and subgraphs, each role's view of the same data, row filters,
 * masks, denials with partial data, hot reload, refused policies, the audit
 * trail, the demo policy's test cases, and a property check that every field
 * tagged pii is masked or denied for principals that may not read it.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createHmac } from 'node:crypto';
import { exportJWK, exportSPKI, generateKeyPair, SignJWT, UnsecuredJWT } from 'jose';
import { getNamedType, isNonNullType, isObjectType, type GraphQLObjectType, type GraphQLSchema } from 'graphql';
import request from 'supertest';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { readGatewayConfig } from '../../gateway/config.ts';
import { startGateway, type RunningGateway } from '../../gateway/server.ts';
import { hashKey } from '../../gateway/identity/apiKeys.ts';
import { loadSigner } from '../../platform/tokens.ts';
import { checkResponse, loadCases, valuesAt } from '../../policies/testing/cases.ts';
import { claimsOf } from '../../policies/principal.ts';
import { bearer, describeMesh, startTestMesh, subgraphRequests, TEST_ENV, tokenFor, type TestMesh } from '../support/mesh.ts';
import { until } from '../support/until.ts';

const QUERY = `{
  accounts(first: 500) { id name region contacts { email } opportunities { amount stage } tickets { status } }
}`;
const BI_KEY = 'dpg_test-bi-tool-key';

describeMesh('governance', () => {
  let mesh: TestMesh;
  let policyDir: string;
  let tmp: string;
  const extraGateways: RunningGateway[] = [];
  const gw = () => request(mesh.gateway.url);
  const as = async (roles: string[], attributes: Record<string, string> = {}, scopes: string[] = []) => bearer(roles, attributes, scopes);
  const sql = <R = Record<string, any>>(subgraph: string, text: string, params: unknown[] = []) => mesh.subgraphs[subgraph].db.query<R>(text, params);

  beforeAll(async () => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'dpg-gov-'));
    policyDir = path.join(tmp, 'rules');
    fs.cpSync('policies/rules', policyDir, { recursive: true });
    const keys = path.join(tmp, 'api-keys.yaml');
    fs.writeFileSync(keys, `keys:\n  - id: bi\n    sha256: ${hashKey(BI_KEY)}\n    subject: bi-tool\n    roles: [analyst]\n`);
    mesh = await startTestMesh({ env: { POLICY_DIR: policyDir, API_KEYS_FILE: keys, AUDIT_FLUSH_INTERVAL_MS: '50' } });
  });
  afterAll(async () => {
    for (const g of extraGateways) await g.close();
    await mesh?.close();
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  it('answers 401 with a reason for missing or bad credentials, and leaves probes open', async () => {
    const query = { query: '{ accounts(first: 1) { id } }' };
    const secret = new TextEncoder().encode(TEST_ENV.JWT_SECRET);
    const sign = (claims: Record<string, unknown>, opts: { iss?: string; aud?: string; exp?: string; key?: Uint8Array } = {}) =>
      new SignJWT({ roles: ['exec'], ...claims }).setProtectedHeader({ alg: 'HS256' }).setSubject('s').setIssuer(opts.iss ?? 'dpg').setAudience(opts.aud ?? 'data-product-gateway').setExpirationTime(opts.exp ?? '1h').sign(opts.key ?? secret);
    const cases: [Record<string, string>, RegExp][] = [
      [{}, /credentials required/],
      [{ authorization: 'Basic abc' }, /must be "Bearer <token>"/],
      [{ authorization: 'Bearer not-a-jwt' }, /malformed/],
      [{ authorization: `Bearer ${await sign({}, { key: new TextEncoder().encode('wrong-secret') })}` }, /signature is invalid/],
      [{ authorization: `Bearer ${await sign({}, { exp: '-1m' })}` }, /expired/],
      [{ authorization: `Bearer ${new UnsecuredJWT({ sub: 's', roles: ['exec'] }).setIssuer('dpg').setAudience('data-product-gateway').setExpirationTime('1h').encode()}` }, /alg "none"/],
      [{ authorization: `Bearer ${await sign({}, { iss: 'someone-else' })}` }, /"iss"/],
      [{ authorization: `Bearer ${await sign({}, { aud: 'another-api' })}` }, /"aud"/],
      [{ 'x-api-key': 'dpg_wrong' }, /unknown API key/],
    ];
    for (const [headers, reason] of cases) {
      const res = await gw().post('/graphql').set(headers).send(query);
      expect(res.status, JSON.stringify(headers)).toBe(401);
      expect(res.body.errors[0].message).toMatch(reason);
      expect(res.headers['www-authenticate']).toMatch(/^Bearer error="invalid_token"/);
    }
    for (const probe of ['/health', '/ready', '/metrics']) expect((await gw().get(probe)).status).toBe(200);
  });

  it('accepts API keys for BI tools, mapped to their principal', async () => {
    const res = await gw().post('/graphql').set('x-api-key', BI_KEY).send({ query: '{ contacts(first: 2) { email } }' });
    expect(res.status).toBe(200);
    expect(res.body.data.contacts.every((c: { email: string }) => c.email.includes('***'))).toBe(true);
  });

  it('verifies RS256 tokens against a JWKS and refuses algorithm confusion', async () => {
    const { publicKey, privateKey } = await generateKeyPair('RS256', { extractable: true });
    const jwksFile = path.join(tmp, 'jwks.json');
    fs.writeFileSync(jwksFile, JSON.stringify({ keys: [{ ...(await exportJWK(publicKey)), kid: 'k1', alg: 'RS256' }] }));
    const g = await startGateway(readGatewayConfig({ ...TEST_ENV, LOG_LEVEL: 'silent', JWT_SECRET: '', JWT_JWKS_FILE: jwksFile, GATEWAY_PORT: '0', REGISTRY_URL: mesh.registry.url, POLICY_DIR: policyDir }));
    extraGateways.push(g);
    await until('supergraph and policy', async () => (await request(g.url).get('/ready')).status === 200);
    const rs = await new SignJWT({ roles: ['exec'] }).setProtectedHeader({ alg: 'RS256', kid: 'k1' }).setSubject('sso-user').setIssuer('dpg').setAudience('data-product-gateway').setExpirationTime('5m').sign(privateKey);
    const ok = await request(g.url).post('/graphql').set('authorization', `Bearer ${rs}`).send({ query: '{ accounts(first: 1) { id } }' });
    expect(ok.status).toBe(200);
    expect(ok.body.data.accounts).toHaveLength(1);
    // The classic confusion attack: an HS256 token keyed with the RSA public key.
    const pem = new TextEncoder().encode(await exportSPKI(publicKey));
    const forged = await new SignJWT({ roles: ['exec'] }).setProtectedHeader({ alg: 'HS256', kid: 'k1' }).setSubject('x').setIssuer('dpg').setAudience('data-product-gateway').setExpirationTime('5m').sign(pem);
    const refused = await request(g.url).post('/graphql').set('authorization', `Bearer ${forged}`).send({ query: '{ accounts(first: 1) { id } }' });
    expect(refused.status).toBe(401);
    expect(refused.body.errors[0].message).toMatch(/algorithm "HS256" is not accepted/);
  });

  it('lets subgraphs answer only the gateway: no token, a foreign key or another audience get 401', async () => {
    const sales = () => request(mesh.subgraphs.sales.graphqlUrl.replace(/\/graphql$/, '')).post('/graphql');
    const body = { query: '{ accounts(first: 1) { id } }' };
    expect((await sales().send(body)).status).toBe(401);
    const stranger = await loadSigner({});
    const claims = claimsOf({ subject: 'x', roles: ['exec'], scopes: [], attributes: {} });
    expect((await sales().set('authorization', `Bearer ${await stranger.sign(claims, 'sales', 60)}`).send(body)).status).toBe(401);
    const gatewayKey = await loadSigner({ privateJwk: TEST_ENV.GATEWAY_SIGNING_KEY });
    expect((await sales().set('authorization', `Bearer ${await gatewayKey.sign(claims, 'marketing', 60)}`).send(body)).status).toBe(401);
    const ok = await sales().set('authorization', `Bearer ${await gatewayKey.sign(claims, 'sales', 60)}`).send(body);
    expect(ok.status).toBe(200);
    expect(ok.body.data.accounts).toHaveLength(1);
  });

  it('enforces the policy inside the subgraph too (defense in depth), without hiding resolver errors', async () => {
    const signer = await loadSigner({ privateJwk: TEST_ENV.GATEWAY_SIGNING_KEY });
    const direct = async (roles: string[], query: string) =>
      request(mesh.subgraphs.sales.graphqlUrl.replace(/\/graphql$/, ''))
        .post('/graphql')
        .set('authorization', `Bearer ${await signer.sign(claimsOf({ subject: 'd', roles, scopes: [], attributes: {} }), 'sales', 60)}`)
        .send({ query });
    const denied = await direct(['analyst'], '{ opportunities(first: 2) { stage amount } }');
    expect(denied.body.data.opportunities.map((o: { amount: unknown }) => o.amount)).toEqual([null, null]);
    expect(denied.body.errors[0]).toMatchObject({ extensions: { code: 'FORBIDDEN', rule: 'tag-confidential' } });
    const masked = await direct(['analyst'], '{ contacts(first: 1) { email } }');
    expect(masked.body.data.contacts[0].email).toMatch(/\*\*\*@/);
    const nobody = await direct([], '{ accounts(first: 1) { id } }');
    expect(nobody.body.errors[0].extensions).toMatchObject({ code: 'FORBIDDEN', rule: 'default-deny' });
    const badInput = await direct(['exec'], '{ accounts(first: 100000) { id } }');
    expect(badInput.body.errors[0]).toMatchObject({ message: expect.stringContaining('"first" must be between'), extensions: { code: 'BAD_USER_INPUT' } });
    const sdl = await direct([], '{ _service { sdl } }');
    expect(sdl.body.data._service.sdl).toContain('type Account');
  });

  it('gives each role its own view of the same cross-domain query', async () => {
    const [analyst, sales, marketing, exec] = await Promise.all([
      gw().post('/graphql').set(await as(['analyst'])).send({ query: QUERY }),
      gw().post('/graphql').set(await as(['sales'], { region: 'EMEA' })).send({ query: QUERY }),
      gw().post('/graphql').set(await as(['marketing'])).send({ query: QUERY }),
      gw().post('/graphql').set(await as(['exec'])).send({ query: QUERY }),
    ]);
    const [{ n: total }] = await sql('sales', 'SELECT count(*) AS n FROM accounts');
    const [{ n: emea }] = await sql('sales', `SELECT count(*) AS n FROM accounts WHERE region = 'EMEA'`);

    // analyst: every account, emails masked, amounts denied, tickets readable
    expect(analyst.body.data.accounts).toHaveLength(total);
    const a0 = analyst.body.data.accounts.find((a: any) => a.contacts.length && a.opportunities.length);
    expect(a0.contacts[0].email).toMatch(/^.\*\*\*@/);
    expect(a0.opportunities[0]).toEqual({ amount: null, stage: expect.any(String) });
    expect(analyst.body.errors).toEqual([expect.objectContaining({ extensions: expect.objectContaining({ code: 'FORBIDDEN', coordinate: 'Opportunity.amount', rule: 'tag-confidential' }) })]);

    // sales rep in EMEA: only EMEA accounts, contact emails in clear, amounts visible
    expect(sales.body.errors).toBeUndefined();
    expect(sales.body.data.accounts).toHaveLength(emea);
    expect(sales.body.data.accounts.every((a: any) => a.region === 'EMEA')).toBe(true);
    expect(sales.body.data.accounts.flatMap((a: any) => a.contacts).every((c: any) => /^[a-z]+\.[a-z]+@/.test(c.email))).toBe(true);
    expect(sales.body.data.accounts.flatMap((a: any) => a.opportunities).every((o: any) => typeof o.amount === 'number')).toBe(true);

    // marketing: the sales list itself is not theirs
    expect(marketing.body.data).toBeNull();
    expect(marketing.body.errors[0].extensions).toMatchObject({ code: 'FORBIDDEN', coordinate: 'Query.accounts', rule: 'default-deny' });

    // exec: everything, personal data masked
    expect(exec.body.errors).toBeUndefined();
    expect(exec.body.data.accounts).toHaveLength(total);
    expect(exec.body.data.accounts.flatMap((a: any) => a.contacts).every((c: any) => c.email.includes('***'))).toBe(true);
  });

  it('filters rows in the database, on lists and on entities reached through another domain', async () => {
    const headers = await as(['sales'], { region: 'APAC' });
    const list = await gw().post('/graphql').set(headers).send({ query: '{ opportunities(first: 500) { id region } contacts(first: 500) { id } }' });
    const [{ n: opps }] = await sql('sales', `SELECT count(*) AS n FROM opportunities WHERE region = 'APAC'`);
    const [{ n: contacts }] = await sql('sales', `SELECT count(*) AS n FROM contacts c JOIN accounts a ON a.id = c.account_id WHERE a.region = 'APAC'`);
    expect(list.body.data.opportunities).toHaveLength(opps);
    expect(list.body.data.opportunities.every((o: { region: string }) => o.region === 'APAC')).toBe(true);
    expect(list.body.data.contacts).toHaveLength(contacts);

    // Tickets belong to customer-success and follow their account: only the rep's region's tickets, each with its account (resolved by sales).
    const viaTickets = await gw().post('/graphql').set(headers).send({ query: '{ tickets(first: 500) { id account { id region } } }' });
    const tickets = viaTickets.body.data.tickets as { id: string; account: { id: string; region: string } | null }[];
    const apac = new Set((await sql<{ id: string }>('sales', `SELECT id FROM accounts WHERE region = 'APAC'`)).map((r) => r.id));
    const owner = Object.fromEntries((await sql<{ id: string; account_id: string }>('customer-success', 'SELECT id, account_id FROM tickets')).map((t) => [t.id, t.account_id]));
    expect(tickets.map((t) => t.id).sort()).toEqual(Object.keys(owner).filter((id) => apac.has(owner[id])).sort());
    for (const t of tickets) expect(t.account).toEqual({ id: owner[t.id], region: 'APAC' });
    expect(tickets.length).toBeGreaterThan(5);
  });

  it('masks with each strategy: partial, keyed hash, year-only', async () => {
    const lead = await gw().post('/graphql').set(await as(['marketing'])).send({ query: '{ leads(first: 3) { id email } }' });
    const raw = new Map((await sql<{ id: string; email: string }>('marketing', 'SELECT id, email FROM leads')).map((r) => [r.id, r.email]));
    for (const l of lead.body.data.leads) {
      const expected = `h:${createHmac('sha256', 'dpg-development-mask-key').update(raw.get(l.id)!).digest('base64url').slice(0, 22)}`;
      expect(l.email).toBe(expected);
    }
    const again = await gw().post('/graphql').set(await as(['marketing'])).send({ query: '{ leads(first: 3) { email } }' });
    expect(again.body.data.leads.map((l: { email: string }) => l.email)).toEqual(lead.body.data.leads.map((l: { email: string }) => l.email));

    const players = await gw().post('/graphql').set(await as(['analyst'])).send({ query: '{ players(first: 3) { id email dateOfBirth } }' });
    const births = new Map((await sql<{ id: string; date_of_birth: string }>('gameplay', 'SELECT id, date_of_birth FROM players')).map((r) => [r.id, r.date_of_birth]));
    for (const p of players.body.data.players) {
      expect(p.email).toMatch(/^.\*\*\*@/);
      expect(p.dateOfBirth).toBe(`${births.get(p.id)!.slice(0, 4)}-01-01`);
    }
  });

  it('asks no subgraph anything when every requested field is denied', async () => {
    const before = await subgraphRequests(mesh);
    const res = await gw().post('/graphql').set(await as(['marketing'])).send({ query: '{ accounts { name } tickets { status } }' });
    expect(res.status).toBe(200);
    // Both root fields are non-null lists, so their nulls null `data` itself, as GraphQL requires.
    expect(res.body.data).toBeNull();
    expect(res.body.errors.map((e: any) => e.extensions.coordinate)).toEqual(['Query.accounts', 'Query.tickets']);
    expect(await subgraphRequests(mesh)).toBe(before);
  });

  it('records denials and clear reads of personal data in the audit trail, readable by governance', async () => {
    const subject = `audited-${Date.now()}`;
    const token = await tokenFor(['analyst'], {}, [], subject);
    await gw().post('/graphql').set('authorization', `Bearer ${token}`).send({ query: 'query AuditMe { opportunities(first: 1) { amount } }' });
    const rep = await tokenFor(['sales'], { region: 'EMEA' }, [], `${subject}-rep`);
    await gw().post('/graphql').set('authorization', `Bearer ${rep}`).send({ query: 'query ReadContacts { contacts(first: 1) { email } }' });
    await mesh.gateway.audit.flush();
    const events = async (who: string) =>
      (await gw().post('/graphql').set(await as(['governance'])).send({ query: 'query($s: String) { auditEvents(first: 100, filter: { subject: $s }) { operationName coordinate decision rule source policyVersion roles path } }', variables: { s: who } })).body.data.auditEvents;
    expect(await events(subject)).toEqual([
      { operationName: 'AuditMe', coordinate: 'Opportunity.amount', decision: 'DENY', rule: 'tag-confidential', source: 'gateway', policyVersion: mesh.gateway.policy.current!.version, roles: ['analyst'], path: 'opportunities.0.amount' },
    ]);
    expect(await events(`${subject}-rep`)).toEqual([expect.objectContaining({ operationName: 'ReadContacts', coordinate: 'Contact.email', decision: 'ALLOW', rule: 'sales-own-region', source: 'sales' })]);
    // The trail is governance's: other roles cannot read it.
    const analyst = await gw().post('/graphql').set(await as(['analyst'])).send({ query: '{ auditEvents { id } }' });
    expect(analyst.body.errors[0].extensions).toMatchObject({ code: 'FORBIDDEN', rule: 'default-deny' });
  });

  it('lets only the gateway write audit events, and refuses malformed batches without storing any', async () => {
    const audit = () => request(mesh.subgraphs.governance.url).post('/audit');
    const signer = await loadSigner({ privateJwk: TEST_ENV.GATEWAY_SIGNING_KEY });
    const as = async (roles: string[]) => `Bearer ${await signer.sign(claimsOf({ subject: 'x', roles, scopes: [], attributes: {} }), 'governance', 60)}`;
    const event = { at: new Date().toISOString(), subject: 'forger', roles: [], coordinate: 'Account.name', decision: 'deny', rule: 'r', policyVersion: 'v', source: 'gateway' };
    const count = async () => (await sql<{ n: number }>('governance', `SELECT count(*) AS n FROM audit_events WHERE subject = 'forger'`))[0].n;
    expect((await audit().send({ events: [event] })).status).toBe(401);
    expect((await audit().set('authorization', await as(['exec'])).send({ events: [event] })).status).toBe(403);
    const gatewayAuth = await as(['gateway']);
    const bad = await audit().set('authorization', gatewayAuth).send({ events: [event, { ...event, decision: 'maybe' }] });
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0].message).toBe('events[1].decision must be "deny" or "allow"');
    expect((await audit().set('authorization', gatewayAuth).send({ events: [] })).status).toBe(400);
    expect(await count()).toBe(0);
    expect((await audit().set('authorization', gatewayAuth).send({ events: [event] })).status).toBe(201);
    expect(await count()).toBe(1);
  });

  it('passes the demo policy\'s test cases against the live mesh', async () => {
    const cases = loadCases('policies/tests');
    expect(cases.length).toBeGreaterThan(3);
    const policy = mesh.gateway.policy.current!;
    const schema = mesh.gateway.runtime.current!.apiSchema;
    for (const c of cases) {
      const res = await gw().post('/graphql').set('authorization', `Bearer ${await tokenFor(c.principal.roles, c.principal.attributes, c.principal.scopes)}`).send({ query: c.query });
      expect(checkResponse(c, policy, schema, res.body), `${c.name} (${c.file}:${c.line})`).toEqual([]);
    }
  });

  it('masks or denies every pii-tagged field of the live supergraph for principals without pii:read', async () => {
    const schema = mesh.gateway.runtime.current!.apiSchema;
    const piiFields = [...mesh.gateway.policy.current!.facts.types.values()].flatMap((fields) => [...fields.values()]).filter((f) => f.tags.includes('pii'));
    expect(piiFields.length).toBeGreaterThanOrEqual(7);
    for (const f of piiFields) {
      const query = pathQuery(schema, f.type, f.field);
      expect(query, `no root path reaches ${f.coordinate}`).toBeDefined();
      for (const roles of [['analyst'], ['exec'], ['marketing'], ['governance'], []]) {
        const res = await gw().post('/graphql').set(await as(roles)).send({ query: query!.text });
        const values = valuesAt(res.body.data, query!.path);
        const denied = (res.body.errors ?? []).some((e: any) => e.extensions?.code === 'FORBIDDEN');
        const masked = values.filter((v) => v !== null).every((v) => typeof v === 'string' && (v.includes('***') || v.startsWith('h:') || v === '[REDACTED]' || /^\d{4}-01-01/.test(v)));
        expect(denied || masked, `${f.coordinate} for [${roles}] returned ${JSON.stringify(values.slice(0, 2))}`).toBe(true);
      }
    }
  });

  it('reloads a changed policy within seconds, everywhere, without a restart', async () => {
    const before = mesh.gateway.policy.current!.version;
    fs.writeFileSync(
      path.join(policyDir, 'auditors.yaml'),
      'grants:\n  - id: auditors-redacted\n    to: { roles: [auditor] }\n    read: [{ subgraph: sales }]\n    masks: { pii: redact }\n  - id: auditors-nulled\n    to: { roles: [auditor] }\n    read: [{ subgraph: gameplay }]\n    masks: { pii: null }\n',
    );
    await until('gateway reload', async () => mesh.gateway.policy.current!.version !== before);
    const query = { query: '{ contacts(first: 2) { email } players(first: 2) { email } }' };
    await until('subgraphs reload', async () => {
      const res = await gw().post('/graphql').set(await as(['auditor'])).send(query);
      return res.body.data?.contacts?.[0]?.email === '[REDACTED]' && res.body.data?.players?.[0]?.email === null && !res.body.errors;
    });
    const res = await gw().post('/graphql').set(await as(['auditor'])).send(query);
    expect(res.body.data).toEqual({ contacts: [{ email: '[REDACTED]' }, { email: '[REDACTED]' }], players: [{ email: null }, { email: null }] });
  });

  it('refuses an invalid policy with file:line problems and keeps enforcing the last valid one', async () => {
    const valid = mesh.gateway.policy.current!.version;
    const broken = path.join(policyDir, 'broken.yaml');
    fs.writeFileSync(broken, 'grants:\n  - id: oops\n    to: { roles: [analyst] }\n    read:\n      - field: Account.shoeSize\n');
    try {
      await until('refusal', async () => (await gw().get('/ready')).body.policy.rejected !== null);
      const ready = (await gw().get('/ready')).body;
      expect(ready.policy.rejected.problems).toEqual([expect.objectContaining({ file: expect.stringContaining('broken.yaml'), line: 5, message: 'unknown field "Account.shoeSize"' })]);
      expect(ready.policy.version).toBe(valid);
      expect(mesh.gateway.policy.current!.version).toBe(valid);
      const res = await gw().post('/graphql').set(await as(['analyst'])).send({ query: '{ contacts(first: 1) { email } }' });
      expect(res.body.data.contacts[0].email).toMatch(/\*\*\*/);
    } finally {
      fs.rmSync(broken);
    }
  });

  it('explains a request for governance, and only for governance', async () => {
    const body = { query: '{ contacts(first: 1) { email title } }', principal: { roles: ['analyst'] } };
    const res = await gw().post('/admin/explain').set(await as(['governance'])).send(body);
    expect(res.status).toBe(200);
    expect(res.body.fields).toEqual(expect.arrayContaining([expect.objectContaining({ path: 'contacts.email', decision: 'mask', mask: 'partial', rule: 'tag-pii' })]));
    expect((await gw().post('/admin/explain').set(await as(['analyst'])).send(body)).status).toBe(403);
    expect((await gw().post('/admin/explain').send(body)).status).toBe(401);
    expect((await gw().post('/admin/explain').set(await as(['governance'])).send({ query: '{ nope' })).status).toBe(400);
  });
});

/** The shortest query from a root field (without required arguments) to Type.field. */
function pathQuery(schema: GraphQLSchema, type: string, field: string): { text: string; path: string } | undefined {
  const queue: { type: GraphQLObjectType; path: string[] }[] = [{ type: schema.getQueryType()!, path: [] }];
  const seen = new Set<string>();
  while (queue.length) {
    const { type: t, path } = queue.shift()!;
    if (t.name === type) {
      const text = [...path, field].reduceRight((inner, key, i) => (i === path.length ? key : `${key} { ${inner} }`), '');
      return { text: `{ ${text} }`, path: [...path, field].join('.') };
    }
    if (seen.has(t.name)) continue;
    seen.add(t.name);
    for (const f of Object.values(t.getFields())) {
      if (f.args.some((a) => isNonNullType(a.type) && a.defaultValue === undefined)) continue;
      const named = getNamedType(f.type);
      if (isObjectType(named)) queue.push({ type: named, path: [...path, f.name] });
    }
  }
  return undefined;
}
