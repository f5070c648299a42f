/**
 * A kit subgraph on its own, as a domain team or federation tooling meets
 * it: federated traces (ftv1) on request, the gateway's key read from a
 * file, and the development trust switch — direct calls answered as a test
 * principal, still under the policy, and refused in production.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { pino } from 'pino';
import request from 'supertest';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Trace } from '@apollo/usage-reporting-protobuf';
import { SubgraphDataSource } from '../../gateway/subgraphs/dataSource.ts';
import { subgraphFieldTimings } from '../../gateway/subgraphs/fieldTimings.ts';
import { ConfigError } from '../../platform/config.ts';
import { createMetrics } from '../../platform/metrics.ts';
import { loadSigner } from '../../platform/tokens.ts';
import { callClaims } from '../../policies/callClaims.ts';
import sales from '../../subgraphs/sales/index.ts';
import { readSubgraphConfig, subgraphDevelopmentDefaults } from '../../subgraphs/kit/config.ts';
import { startSubgraph, type RunningSubgraph } from '../../subgraphs/kit/server.ts';
import { decodeTrace } from '../../subgraphs/kit/ftv1.ts';
import { describeMesh, testEnvironment } from '../support/mesh.ts';

const exec = { subject: 'test-exec', roles: ['exec'], scopes: ['pii:read'], attributes: {} };

/** Every node of a trace with its response path, e.g. `accounts.0.contacts`. */
function fieldNodes(trace: Trace): { path: string; node: Trace.INode }[] {
  const out: { path: string; node: Trace.INode }[] = [];
  const walk = (node: Trace.INode, at: string) => {
    for (const child of node.child ?? []) {
      const name = child.responseName ? child.responseName : String(child.index);
      const p = at ? `${at}.${name}` : name;
      if (child.responseName) out.push({ path: p, node: child });
      walk(child, p);
    }
  };
  walk(trace.root!, '');
  return out;
}

