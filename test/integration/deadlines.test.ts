/**
 * No single request can kill a subgraph (issue 9, point 2): a query nested
 * seven levels deep, sent straight to customer-success with a valid
 * gateway-signed token (the gateway itself refuses it by demand control),
 * stops at the row budget with one GraphQL error, and the subgraph answers
 * the next request with its heap bounded. A call whose deadline has passed
 * is refused without work; on PostgreSQL a statement is cancelled at it.
 */
import request from 'supertest';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { callClaims } from '../../policies/callClaims.ts';
import { loadSigner, type ServiceSigner } from '../../platform/tokens.ts';
import { database, describeMesh, startTestMesh, TEST_ENV, type TestMesh } from '../support/mesh.ts';

const SUBGRAPH = 'customer-success';
const nested = (levels: number) => `{ tickets(first: 500) { id ${'account { tickets(first: 500) { id '.repeat(levels)}${'} } '.repeat(levels)}} }`;

describeMesh(`deadlines and row budgets in the subgraphs (${database})`, () => {
  let mesh: TestMesh;
  let signer: ServiceSigner;
  const principal = { subject: 'direct', roles: ['exec'], scopes: ['pii:read'], attributes: {} };

  beforeAll(async () => {
    mesh = await startTestMesh({ env: { MAX_ROWS_PER_REQUEST: '5000' } });
    signer = await loadSigner({ privateJwk: TEST_ENV.GATEWAY_SIGNING_KEY });
  });
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

  it.runIf(database === 'postgres')('cancels a PostgreSQL statement at its timeout (57014), and the pooled connection serves later statements without one', async () => {
    const db = mesh.subgraphs[SUBGRAPH].db;
    await expect(db.query('SELECT pg_sleep(5)', [], { timeoutMs: 200 })).rejects.toMatchObject({ code: '57014' });
    // Every pooled connection may now carry a timeout; a statement without one must not inherit it.
    const slow = await Promise.all(Array.from({ length: 12 }, () => db.query<{ done: boolean }>('SELECT pg_sleep(1.2) IS NULL AS done')));
    expect(slow.every((rows) => rows[0].done === true)).toBe(true);
  });
});
