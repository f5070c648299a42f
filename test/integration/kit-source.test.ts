/**
 * A domain loaded from a folder outside subgraphs/ whose data comes from a
 * function the domain wrote (test/fixtures/domains/fx-rates): one call per
 * request with every key asked for, and the policy applied as to table rows
 * — row conditions, masks and denials.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import request from 'supertest';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { loadSigner } from '../../platform/tokens.ts';
import { callClaims } from '../../policies/callClaims.ts';
import { readSubgraphConfig } from '../../subgraphs/kit/config.ts';
import { loadDomain } from '../../subgraphs/kit/loadDomain.ts';
import { startSubgraph, type RunningSubgraph } from '../../subgraphs/kit/server.ts';
import { calls } from '../fixtures/domains/fx-rates/index.ts';
import { describeMesh, testEnvironment } from '../support/mesh.ts';

const FIXTURE = 'test/fixtures/domains/fx-rates';
const POLICY = `grants:
  - id: analysts-read-rates
    to: { roles: [analyst] }
    read:
      - subgraph: fx-rates
  - id: emea-desk-reads-emea-rates
    to: { roles: [emea-desk] }
    read:
      - subgraph: fx-rates
    rows:
      ExchangeRate: { region: EMEA }
`;

describeMesh('a domain whose data comes from a function', () => {
  let tmp: string;
  let subgraph: RunningSubgraph;
  let drop: () => Promise<void>;
  let sign: (roles: string[], scopes?: string[]) => Promise<string>;

  beforeAll(async () => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'dpg-source-'));
    const policyDir = path.join(tmp, 'rules');
    fs.cpSync('policies/rules', policyDir, { recursive: true });
    fs.writeFileSync(path.join(policyDir, 'fx-rates.yaml'), POLICY);
    const signer = await loadSigner({});
    fs.writeFileSync(path.join(tmp, 'jwks.json'), JSON.stringify(signer.jwks));
    sign = (roles, scopes = []) => signer.sign(callClaims({ principal: { subject: `u-${roles.join('-')}`, roles, scopes, attributes: {} } }), 'fx-rates', 3600);
    const environment = await testEnvironment({ SUBGRAPH_PORT: '0', POLICY_DIR: policyDir, GATEWAY_JWKS_FILE: path.join(tmp, 'jwks.json') });
    drop = environment.drop;
    subgraph = await startSubgraph(await loadDomain(FIXTURE), readSubgraphConfig(environment.env), { publish: false });
  });
  afterAll(async () => {
    await subgraph?.close();
    await drop?.();
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  const ask = async (roles: string[], query: string, scopes: string[] = []) =>
    (await request(subgraph.url).post('/graphql').set('authorization', `Bearer ${await sign(roles, scopes)}`).send({ query })).body;

  it('is loaded from its folder, wherever that is', () => {
    expect(subgraph.name).toBe('fx-rates');
    expect(subgraph.sdl).toContain('type ExchangeRate');
  });

  it('calls the function once per request, with every key the request asked for', async () => {
    calls.length = 0;
    const body = await ask(['analyst'], '{ a: rate(code: "EUR") { code name } b: rate(code: "JPY") { code } c: rate(code: "XXX") { code } d: rate(code: "EUR") { region } }');
    expect(body.errors).toBeUndefined();
    expect(body.data).toEqual({ a: { code: 'EUR', name: 'Euro' }, b: { code: 'JPY' }, c: null, d: { region: 'EMEA' } });
    expect(calls).toEqual([['EUR', 'JPY', 'XXX']]);

    calls.length = 0;
    const entities = await ask(['analyst'], '{ _entities(representations: [{ __typename: "ExchangeRate", code: "GBP" }, { __typename: "ExchangeRate", code: "BRL" }]) { ... on ExchangeRate { name } } }');
    expect(entities.data._entities).toEqual([{ name: 'Pound sterling' }, { name: 'Real' }]);
    expect(calls).toEqual([['GBP', 'BRL']]);
  });

  it('applies the policy to its rows: confidential denied, personal data masked, unknown roles denied', async () => {
    const analyst = await ask(['analyst'], '{ rate(code: "EUR") { code rate desk } }');
    expect(analyst.data.rate.code).toBe('EUR');
    expect(analyst.data.rate.rate).toBeNull();
    expect(analyst.errors.map((e: any) => e.extensions.code)).toEqual(['FORBIDDEN']);
    expect(analyst.data.rate.desk).toEqual(expect.any(String));
    expect(analyst.data.rate.desk).not.toBe('eur.desk@bank.example');
    // With the scope personal data needs, the desk is in clear; the rate is still confidential.
    expect((await ask(['analyst'], '{ rate(code: "EUR") { desk } }', ['pii:read'])).data.rate.desk).toBe('eur.desk@bank.example');

    const stranger = await ask(['nobody'], '{ rates { code } }');
    expect(stranger.data).toBeNull();
    expect(stranger.errors[0].extensions.code).toBe('FORBIDDEN');
  });

  it('applies row conditions: a role limited to EMEA sees EMEA rates only, in lists and by key', async () => {
    const desk = await ask(['emea-desk'], '{ rates { code } jpy: rate(code: "JPY") { code } eur: rate(code: "EUR") { code } }');
    expect(desk.errors).toBeUndefined();
    expect(desk.data).toEqual({ rates: [{ code: 'EUR' }, { code: 'GBP' }], jpy: null, eur: { code: 'EUR' } });
    const analyst = await ask(['analyst'], '{ rates(first: 2, after: "EUR") { code } }');
    expect(analyst.data.rates).toEqual([{ code: 'GBP' }, { code: 'JPY' }]);
  });
});
