/**
 * Overload, two ways, on one mesh (starting one is the expensive part):
 *
 * - No single request can kill a subgraph: a query nested seven levels
 *   deep, sent straight to customer-success with a valid gateway-signed
 *   token (the gateway itself refuses it by demand control), stops at the
 *   row budget with one GraphQL error, and the subgraph answers the next
 *   request with its heap bounded. A call whose deadline has passed is
 *   refused without work (statement_timeout: statement-timeout.test.ts).
 * - Many identical requests cost one execution, with the response cache
 *   off, and never share across principals whose answers differ.
 */
import request from 'supertest';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { callClaims } from '../../policies/callClaims.ts';
import { loadSigner, type ServiceSigner } from '../../platform/tokens.ts';
import { bearer, database, describeMesh, startTestMesh, TEST_ENV, type TestMesh } from '../support/mesh.ts';

const SUBGRAPH = 'customer-success';
const nested = (levels: number) => `{ tickets(first: 500) { id ${'account { tickets(first: 500) { id '.repeat(levels)}${'} } '.repeat(levels)}} }`;

describeMesh(`overload: deadlines, row budgets and shared executions (${database})`, () => {
  let mesh: TestMesh;
  let signer: ServiceSigner;
  const principal = { subject: 'direct', roles: ['exec'], scopes: ['pii:read'], attributes: {} };

  beforeAll(async () => {
    mesh = await startTestMesh({ env: { MAX_ROWS_PER_REQUEST: '5000' } });
    signer = await loadSigner({ privateJwk: TEST_ENV.GATEWAY_SIGNING_KEY });
  }, 600_000);
  afterAll(() => mesh?.close());

  const direct = async (query: string, deadline = Math.floor(Date.now() / 1000) + 30) =>
    request(mesh.subgraphs[SUBGRAPH].url)
      .post('/graphql')
      .set('authorization', `Bearer ${await signer.sign(callClaims({ principal, deadline }), SUBGRAPH, 60)}`)
      .send({ query });

  it('stops the seven-level nested query at the row budget with one ROW_LIMIT error, and stays healthy with a bounded heap', async () => {
    const heapBefore = process.memoryUsage().heapUsed;
    // Several at once: none of them may take the process down or pile up.
    const replies = await Promise.all([1, 2, 3, 4].map(() => direct(nested(7))));
    for (const reply of replies) {
      expect(reply.status).toBe(200);
      expect(reply.body.data).toBeNull();
      expect(reply.body.errors).toHaveLength(1);
      expect(reply.body.errors[0].extensions).toMatchObject({ code: 'ROW_LIMIT', subgraph: SUBGRAPH, maxRows: 5000 });
    }
    // Unbounded, this query builds millions of result objects (several GB);
    // stopped at 5,000 rows each, they cost a few MB.
    expect(process.memoryUsage().heapUsed - heapBefore).toBeLessThan(256 * 1024 * 1024);

    const simple = await direct('{ tickets(first: 2) { id account { id } } }');
    expect(simple.body.errors).toBeUndefined();
    expect(simple.body.data.tickets).toHaveLength(2);
    expect((await request(mesh.subgraphs[SUBGRAPH].url).get('/health')).status).toBe(200);
  });

  it('answers a query within the budget in full', async () => {
    const reply = await direct(nested(1));
    expect(reply.body.errors).toBeUndefined();
    expect(reply.body.data.tickets.length).toBeGreaterThan(0);
    expect(reply.body.data.tickets[0].account.tickets.length).toBeGreaterThan(0);
  });

  it('refuses a call whose deadline has passed with DEADLINE_EXCEEDED, without sending any SQL', async () => {
    const before = mesh.subgraphs[SUBGRAPH].db.statements;
    const reply = await direct('{ tickets(first: 5) { id } }', Math.floor(Date.now() / 1000));
    expect(reply.status).toBe(200);
    expect(reply.body).toMatchObject({ data: null, errors: [{ extensions: { code: 'DEADLINE_EXCEEDED', subgraph: SUBGRAPH } }] });
    expect(mesh.subgraphs[SUBGRAPH].db.statements).toBe(before);
    expect((await direct('{ tickets(first: 1) { id } }')).body.data.tickets).toHaveLength(1);
  });

  it('passes the gateway\'s deadline through: requests through the gateway still answer', async () => {
    const reply = await mesh.query('{ tickets(first: 3) { id account { id name } } }');
    expect(reply.body.errors).toBeUndefined();
    expect(reply.body.data.tickets).toHaveLength(3);
  });

  /** Query executions the gateway ran and shared so far, from its metrics. */
  async function executions(): Promise<{ run: number; shared: number }> {
    const text = (await request(mesh.gateway.url).get('/metrics')).text;
    const count = (outcome: string) => Number(text.match(new RegExp(`^dpg_gateway_executions_total\\{[^}]*outcome="${outcome}"[^}]*\\} (\\d+)`, 'm'))?.[1] ?? 0);
    return { run: count('run'), shared: count('shared') };
  }

  it('shares identical concurrent queries between principals with the same decisions, never between those whose rows differ', async () => {
    // Sales reps see the accounts of their own region (policies/rules/sales.yaml): same roles, different answers.
    const [emea, na] = await Promise.all([bearer(['sales'], { region: 'EMEA' }, [], 'rep-emea'), bearer(['sales'], { region: 'NA' }, [], 'rep-na')]);
    const query = '{ accounts(first: 100) { id region } }';
    const before = await executions();
    const replies = await Promise.all(
      Array.from({ length: 24 }, (_, i) => {
        const [who, headers] = i % 2 ? ['NA', na] : ['EMEA', emea];
        // Per-request headers differ and must not keep identical requests apart.
        return mesh.query(query, {}, { ...headers, traceparent: `00-${String(i).padStart(32, '0')}-${'1'.repeat(16)}-01`, 'x-request-id': `r-${i}` }).then((r) => ({ who, r }));
      }),
    );
    for (const { who, r } of replies) {
      expect(r.body.errors).toBeUndefined();
      expect(r.body.data.accounts.length).toBeGreaterThan(0);
      expect(new Set(r.body.data.accounts.map((a: { region: string }) => a.region))).toEqual(new Set([who]));
    }
    const after = await executions();
    // Every request is counted once, as run or shared; at least one run per region.
    expect(after.run + after.shared - before.run - before.shared).toBe(24);
    expect(after.run - before.run).toBeGreaterThanOrEqual(2);
  });
});
