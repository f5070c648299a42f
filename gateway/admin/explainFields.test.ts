/**
 * `POST /explain/fields` on a real gateway serving the repository's own
 * supergraph and demo policy (no subgraph needs to run: explaining reads the
 * policy, never data).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { composeServices } from '@apollo/composition';
import { parse } from 'graphql';
import { exportJWK, generateKeyPair } from 'jose';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { domains } from '../../subgraphs/index.ts';
import { domainFiles } from '../../subgraphs/kit/domain.ts';
import { readGatewayConfig } from '../config.ts';
import { hashKey, newApiKey } from '../identity/apiKeys.ts';
import { mintDevToken } from '../identity/devTokens.ts';
import { startGateway, type RunningGateway } from '../server.ts';
import { MAX_COORDINATES } from './explainFields.ts';

const SECRET = 'explain-fields-test-secret';
const BI_KEY = newApiKey();

async function as(roles: string[], attributes: Record<string, string> = {}, scopes: string[] = []) {
  return { authorization: `Bearer ${await mintDevToken(SECRET, { subject: `user-${roles.join('-')}`, roles, scopes, attributes })}` };
}

describe('POST /explain/fields', () => {
  let tmp: string;
  const gateways: RunningGateway[] = [];
  let gw: RunningGateway;

  async function start(env: Record<string, string> = {}): Promise<RunningGateway> {
    const g = await startGateway(
      readGatewayConfig({ SUPERGRAPH_FILE: path.join(tmp, 'supergraph.graphql'), JWT_SECRET: SECRET, DATA_DIR: 'memory', GATEWAY_PORT: '0', LOG_LEVEL: 'silent', RESPONSE_CACHE: 'off', ...env }),
      { apiKeys: [{ id: 'bi', sha256: hashKey(BI_KEY), principal: { subject: 'bi-tool', roles: ['analyst'], scopes: [], attributes: {} } }] },
    );
    gateways.push(g);
    const deadline = Date.now() + 20_000;
    while (!(g.runtime.current && g.policy.current) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 25));
    return g;
  }

  beforeAll(async () => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'dpg-explain-fields-'));
    const composed = composeServices(domains.map((d) => ({ name: d.name, url: `http://127.0.0.1:9/${d.name}`, typeDefs: parse(fs.readFileSync(domainFiles(d).schema, 'utf8')) })));
    fs.writeFileSync(path.join(tmp, 'supergraph.graphql'), composed.supergraphSdl!);
    gw = await start();
  });
  afterAll(async () => {
    for (const g of gateways) await g.close();
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  const explain = async (body: unknown, headers: Record<string, string> = {}) => request(gw.url).post('/explain/fields').set(headers).send(body as object);

  it("explains the caller's own decisions: mask, denial, clear, each with its rule and the policy's reason", async () => {
    const res = await explain({ coordinates: ['Contact.email', 'Opportunity.amount', 'Account.name', 'Query.accounts'] }, await as(['analyst']));
    expect(res.status).toBe(200);
    expect(res.headers['cache-control']).toBe('private, no-store');
    expect(res.body.principal).toMatchObject({ subject: 'user-analyst', roles: ['analyst'] });
    expect(res.body.policyVersion).toBe(gw.policy.current!.version);
    const by = Object.fromEntries(res.body.decisions.map((d: { coordinate: string }) => [d.coordinate, d]));
    expect(by['Contact.email']).toMatchObject({ decision: 'mask', mask: 'partial', rule: 'tag-pii', reason: expect.stringMatching(/Personal data is masked/) });
    expect(by['Opportunity.amount']).toMatchObject({ decision: 'deny', mask: null, rule: 'tag-confidential', reason: expect.stringMatching(/Deal values/) });
    expect(by['Account.name']).toMatchObject({ decision: 'allow', rule: 'analyst-reads-all-products' });
    // The same decisions the policy engine makes for the same principal.
    const policy = gw.policy.current!;
    for (const d of res.body.decisions) {
      const expected = policy.decide(res.body.principal, d.coordinate);
      expect({ decision: d.decision, mask: d.mask, rule: d.rule }).toEqual({ decision: expected.effect, mask: expected.mask, rule: expected.rule });
    }
  });

  it("shows the rows of each named type the caller sees, and none for the root type", async () => {
    const res = await explain({ coordinates: ['Account.name', 'Contact.email', 'Query.accounts'] }, await as(['sales'], { region: 'EMEA' }));
    expect(res.body.rows).toEqual(
      expect.arrayContaining([
        { type: 'Account', subgraph: 'sales', rows: 'region eq "EMEA"', rules: ['sales-own-region'] },
        // Contacts also follow their account (policies/rules/sales.yaml).
        { type: 'Contact', subgraph: 'sales', rows: '(region eq "EMEA" AND account visible (Account: region eq "EMEA"))', rules: ['sales-own-region'] },
      ]),
    );
    expect(res.body.rows.map((r: { type: string }) => r.type)).not.toContain('Query');
    expect(res.body.decisions.find((d: { coordinate: string }) => d.coordinate === 'Contact.email')).toMatchObject({ decision: 'allow' });
  });

  it('denies what no grant covers, and unknown fields, by default', async () => {
    const res = await explain({ coordinates: ['Account.name', 'Nope.nothing'] }, await as(['marketing-intern']));
    expect(res.body.decisions).toEqual([
      { coordinate: 'Account.name', decision: 'deny', mask: null, rule: 'default-deny', reason: expect.stringMatching(/denied by default/) },
      { coordinate: 'Nope.nothing', decision: 'deny', mask: null, rule: 'default-deny', reason: expect.stringMatching(/denied by default/) },
    ]);
  });

  it('says who the caller is when asked about nothing, for an API key as for a token', async () => {
    const res = await explain({ coordinates: [] }, await as(['governance'], {}, ['pii:read']));
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ principal: { roles: ['governance'], scopes: ['pii:read'] }, decisions: [], rows: [] });
    const key = await explain({ coordinates: ['Contact.email'] }, { 'x-api-key': BI_KEY });
    expect(key.body).toMatchObject({ principal: { subject: 'bi-tool', roles: ['analyst'] }, decisions: [{ coordinate: 'Contact.email', decision: 'mask' }] });
  });

  it('explains another principal only for the governance and admin roles', async () => {
    const other = { coordinates: ['Contact.email'], principal: { subject: 'rita', roles: ['sales'], attributes: { region: 'EMEA' } } };
    const denied = await explain(other, await as(['analyst']));
    expect(denied.status).toBe(403);
    expect(denied.body.errors[0]).toMatchObject({ message: expect.stringContaining('governance'), extensions: { code: 'FORBIDDEN' } });
    expect(denied.text).not.toContain('"decisions"');
    // Several roles, one of them not governance, are still not enough without governance.
    expect((await explain(other, await as(['analyst', 'sales'], { region: 'EMEA' }))).status).toBe(403);
    for (const role of ['governance', 'admin']) {
      const res = await explain(other, await as([role]));
      expect(res.status, role).toBe(200);
      expect(res.body.principal).toEqual({ subject: 'rita', roles: ['sales'], scopes: [], attributes: { region: 'EMEA' } });
      expect(res.body.decisions[0]).toMatchObject({ coordinate: 'Contact.email', decision: 'allow', rule: 'sales-own-region' });
    }
  });

  it('answers 401 without a valid credential', async () => {
    const credentials: Record<string, string>[] = [{}, { authorization: 'Bearer not-a-token' }, { 'x-api-key': 'dpg_unknown' }];
    for (const headers of credentials) {
      const res = await explain({ coordinates: ['Contact.email'] }, headers);
      expect(res.status, JSON.stringify(headers)).toBe(401);
      expect(res.body.errors[0].extensions.code).toBe('UNAUTHENTICATED');
    }
  });

  it('refuses bad bodies with 400 and a reason, and stays healthy', async () => {
    const headers = await as(['governance']);
    const cases: [unknown, RegExp][] = [
      [{}, /coordinates/],
      [{ coordinates: 'Contact.email' }, /coordinates/],
      [{ coordinates: [42] }, /not a field coordinate/],
      [{ coordinates: ['Contact'] }, /not a field coordinate/],
      [{ coordinates: ['Contact.email.x'] }, /not a field coordinate/],
      [{ coordinates: ['{ contacts { email } }'] }, /not a field coordinate/],
      [{ coordinates: Array.from({ length: MAX_COORDINATES + 1 }, (_, i) => `T.f${i}`) }, new RegExp(`at most ${MAX_COORDINATES}`)],
      [{ coordinates: [], principal: 'gus' }, /principal.* must be an object/],
      [{ coordinates: [], principal: { roles: 'admin' } }, /principal.roles/],
      [{ coordinates: [], principal: { attributes: { region: 1 } } }, /principal.attributes/],
      [[1, 2], /coordinates/],
    ];
    for (const [body, reason] of cases) {
      const res = await explain(body, headers);
      expect(res.status, JSON.stringify(body).slice(0, 60)).toBe(400);
      expect(res.body.errors[0]).toMatchObject({ message: expect.stringMatching(reason), extensions: { code: 'BAD_REQUEST' } });
    }
    const malformed = await request(gw.url).post('/explain/fields').set(headers).set('content-type', 'application/json').send('{"coordinates": [');
    expect(malformed.status).toBe(400);
    expect(malformed.body.errors[0].extensions.code).toBe('BAD_REQUEST');
    const get = await request(gw.url).get('/explain/fields');
    expect(get.status).toBe(405);
    expect(get.body.errors[0].extensions.code).toBe('METHOD_NOT_ALLOWED');
    expect((await explain({ coordinates: ['Contact.email'] }, await as(['analyst']))).status).toBe(200);
  });
});

describe('GraphiQL in production mode', () => {
  it('is not served at / unless GRAPHIQL=on, and /graphql stays a GraphQL endpoint for browsers', async () => {
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'dpg-graphiql-prod-'));
    const composed = composeServices(domains.map((d) => ({ name: d.name, url: `http://127.0.0.1:9/${d.name}`, typeDefs: parse(fs.readFileSync(domainFiles(d).schema, 'utf8')) })));
    fs.writeFileSync(path.join(tmp, 'supergraph.graphql'), composed.supergraphSdl!);
    // Production refuses development defaults (platform/safety.ts): a real signing key and registry token.
    const { privateKey } = await generateKeyPair('EdDSA', { crv: 'Ed25519', extractable: true });
    const production = { DPG_ENV: 'production', GATEWAY_SIGNING_KEY: JSON.stringify(await exportJWK(privateKey)), REGISTRY_TOKEN: 'dpg_gateway_token' };
    const env = { SUPERGRAPH_FILE: path.join(tmp, 'supergraph.graphql'), JWT_SECRET: SECRET, DATA_DIR: 'memory', GATEWAY_PORT: '0', LOG_LEVEL: 'silent', ...production };
    const off = await startGateway(readGatewayConfig(env));
    const on = await startGateway(readGatewayConfig({ ...env, GRAPHIQL: 'on' }));
    try {
      const page = await request(off.url).get('/').set('accept', 'text/html');
      expect(page.status).toBe(404);
      expect(page.body.errors[0]).toMatchObject({ message: expect.stringContaining('GRAPHIQL=on'), extensions: { code: 'NOT_FOUND' } });
      // A browser at /graphql meets the endpoint itself: no credential, 401.
      const endpoint = await request(off.url).get('/graphql').set('accept', 'text/html');
      expect(endpoint.status).toBe(401);
      expect(endpoint.body.errors[0].extensions.code).toBe('UNAUTHENTICATED');
      expect((await request(on.url).get('/').set('accept', 'text/html')).status).not.toBe(404);
    } finally {
      await off.close();
      await on.close();
      fs.rmSync(tmp, { recursive: true, force: true });
    }
  });
});
