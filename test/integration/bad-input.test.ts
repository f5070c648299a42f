/**
 * Every bad input an attacker or a broken client can send gets a 4xx with a
 * GraphQL-shaped body, `{"errors":[{"message","extensions":{"code"}}]}`,
 * and the service answers a normal query right after.
 */
import request from 'supertest';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { bearer, describeMesh, startTestMesh, type TestMesh } from '../support/mesh.ts';

const NORMAL = '{ accounts(first: 2) { id name tickets(first: 1) { status } } }';

describeMesh('bad input', () => {
  let mesh: TestMesh;
  let auth: Record<string, string>;
  const gateway = () => request(mesh.gateway.url);

  beforeAll(async () => {
    mesh = await startTestMesh();
    auth = await bearer(['exec'], {}, ['pii:read']);
  });
  afterAll(async () => mesh?.close());

  /** A refusal with the given status and code, in the one error shape, and the gateway still serving. */
  async function refused(res: request.Response, status: number, code: string, message?: RegExp) {
    expect(res.status, JSON.stringify(res.body)).toBe(status);
    expect(res.body.errors, JSON.stringify(res.body)).toEqual([expect.objectContaining({ message: expect.any(String), extensions: expect.objectContaining({ code }) })]);
    if (message) expect(res.body.errors[0].message).toMatch(message);
    const after = await mesh.query(NORMAL);
    expect(after.status).toBe(200);
    expect(after.body.errors).toBeUndefined();
    expect(after.body.data.accounts).toHaveLength(2);
  }

  it('refuses operation types the schema has no root for, and subscriptions, with 400 before authorization', async () => {
    await refused(await mesh.query('mutation { x }'), 400, 'OPERATION_NOT_SUPPORTED', /no mutation type/);
    await refused(await mesh.query('subscription { x }'), 400, 'OPERATION_NOT_SUPPORTED', /subscriptions are not supported/);
    await refused(await mesh.query('subscription S { accounts { id } }'), 400, 'OPERATION_NOT_SUPPORTED');
    // The same for a role that may read nothing: authorization never gets to see it.
    await refused(await mesh.query('mutation { x }', {}, await bearer(['nobody'])), 400, 'OPERATION_NOT_SUPPORTED');
  });

  it('refuses variables nested 100,000 levels deep before anything walks them', async () => {
    // JSON.stringify itself recurses, so the body is written by hand (600 KB, under the body limit).
    const body = `{"query":"query($f: TicketFilter) { tickets(first: 1, filter: $f) { id } }","variables":{"f":${'{"a":'.repeat(100_000)}"x"${'}'.repeat(100_000)}}}`;
    const res = await gateway().post('/graphql').set(auth).set('content-type', 'application/json').send(body);
    await refused(res, 400, 'BAD_USER_INPUT', /variable "\$f" is nested deeper than 32 levels/);
    expect(res.body.errors[0].extensions.variable).toBe('f');
  });

  it('refuses a document nested too deeply to parse or plan with 400', async () => {
    await refused(await mesh.query(`{ accounts(first: 1, filter: ${'['.repeat(5000)}${']'.repeat(5000)}) { id } }`), 400, 'GRAPHQL_PARSE_FAILED');
    // Fields nested beyond what the planner is given, through fragments spread in each other.
    const fragments = Array.from({ length: 40 }, (_, i) => `fragment F${i} on Account { tickets(first: 1) { account { ...F${i + 1} } } }`).join('\n');
    const deep = `{ accounts(first: 1) { ...F0 } }\n${fragments}\nfragment F40 on Account { id }`;
    await refused(await mesh.query(deep), 400, 'GRAPHQL_VALIDATION_FAILED', /levels deep/);
  });

  it('refuses NUL characters and broken Unicode in variables and arguments with 400 naming them', async () => {
    const byVariable = await mesh.query('query($f: ContactFilter) { contacts(first: 1, filter: $f) { id } }', { f: { title: 'a\u0000b' } });
    await refused(byVariable, 400, 'BAD_USER_INPUT', /variable "\$f" at title holds a NUL character/);

    const byArgument = await mesh.query('{ contacts(first: 1, filter: { title: "a\\u0000b" }) { id } }');
    await refused(byArgument, 400, 'BAD_USER_INPUT', /argument "filter" of field "contacts" at title holds a NUL character/);
    expect(byArgument.body.errors[0].extensions.argument).toBe('filter');

    // graphql's own lexer already refuses broken Unicode written in the operation.
    await refused(await mesh.query('{ ticket(id: "\\ud800") { id } }'), 400, 'GRAPHQL_PARSE_FAILED', /Invalid Unicode/);

    await refused(await mesh.query('query($id: ID!) { account(id: $id) { id } }', { id: '\ud800x' }), 400, 'BAD_USER_INPUT', /variable "\$id" holds an unpaired UTF-16 surrogate/);
  });

  it('refuses a mutation sent with GET on the parsed operation, whatever precedes it', async () => {
    for (const query of ['mutation { x }', '# just a comment\nmutation { x }', '\n\n  mutation M { x }', 'query Q { accounts { id } } mutation M { x }']) {
      const res = await gateway().get('/graphql').set(auth).query({ query, ...(query.startsWith('query Q') ? { operationName: 'M' } : {}) });
      await refused(res, 405, 'METHOD_NOT_ALLOWED', /only queries may be sent with GET; send this mutation with POST/);
      expect(res.headers.allow).toBe('POST');
    }
    const subscription = await gateway().get('/graphql').set(auth).query({ query: '# hidden\nsubscription { accounts { id } }' });
    await refused(subscription, 405, 'METHOD_NOT_ALLOWED');
    const query = await gateway().get('/graphql').set(auth).query({ query: `# a comment first\n${NORMAL}` });
    expect(query.status).toBe(200);
  });

  it('answers 401, 404, 405 and 413 with the same error shape on every service', async () => {
    await refused(await gateway().post('/graphql').send({ query: NORMAL }), 401, 'UNAUTHENTICATED', /credentials required/);
    await refused(await gateway().get('/no/such/route'), 404, 'NOT_FOUND', /no route for \/no\/such\/route/);
    await refused(await gateway().delete('/graphql').set(auth), 405, 'METHOD_NOT_ALLOWED');
    const huge = { query: NORMAL, variables: { pad: 'x'.repeat(1_100_000) } };
    await refused(await gateway().post('/graphql').set(auth).send(huge), 413, 'PAYLOAD_TOO_LARGE');

    for (const url of [mesh.registry.url, mesh.subgraphs.sales.url]) {
      const missing = await request(url).get('/no/such/route');
      expect(missing.status).toBe(404);
      expect(missing.body.errors[0].extensions.code).toBe('NOT_FOUND');
      const wrongMethod = await request(url).delete('/health');
      expect(wrongMethod.status).toBe(405);
      expect(wrongMethod.body.errors[0].extensions.code).toBe('METHOD_NOT_ALLOWED');
    }
    const direct = await request(mesh.subgraphs.sales.graphqlUrl).post('').send({ query: '{ accounts { id } }' });
    expect(direct.status).toBe(401);
    expect(direct.body.errors[0].extensions.code).toBe('UNAUTHENTICATED');
  });
});
