/**
 * Derived data products inherit their inputs' classification, as the
 * registry holds publishes to it: a derived field tagged weaker than its most
 * sensitive input is refused whichever side publishes last, and nothing is
 * stored; a reviewed declassification in the access policy lets it pass only
 * when its condition holds; the catalog shows lineage both ways.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import request from 'supertest';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { readRegistryConfig } from '../../schema-registry/config.ts';
import { startRegistry, type RunningRegistry } from '../../schema-registry/server.ts';
import { describeMesh, testEnvironment } from '../support/mesh.ts';

const ADMIN = { authorization: 'Bearer dev-admin-token' };
const LINK = 'extend schema @link(url: "https://specs.apollo.dev/federation/v2.7", import: ["@key", "@tag"])';

const ledger = {
  url: 'http://ledger.test/graphql',
  sdl: `${LINK}
"Spend in one month." type Spend @key(fields: "id") { "Stable id." id: ID! "The month, YYYY-MM." month: String! "What was spent, in US dollars." amount: Float @tag(name: "confidential") }
type Query { "Every month of spend." spends: [Spend!]! }`,
  dataProduct: {
    apiVersion: 'dpg/v1',
    domain: 'ledger',
    team: 'finance-ops',
    products: [{ id: 'ledger.spend', name: 'Spend', status: 'active', purpose: 'Monthly spend, for the lineage tests.', types: ['Spend'], sla: { freshness: 'PT1H' }, classification: 'internal', fields: { 'Spend.amount': 'confidential' } }],
  },
};

/**
 * A derived subgraph `name` with one type whose `total` is computed from
 * `input` and tagged `tag`. Each test uses names of its own: retagging a live
 * field is a policy-impact matter, which these tests leave alone.
 */
const derived = (name: string, tag: string, input = 'Spend.amount', product: object = {}) => {
  const type = name[0].toUpperCase() + name.slice(1);
  return {
    url: `http://${name}.test/graphql`,
    sdl: `${LINK}
"Spend per quarter." type ${type} @key(fields: "id") { "Stable id." id: ID! "The quarter, YYYY-Qn." quarter: String! "Spend in the quarter, in US dollars." total: Float @tag(name: "${tag}") }
type Query { "Every quarter." ${name}: [${type}!]! }`,
    dataProduct: {
      apiVersion: 'dpg/v1',
      domain: name,
      team: 'bi-team',
      products: [
        {
          id: `${name}.quarters`,
          name: `${type} per quarter`,
          status: 'active',
          purpose: 'Spend per quarter, derived from the ledger.',
          types: [type],
          sla: { freshness: 'PT1H' },
          classification: 'internal',
          fields: { [`${type}.total`]: tag },
          lineage: { [`${type}.total`]: [input], [`${type}.quarter`]: ['Spend.month'] },
          ...product,
        },
      ],
    },
  };
};

