/**
 * Observability end to end, on a mesh of two domains (sales, customer-success)
 * under a policy written for them: traces exported over
 * OTLP/HTTP to a receiver in this process, metrics read from /metrics, and
 * access-log lines read from the services' own loggers.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pino, type Logger } from 'pino';
import request from 'supertest';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { domains } from '../../subgraphs/index.ts';
import { describeMesh, startTestMesh, tokenFor, type TestMesh } from '../support/mesh.ts';
import { otlpReceiver, type ReceivedSpan } from '../support/otlp.ts';
import { until } from '../support/until.ts';

/** A pino logger whose lines land in `lines`, parsed. */
function capture(service: string, lines: Record<string, unknown>[]): Logger {
  return pino({ level: 'info', base: { service } }, { write: (line: string) => void lines.push(JSON.parse(line)) });
}

const POLICY = `
tags:
  pii:
    unmasked: [{ scopes: [pii:read] }]
    otherwise: partial
  confidential:
    unmasked: [{ roles: [exec] }]
    otherwise: deny
grants:
  - id: exec-reads-both
    to: { roles: [exec] }
    read: [{ subgraph: sales }, { subgraph: customer-success }, { tag: aggregate }]
  - id: analyst-reads-sales
    to: { roles: [analyst] }
    read: [{ subgraph: sales }]
`;

// A subject that is personal data: it must never appear in a span or log line.
const SUBJECT = 'alice.observed@example.com';