describeMesh('a kit subgraph on its own', () => {
  let tmp: string;
  let drops: (() => Promise<void>)[] = [];
  const running: RunningSubgraph[] = [];
  let strict: RunningSubgraph;
  let dev: RunningSubgraph;
  let token: string;
  let strangerToken: string;
  const logged: string[] = [];

  const start = async (extra: Record<string, string>, logger?: pino.Logger) => {
    const { env, drop } = await testEnvironment({ SUBGRAPH_PORT: '0', ...extra });
    drops.push(drop);
    const s = await startSubgraph(sales, readSubgraphConfig(env), { publish: false, ...(logger ? { logger } : {}) });
    running.push(s);
    return s;
  };

  beforeAll(async () => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'dpg-kit-'));
    const signer = await loadSigner({});
    const jwksFile = path.join(tmp, 'jwks.json');
    fs.writeFileSync(jwksFile, JSON.stringify(signer.jwks));
    token = await signer.sign(callClaims({ principal: exec }), 'sales', 3600);
    strangerToken = await (await loadSigner({})).sign(callClaims({ principal: exec }), 'sales', 3600);
    // Nothing listens at the JWKS URL: the file is what must be read.
    strict = await start({ GATEWAY_JWKS_FILE: jwksFile, GATEWAY_JWKS_URL: 'http://127.0.0.1:9/jwks.json' });
    const sink = new Writable({ write: (chunk, _enc, done) => (logged.push(String(chunk)), done()) });
    dev = await start(
      { GATEWAY_JWKS_FILE: jwksFile, SUBGRAPH_TRUST: 'development', SUBGRAPH_TEST_PRINCIPAL: JSON.stringify({ sub: 'dana', roles: ['analyst'] }) },
      pino({ level: 'warn' }, sink),
    );
  });
  afterAll(async () => {
    for (const s of running) await s.close();
    for (const drop of drops) await drop();
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  const post = (s: RunningSubgraph, query: string, headers: Record<string, string> = {}) => request(s.url).post('/graphql').set(headers).send({ query });

  it('answers ftv1 traces when asked, with a node per resolved field and batched loads ending after every sibling started', async () => {
    const query = '{ accounts(first: 4) { id name contacts { id email } opportunities { amount } } }';
    const plain = await post(strict, query, { authorization: `Bearer ${token}` });
    expect(plain.status).toBe(200);
    expect(plain.body.extensions?.ftv1).toBeUndefined();

    const res = await post(strict, query, { authorization: `Bearer ${token}`, 'apollo-federation-include-trace': 'ftv1' });
    expect(res.status).toBe(200);
    expect(res.body.errors).toBeUndefined();
    expect(res.body.data).toEqual(plain.body.data);
    const trace = decodeTrace(res.body.extensions.ftv1);
    expect(Number(trace.durationNs)).toBeGreaterThan(0);
    const nodes = fieldNodes(trace);
    const at = new Map(nodes.map((n) => [n.path, n.node]));

    // One node per field the response holds.
    const expected = ['accounts'];
    res.body.data.accounts.forEach((a: any, i: number) => {
      expected.push(...['id', 'name', 'contacts', 'opportunities'].map((f) => `accounts.${i}.${f}`));
      a.contacts.forEach((_: unknown, j: number) => expected.push(`accounts.${i}.contacts.${j}.id`, `accounts.${i}.contacts.${j}.email`));
      a.opportunities.forEach((_: unknown, j: number) => expected.push(`accounts.${i}.opportunities.${j}.amount`));
    });
    expect(nodes.map((n) => n.path).sort()).toEqual(expected.sort());
    expect(at.get('accounts')).toMatchObject({ parentType: 'Query', type: '[Account!]!' });
    expect(at.get('accounts.0.contacts')).toMatchObject({ parentType: 'Account', type: '[Contact!]!' });

    for (const { node } of nodes) expect(Number(node.endTime)).toBeGreaterThanOrEqual(Number(node.startTime));
    // The child lists are one batched load: each starts once the root list has
    // its rows, and none ends before the last of them was asked for.
    const accounts = at.get('accounts')!;
    const contacts = res.body.data.accounts.map((_: unknown, i: number) => at.get(`accounts.${i}.contacts`)!);
    const lastStart = Math.max(...contacts.map((n: Trace.INode) => Number(n.startTime)));
    for (const c of contacts) {
      expect(Number(c.startTime)).toBeGreaterThanOrEqual(Number(accounts.endTime));
      expect(Number(c.endTime)).toBeGreaterThanOrEqual(lastStart);
    }
    // A field below a batched list starts after that list answered.
    expect(Number(at.get('accounts.0.contacts.0.email')!.startTime)).toBeGreaterThanOrEqual(Number(contacts[0].endTime));
  });

  it('traces entity references as federation sends them', async () => {
    const auth = { authorization: `Bearer ${token}` };
    const ids = (await post(strict, '{ accounts(first: 2) { id } }', auth)).body.data.accounts.map((a: { id: string }) => a.id);
    const representations = ids.map((id: string) => `{ __typename: "Account", id: "${id}" }`).join(', ');
    const res = await post(strict, `{ _entities(representations: [${representations}]) { ... on Account { name } } }`, { ...auth, 'apollo-federation-include-trace': 'ftv1' });
    expect(res.body.errors).toBeUndefined();
    expect(res.body.data._entities).toHaveLength(2);
    const paths = fieldNodes(decodeTrace(res.body.extensions.ftv1)).map((n) => n.path);
    expect(paths.sort()).toEqual(['_entities', '_entities.0.name', '_entities.1.name']);
  });

  it('lets the gateway ask for traces (SUBGRAPH_TRACES) and expose per-field timings as a histogram by subgraph, type and field', async () => {
    const metrics = createMetrics('gateway');
    const source = new SubgraphDataSource({ name: 'sales', url: `${strict.url}/graphql`, timeoutMs: 60_000, identity: async () => token, fieldTimings: subgraphFieldTimings(metrics) });
    const response = await source.process({
      kind: 'loading schema',
      request: { query: '{ accounts(first: 3) { name opportunities { stage } } }' },
      context: {},
    } as never);
    expect(response.errors).toBeUndefined();
    expect(response.extensions?.ftv1).toEqual(expect.any(String));
    const text = await metrics.metrics();
    const count = (type: string, field: string) => Number(text.match(new RegExp(`^dpg_subgraph_field_seconds_count\\{[^}]*subgraph="sales",type="${type}",field="${field}"[^}]*\\} (\\d+)`, 'm'))?.[1] ?? 0);
    const accounts = response.data!.accounts as { opportunities: unknown[] }[];
    expect(count('Query', 'accounts')).toBe(1);
    expect(count('Account', 'name')).toBe(3);
    // One per account: the child lists were one batched load, each field timed.
    expect(count('Account', 'opportunities')).toBe(3);
    expect(count('Opportunity', 'stage')).toBe(accounts.reduce((n, a) => n + a.opportunities.length, 0));

    // Without the setting, nothing is asked for.
    const plain = await new SubgraphDataSource({ name: 'sales', url: `${strict.url}/graphql`, timeoutMs: 60_000, identity: async () => token }).process({
      kind: 'loading schema',
      request: { query: '{ accounts(first: 1) { name } }' },
      context: {},
    } as never);
    expect(plain.extensions?.ftv1).toBeUndefined();
  });

  it('verifies gateway tokens against GATEWAY_JWKS_FILE, and refuses tokens of another key', async () => {
    expect((await post(strict, '{ accounts(first: 1) { id } }', { authorization: `Bearer ${token}` })).body.data.accounts).toHaveLength(1);
    const other = await post(strict, '{ accounts(first: 1) { id } }', { authorization: `Bearer ${strangerToken}` });
    expect(other.status).toBe(401);
    expect(other.body.errors[0].extensions.code).toBe('UNAUTHENTICATED');
    const none = await post(strict, '{ accounts(first: 1) { id } }');
    expect(none.status).toBe(401);
    expect(none.body.errors[0].message).toMatch(/only answers the gateway/);
  });

  it('refuses a GATEWAY_JWKS_FILE that holds no key set, at start', async () => {
    const bad = path.join(tmp, 'not-jwks.json');
    fs.writeFileSync(bad, '{"hello":1}');
    await expect(start({ GATEWAY_JWKS_FILE: bad })).rejects.toThrow(/GATEWAY_JWKS_FILE .* holds no "keys"/);
  });

  it('with SUBGRAPH_TRUST=development, answers a direct call as the test principal, under the policy, and says so loudly', async () => {
    expect(logged.map((l) => JSON.parse(l).msg).join('\n')).toMatch(/SUBGRAPH_TRUST=development: subgraph "sales" answers calls WITHOUT a gateway token as test principal "dana"/);
    // An analyst: personal data masked, confidential amounts denied — as through the gateway.
    const res = await post(dev, '{ contacts(first: 2) { id email } opportunities(first: 2) { id amount } }');
    expect(res.status).toBe(200);
    expect(res.body.data?.contacts, JSON.stringify(res.body)).toHaveLength(2);
    for (const c of res.body.data.contacts) expect(c.email).not.toMatch(/^[a-z.]+@acc-\d+\.example\.com$/);
    expect(res.body.data.opportunities.map((o: { amount: unknown }) => o.amount)).toEqual([null, null]);
    expect(res.body.errors.map((e: any) => e.extensions.code)).toContain('FORBIDDEN');
    // Federation tooling reads the subgraph's SDL the same way.
    const sdl = await post(dev, '{ _service { sdl } }');
    expect(sdl.body.data._service.sdl).toContain('type Account');
    // A call with a token is still verified: a forged one is refused, the gateway's accepted as its principal.
    expect((await post(dev, '{ accounts(first: 1) { id } }', { authorization: `Bearer ${strangerToken}` })).status).toBe(401);
    const asExec = await post(dev, '{ opportunities(first: 1) { amount } }', { authorization: `Bearer ${token}` });
    expect(asExec.body.data?.opportunities?.[0].amount, JSON.stringify(asExec.body)).toEqual(expect.any(Number));
  });

  it('refuses SUBGRAPH_TRUST=development at start with DPG_ENV=production, and keeps it a development default', async () => {
    const err = await start({ DPG_ENV: 'production', SUBGRAPH_TRUST: 'development', MASK_HASH_KEY: 'k', REGISTRY_TOKEN: 't' }).catch((e) => e);
    expect(err).toBeInstanceOf(ConfigError);
    expect((err as ConfigError).message).toMatch(/SUBGRAPH_TRUST is development: calls without a gateway token are answered as SUBGRAPH_TEST_PRINCIPAL \(DPG_ENV=production refuses development defaults\)/);
    expect(subgraphDevelopmentDefaults(readSubgraphConfig({ MASK_HASH_KEY: 'k', REGISTRY_TOKEN: 't' }))).toEqual([]);
  });
});