describeMesh('registry: lineage and inherited classification', () => {
  let registry: RunningRegistry;
  let drop: () => Promise<void>;
  let policiesDir: string;
  const api = () => request(registry.url);
  const publish = (name: string, body: object) => api().post(`/subgraphs/${name}`).set(ADMIN).send(body);
  // Refusals are read from a check (200, findings); a refused publish is judged by its status and by what it stored.
  const check = (name: string, body: object) => api().post(`/subgraphs/${name}/check`).set(ADMIN).send(body);
  const live = async () => (await api().get('/subgraphs')).body.map((v: { subgraph: string; version: number }) => `${v.subgraph}@${v.version}`);
  const lineageFindings = (body: { findings?: { check: string }[] }) => (body.findings ?? []).filter((f) => f.check === 'lineage');

  beforeAll(async () => {
    // The governance folder the registry reads: this repository's, plus declassifications the tests add.
    policiesDir = fs.mkdtempSync(path.join(os.tmpdir(), 'dpg-lineage-'));
    fs.cpSync('policies/rules', path.join(policiesDir, 'rules'), { recursive: true });
    fs.copyFileSync('policies/lint.yaml', path.join(policiesDir, 'lint.yaml'));
    const t = await testEnvironment({ REGISTRY_PORT: '0', REGISTRY_POLICIES_DIR: policiesDir });
    drop = t.drop;
    registry = await startRegistry(readRegistryConfig(t.env));
  });
  afterAll(async () => {
    await registry?.close();
    await drop?.();
    fs.rmSync(policiesDir, { recursive: true, force: true });
  });

  it('refuses a derived field tagged weaker than its input whichever side publishes last, and stores nothing', async () => {
    // A derived product whose input is not published yet: only a warning, checked again when it is.
    const early = await publish('insights', derived('insights', 'internal', 'Payment.amount'));
    expect(early.status).toBe(201);
    expect(lineageFindings(early.body)).toEqual([
      expect.objectContaining({ severity: 'warning', code: 'LINEAGE_INPUT_UNPUBLISHED', coordinate: 'Insights.total' }),
      expect.objectContaining({ severity: 'warning', code: 'LINEAGE_INPUT_UNPUBLISHED', coordinate: 'Insights.quarter' }),
    ]);

    // Publishing the confidential input now would leave the live derived field weaker than it.
    const payments = { ...ledger, url: 'http://payments.test/graphql', sdl: ledger.sdl.replace(/Spend/g, 'Payment').replace('spends', 'payments'), dataProduct: { ...ledger.dataProduct, domain: 'payments', products: [{ ...ledger.dataProduct.products[0], id: 'payments.all', types: ['Payment'], fields: { 'Payment.amount': 'confidential' } }] } };
    const before = await live();
    const input = await check('payments', payments);
    expect(input.body.ok).toBe(false);
    expect(lineageFindings(input.body)).toEqual([
      expect.objectContaining({ severity: 'error', code: 'CLASSIFICATION_WEAKER_THAN_INPUTS', coordinate: 'Insights.total', message: expect.stringContaining('computed from Payment.amount (confidential, payments.all)'), fix: expect.stringContaining('in insights') }),
    ]);
    const refused = await publish('payments', payments);
    expect(refused.status).toBe(422);
    // The refusing findings are the reply's GraphQL-shaped errors, each with its code.
    expect(refused.body.errors).toContainEqual(expect.objectContaining({ message: expect.stringContaining('Insights.total'), extensions: { code: 'CLASSIFICATION_WEAKER_THAN_INPUTS' } }));
    expect(await live()).toEqual(before);

    // The other way round: the input is live, the derived product comes second.
    expect((await publish('ledger', ledger)).status).toBe(201);
    const weaker = derived('costs', 'internal');
    expect(lineageFindings((await check('costs', weaker)).body)).toEqual([
      expect.objectContaining({
        severity: 'error',
        code: 'CLASSIFICATION_WEAKER_THAN_INPUTS',
        message: 'Costs.total (costs.quarters) is classified internal, but it is computed from Spend.amount (confidential, ledger.spend): a derived field is at least as sensitive as its most sensitive input.',
      }),
    ]);
    const again = await live();
    expect((await publish('costs', weaker)).status).toBe(422);
    expect(await live()).toEqual(again);
    // Tagged as its input, it passes.
    const inherited = await publish('costs', derived('costs', 'confidential'));
    expect(inherited.status).toBe(201);
    expect(lineageFindings(inherited.body)).toEqual([]);
  });

  it('lets it pass with a reviewed declassification, only when the product meets its condition', async () => {
    const file = path.join(policiesDir, 'rules', 'declassify.yaml');
    fs.writeFileSync(
      file,
      'declassify:\n  - id: quarterly-totals\n    field: Digest.total\n    to: internal\n    reason: A quarter sums at least twelve payments, so no single payment shows.\n    when: { minGroupSize: 12 }\n',
    );
    try {
      expect(lineageFindings((await check('digest', derived('digest', 'internal'))).body)).toEqual([
        expect.objectContaining({ severity: 'error', code: 'DECLASSIFICATION_CONDITION_UNMET', policy: { file: expect.stringMatching(/declassify\.yaml$/), line: 2, rule: 'quarterly-totals' }, message: expect.stringMatching(/declares no minGroupSize/) }),
      ]);
      expect((await publish('digest', derived('digest', 'internal'))).status).toBe(422);
      expect(lineageFindings((await check('digest', derived('digest', 'public', 'Spend.amount', { minGroupSize: 12 }))).body)).toEqual([
        expect.objectContaining({ severity: 'error', code: 'CLASSIFICATION_BELOW_DECLASSIFICATION' }),
      ]);

      const met = await publish('digest', derived('digest', 'internal', 'Spend.amount', { minGroupSize: 12 }));
      expect(met.status).toBe(201);
      expect(lineageFindings(met.body)).toEqual([expect.objectContaining({ severity: 'info', code: 'DECLASSIFIED', coordinate: 'Digest.total', message: expect.stringContaining('A quarter sums at least twelve payments') })]);
    } finally {
      fs.rmSync(file);
    }
    // Without the declassification the live product would be refused as it stands.
    const without = await check('digest', derived('digest', 'internal', 'Spend.amount', { minGroupSize: 12 }));
    expect(without.body.ok).toBe(false);
    expect(lineageFindings(without.body)).toEqual([expect.objectContaining({ severity: 'error', code: 'CLASSIFICATION_WEAKER_THAN_INPUTS' })]);
  });

  it('shows lineage both ways in the catalog: what a product is built from, and what is built from it', async () => {
    const catalog = (await api().get('/catalog')).body as { id: string; builtFrom: string[]; feeds: string[]; fields: { field: string; derivedFrom: string[] }[] }[];
    const byId = (id: string) => catalog.find((p) => p.id === id)!;
    expect([byId('costs.quarters').builtFrom, byId('costs.quarters').feeds]).toEqual([['ledger.spend'], []]);
    expect([byId('ledger.spend').builtFrom, byId('ledger.spend').feeds]).toEqual([[], ['costs.quarters', 'digest.quarters', 'insights.quarters']]);
    expect(byId('costs.quarters').fields.map((f) => [f.field, f.derivedFrom])).toEqual([
      ['id', []],
      ['quarter', ['Spend.month']],
      ['total', ['Spend.amount']],
    ]);
  });

  it('refuses a malformed lineage as bad input', async () => {
    const bad = derived('broken', 'confidential', 'Spend.amount', { lineage: { total: 'Spend.amount' } });
    const before = await live();
    const res = await publish('broken', bad);
    expect(res.status).toBe(400);
    expect(res.body.errors[0]).toMatchObject({ message: expect.any(String), extensions: { code: expect.any(String) } });
    expect(JSON.stringify(res.body)).toContain('lineage field \\"total\\" must be written Type.field');
    expect(JSON.stringify(res.body)).toContain('lineage of \\"total\\" must list at least one input');
    expect(await live()).toEqual(before);
    expect((await api().get('/ready')).body.ready).toBe(true);
  });
});