describeMesh('observability', () => {
  let mesh: TestMesh;
  let receiver: Awaited<ReturnType<typeof otlpReceiver>>;
  const gatewayLog: Record<string, unknown>[] = [];
  const subgraphLog: Record<string, unknown>[] = [];
  let token: string;

  const policyDir = fs.mkdtempSync(path.join(os.tmpdir(), 'dpg-observe-'));

  beforeAll(async () => {
    fs.writeFileSync(path.join(policyDir, 'policy.yaml'), POLICY);
    receiver = await otlpReceiver();
    mesh = await startTestMesh({
      domains: domains.filter((d) => d.name === 'sales' || d.name === 'customer-success'),
      env: { OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url, POLICY_DIR: policyDir, RESPONSE_CACHE: 'memory', ENTITY_CACHE: 'memory' },
      gateway: { logger: capture('gateway', gatewayLog) },
      subgraphLogger: (name) => capture(`subgraph:${name}`, subgraphLog),
    });
    token = await tokenFor(['exec'], {}, ['pii:read'], SUBJECT);
  });
  afterAll(async () => {
    await mesh?.close();
    await receiver?.close();
    fs.rmSync(policyDir, { recursive: true, force: true });
  });

  const post = (query: string, headers: Record<string, string> = {}) =>
    request(mesh.gateway.url).post('/graphql').set({ authorization: `Bearer ${token}`, ...headers }).send({ query });

  it('exports one trace holding the gateway\'s stages and both subgraphs\' request, DataLoader and SQL spans, naming the caller by digests only', async () => {
    const res = await post('query AccountTickets { accounts(first: 3, filter: { region: EMEA }) { id name tickets { status } } }', { 'x-request-id': 'trace-me-1' });
    expect(res.status).toBe(200);
    expect(res.body.errors).toBeUndefined();

    let root: ReceivedSpan | undefined;
    await until('the request span, both subgraph spans and their SQL spans at the receiver', async () => {
      root = receiver.spans.find((s) => s.name === 'POST /graphql' && s.attributes['dpg.request_id'] === 'trace-me-1' && s.service === 'dpg-gateway');
      const trace = root ? receiver.spans.filter((s) => s.traceId === root!.traceId) : [];
      return ['dpg-subgraph-sales', 'dpg-subgraph-customer-success'].every((svc) => trace.some((s) => s.service === svc && s.name.startsWith('sql ')));
    }, 30_000);
    const trace = receiver.spans.filter((s) => s.traceId === root!.traceId);
    const named = (name: string, service?: string) => trace.filter((s) => s.name === name && (!service || s.service === service));

    // Gateway: the request, its stages, and one client span per subgraph with its name and cache status.
    expect(root!.attributes).toMatchObject({ 'graphql.operation.name': 'AccountTickets', 'http.response.status_code': 200, 'dpg.cache.status': 'MISS' });
    expect(root!.attributes['dpg.principal.fingerprint']).toMatch(/^[A-Za-z0-9_-]{24}$/);
    expect(root!.attributes['dpg.subject.hash']).toMatch(/^[0-9a-f]{16}$/);
    for (const stage of ['identity', 'authorize', 'execute']) expect(named(stage, 'dpg-gateway').map((s) => s.parentSpanId)).toEqual([root!.spanId]);
    expect(named('gateway.plan').length).toBe(1); // @apollo/gateway's planning span, inside execute
    const fetches = trace.filter((s) => s.name.startsWith('fetch '));
    expect(fetches.map((f) => f.attributes['dpg.subgraph']).sort()).toEqual(['customer-success', 'sales']);
    expect(fetches.every((f) => f.attributes['dpg.cache.status'] === 'miss')).toBe(true);

    // Each subgraph: a request span that continues the gateway's fetch span, with DataLoader and SQL spans below it.
    for (const subgraph of ['sales', 'customer-success']) {
      const service = `dpg-subgraph-${subgraph}`;
      const [server] = named('POST /graphql', service);
      const fetch = fetches.find((f) => f.attributes['dpg.subgraph'] === subgraph)!;
      expect(server.parentSpanId).toBe(fetch.spanId);
      expect(server.attributes).toMatchObject({ 'dpg.request_id': 'trace-me-1', 'dpg.principal.fingerprint': expect.any(String), 'dpg.subject.hash': root!.attributes['dpg.subject.hash'] });
      const sql = trace.filter((s) => s.service === service && s.name.startsWith('sql '));
      expect(sql.length).toBeGreaterThan(0);
      for (const s of sql) expect(s.attributes['db.query.text']).toMatch(/^\s*SELECT/i);
    }
    // DataLoader batches say whether the entity cache answered them (the first time: no).
    const batches = trace.filter((s) => s.name.startsWith('dataloader '));
    expect(batches.some((s) => s.service === 'dpg-subgraph-customer-success' && s.name === 'dataloader tickets')).toBe(true);
    expect(batches.every((s) => s.attributes['dpg.cache.status'] === 'miss')).toBe(true);
    // Values travel as parameters: the filter's value is not in any statement's text.
    expect(trace.filter((s) => s.name.startsWith('sql ')).some((s) => String(s.attributes['db.query.text']).includes('EMEA'))).toBe(false);

    // No token, no subject in any attribute of any span received.
    const everything = JSON.stringify(receiver.spans.map((s) => s.attributes));
    expect(everything).not.toContain(token);
    expect(everything).not.toContain(token.split('.')[1]);
    expect(everything).not.toContain(SUBJECT);
    expect([...receiver.contentTypes]).toEqual(['application/json']);
  });

  it('exposes metrics an SRE alerts on, after requests that include a denial and an error', async () => {
    const analyst = await tokenFor(['analyst'], {}, [], 'bob@example.com');
    expect((await post('{ accounts(first: 2) { id } }')).status).toBe(200);
    const denied = await request(mesh.gateway.url).post('/graphql').set({ authorization: `Bearer ${analyst}` }).send({ query: '{ opportunities(first: 2) { stage amount } }' });
    expect(denied.body.errors[0].extensions).toMatchObject({ code: 'FORBIDDEN', rule: 'tag-confidential' });
    expect((await post('{ noSuchField }')).status).toBe(400);
    const subgraphError = await post('{ accounts(first: 501) { id } }');
    expect(subgraphError.body.errors[0].extensions.code).toBe('BAD_USER_INPUT');
    expect((await request(mesh.gateway.url).post('/graphql').send({ query: '{ accounts(first: 1) { id } }' })).status).toBe(401);

    const gateway = (await request(mesh.gateway.url).get('/metrics')).text;
    for (const name of ['process_cpu_seconds_total', 'process_resident_memory_bytes', 'nodejs_eventloop_lag_seconds', 'nodejs_heap_size_used_bytes', 'dpg_gateway_requests_total', 'dpg_gateway_request_seconds_bucket', 'dpg_response_cache_requests_total', 'dpg_rate_limit_refusals_total', 'dpg_demand_control_refusals_total']) {
      expect(gateway, name).toMatch(new RegExp(`^# TYPE ${name.replace(/_bucket$/, '')} `, 'm'));
    }
    expect(gateway).toMatch(/^dpg_subgraph_fetch_seconds_count\{[^}]*subgraph="sales"[^}]*\} [1-9]/m);
    expect(gateway).toMatch(/^dpg_subgraph_fetch_seconds_count\{[^}]*subgraph="customer-success"[^}]*\} [1-9]/m);
    expect(gateway).toMatch(/^dpg_subgraph_fetch_errors_total\{(?=[^}]*subgraph="sales")(?=[^}]*code="BAD_USER_INPUT")[^}]*\} [1-9]/m);
    expect(gateway).toMatch(/^dpg_graphql_errors_total\{[^}]*code="FORBIDDEN"[^}]*\} [1-9]/m);
    expect(gateway).toMatch(/^dpg_graphql_errors_total\{[^}]*code="BAD_USER_INPUT"[^}]*\} [1-9]/m);
    expect(gateway).toMatch(/^dpg_graphql_errors_total\{[^}]*code="GRAPHQL_VALIDATION_FAILED"[^}]*\} 1$/m);
    expect(gateway).toMatch(/^dpg_graphql_errors_total\{[^}]*code="UNAUTHENTICATED"[^}]*\} 1$/m);
    expect(gateway).toMatch(/^dpg_policy_denials_total\{[^}]*rule="tag-confidential"[^}]*\} [1-9]/m);
    const supergraph = mesh.gateway.runtime.current!;
    expect(gateway).toMatch(new RegExp(`^dpg_supergraph_info\\{[^}]*hash="${supergraph.hash.slice(0, 12)}"[^}]*\\} 1$`, 'm'));
    expect(gateway).toMatch(new RegExp(`^dpg_policy_info\\{[^}]*version="${mesh.gateway.policy.current!.version}"[^}]*\\} 1$`, 'm'));

    const sales = (await request(mesh.subgraphs.sales.url).get('/metrics')).text;
    for (const name of ['process_cpu_seconds_total', 'dpg_sql_statements_total', 'dpg_graphql_requests_total', 'dpg_entity_cache_lookups_total', 'dpg_policy_info']) expect(sales, name).toMatch(new RegExp(`^# TYPE ${name} `, 'm'));
    const registry = (await request(mesh.registry.url).get('/metrics')).text;
    expect(registry).toMatch(/^dpg_registry_publishes_total\{[^}]*outcome="[a-z-]+"[^}]*\} [1-9]/m);
  });

  it('writes one access-log line per request, and the subgraph logs the same request id', async () => {
    const res = await post('query Names { accounts(first: 2) { name } }', { 'x-request-id': 'access-log-1', 'apollographql-client-name': 'finance-dashboard', 'apollographql-client-version': '7.1.0' });
    expect(res.status).toBe(200);
    expect(res.headers['x-request-id']).toBe('access-log-1');

    const lines = gatewayLog.filter((l) => l.requestId === 'access-log-1');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({
      level: 30,
      msg: 'graphql request',
      client: 'finance-dashboard',
      clientVersion: '7.1.0',
      operationName: 'Names',
      operationHash: expect.stringMatching(/^[0-9a-f]{64}$/),
      status: 200,
      durationMs: expect.any(Number),
      cache: 'MISS',
      cost: expect.any(Number),
      subject: expect.stringMatching(/^[0-9a-f]{16}$/),
    });
    await until('the sales subgraph\'s line for the request', async () => subgraphLog.some((l) => l.requestId === 'access-log-1'));
    const sub = subgraphLog.filter((l) => l.requestId === 'access-log-1');
    expect(sub).toEqual([expect.objectContaining({ service: 'subgraph:sales', subgraph: 'sales', status: 200, subject: lines[0].subject, statements: expect.any(Number) })]);

    // The same request again is answered from the response cache: the line says so, and no subgraph is asked.
    const again = await post('query Names { accounts(first: 2) { name } }', { 'x-request-id': 'access-log-2' });
    expect(again.headers['x-cache']).toBe('HIT');
    expect(gatewayLog.find((l) => l.requestId === 'access-log-2')).toMatchObject({ status: 200, cache: 'HIT', operationHash: lines[0].operationHash });
    expect(subgraphLog.some((l) => l.requestId === 'access-log-2')).toBe(false);

    // No id, or one unfit for a log: a fresh one, returned and logged; refusals carry it too.
    const fresh = await post('{ accounts(first: 1) { id } }', { 'x-request-id': 'bad id with spaces' });
    expect(fresh.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    expect(gatewayLog.some((l) => l.requestId === fresh.headers['x-request-id'])).toBe(true);
    const refused = await request(mesh.gateway.url).post('/graphql').set('x-request-id', 'no-token-1').send({ query: '{ accounts(first: 1) { id } }' });
    expect(refused.status).toBe(401);
    expect(refused.headers['x-request-id']).toBe('no-token-1');
    expect(gatewayLog.find((l) => l.requestId === 'no-token-1')).toMatchObject({ status: 401, errors: 1 });

    // Refused before the pipeline began (variables that are not an object): an id and a line all the same.
    const malformed = await post('{ accounts(first: 1) { id } }', { 'x-request-id': 'malformed-1' }).send({ query: '{ accounts(first: 1) { id } }', variables: [1] });
    expect(malformed.status).toBe(400);
    expect(malformed.headers['x-request-id']).toBe('malformed-1');
    expect(gatewayLog.find((l) => l.requestId === 'malformed-1')).toMatchObject({ status: 400, errors: 1 });

    // Nothing in any log line holds the token or the subject.
    const text = JSON.stringify([...gatewayLog, ...subgraphLog]);
    expect(text).not.toContain(token);
    expect(text).not.toContain(SUBJECT);
  });
});
