/**
 * Governance as an attacker tries it, against the live mesh: arguments and
 * filters that read fields the caller may not read (at the gateway, before
 * planning, and in the subgraph on a direct call with a valid gateway token),
 * rows that follow relations into another domain, aggregates, and several
 * roles at once — with the entity cache on, so cached rows are reused across
 * principals the way production reuses them.
 */
import request from 'supertest';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { loadSigner } from '../../platform/tokens.ts';
import { claimsOf } from '../../policies/principal.ts';
import { bearer, describeMesh, startTestMesh, subgraphRequests, TEST_ENV, type TestMesh } from '../support/mesh.ts';

type Row = Record<string, any>;

describeMesh('governance of arguments, relations and roles', () => {
  let mesh: TestMesh;
  const sql = <R = Row>(subgraph: string, text: string, params: unknown[] = []) => mesh.subgraphs[subgraph].db.query<R>(text, params);
  const ask = async (roles: string[], attributes: Record<string, string>, query: string, variables?: Record<string, unknown>) =>
    request(mesh.gateway.url).post('/graphql').set(await bearer(roles, attributes)).send({ query, variables });
  /** A direct call to a subgraph with a valid gateway identity token, skipping the gateway's checks. */
  const direct = async (subgraph: string, roles: string[], attributes: Record<string, string>, query: string) => {
    const signer = await loadSigner({ privateJwk: TEST_ENV.GATEWAY_SIGNING_KEY });
    const token = await signer.sign(claimsOf({ subject: 'direct', roles, scopes: [], attributes }), subgraph, 60);
    return request(mesh.subgraphs[subgraph].graphqlUrl.replace(/\/graphql$/, '')).post('/graphql').set('authorization', `Bearer ${token}`).send({ query });
  };
  const forbidden = (body: { errors?: Row[] }) => (body.errors ?? []).filter((e) => e.extensions?.code === 'FORBIDDEN').map((e) => e.extensions);

  beforeAll(async () => {
    mesh = await startTestMesh({ env: { ENTITY_CACHE: 'memory' } });
  });
  afterAll(() => mesh?.close());

  it('refuses the churn-risk alias attack before planning: every alias null, FORBIDDEN naming the argument and the rule', async () => {
    const attack = '{ a: atRiskAccounts(first: 500, minChurnRisk: 0.62) { id } b: atRiskAccounts(first: 500, minChurnRisk: 0.64) { id } }';
    const before = await subgraphRequests(mesh);
    const res = await ask(['analyst'], {}, attack);
    expect(res.status).toBe(200);
    expect(res.body.data).toEqual({ a: null, b: null });
    const read = { code: 'FORBIDDEN', coordinate: 'Query.atRiskAccounts', argument: 'minChurnRisk', reads: 'Account.churnRisk', rule: 'tag-confidential' };
    expect(res.body.errors).toEqual([
      expect.objectContaining({ path: ['a'], extensions: read, message: expect.stringContaining('argument "minChurnRisk" of Query.atRiskAccounts reads Account.churnRisk') }),
      expect.objectContaining({ path: ['b'], extensions: read }),
    ]);
    expect(await subgraphRequests(mesh)).toBe(before);

    // Through variables, and through the argument's default value, it is the same read.
    const viaVariables = await ask(['analyst'], {}, 'query($m: Float) { atRiskAccounts(first: 500, minChurnRisk: $m) { id } }', { m: 0.62 });
    expect(forbidden(viaVariables.body)).toEqual([read]);
    expect(forbidden((await ask(['analyst'], {}, '{ atRiskAccounts(first: 500) { id } }')).body)).toEqual([read]);

    // Those who may read churn risk get the list the threshold selects.
    const exec = await ask(['exec'], {}, '{ atRiskAccounts(first: 500, minChurnRisk: 0.62) { id } }');
    const [{ n }] = await sql<{ n: number }>('customer-success', 'SELECT count(*)::int AS n FROM account_health WHERE churn_risk >= 0.62');
    expect(exec.body.errors).toBeUndefined();
    expect(exec.body.data.atRiskAccounts).toHaveLength(n);
  });

  it('refuses the same attack in the subgraph itself, on a direct call with a valid gateway token', async () => {
    const res = await direct('customer-success', ['analyst'], {}, '{ a: atRiskAccounts(first: 500, minChurnRisk: 0.62) { id } b: atRiskAccounts(first: 500, minChurnRisk: 0.64) { id } }');
    expect(res.status).toBe(200);
    expect(res.body.data).toEqual({ a: null, b: null });
    expect(forbidden(res.body)).toEqual([
      { code: 'FORBIDDEN', coordinate: 'Query.atRiskAccounts', argument: 'minChurnRisk', reads: 'Account.churnRisk', rule: 'tag-confidential' },
      { code: 'FORBIDDEN', coordinate: 'Query.atRiskAccounts', argument: 'minChurnRisk', reads: 'Account.churnRisk', rule: 'tag-confidential' },
    ]);
  });

  it('never lets a filter recover a masked email, at the gateway or in the subgraph, alone or with another role', async () => {
    const query = '{ contacts(first: 500, filter: { emailContains: "lovelace" }) { id email } }';
    const refusal = { code: 'FORBIDDEN', coordinate: 'Query.contacts', argument: 'filter.emailContains', reads: 'Contact.email', rule: 'tag-pii' };
    for (const [roles, attributes] of [[['analyst'], {}], [['analyst', 'sales'], { region: 'EMEA' }], [['exec'], {}]] as const) {
      const res = await ask([...roles], attributes, query);
      expect(res.body.data, roles.join('+')).toBeNull(); // contacts is a non-null list: its null nulls data
      expect(forbidden(res.body), roles.join('+')).toEqual([refusal]);
    }
    const viaVariables = await ask(['analyst'], {}, 'query($f: ContactFilter) { contacts(first: 5, filter: $f) { id } }', { f: { emailContains: 'lovelace' } });
    expect(forbidden(viaVariables.body)).toEqual([refusal]);
    expect(forbidden((await direct('sales', ['analyst'], {}, query)).body)).toEqual([refusal]);

    // A rep reads emails of their region in clear, so may filter on them: only matching contacts of the region come back.
    const rep = await ask(['sales'], { region: 'EMEA' }, query);
    expect(rep.body.errors).toBeUndefined();
    const expected = await sql<{ id: string }>('sales', `SELECT id FROM contact_facts WHERE region = 'EMEA' AND email ILIKE '%lovelace%' ORDER BY id`);
    expect(rep.body.data.contacts.map((c: Row) => c.id)).toEqual(expected.map((r) => r.id));
    expect(expected.length).toBeGreaterThan(0);
  });

  it('hides from introspection the arguments and filter fields the caller may not use, and only those', async () => {
    const query = '{ q: __type(name: "Query") { fields { name args { name } } } f: __type(name: "ContactFilter") { inputFields { name } } }';
    const shape = (body: Row) => ({
      atRisk: body.data.q.fields.find((f: Row) => f.name === 'atRiskAccounts')?.args.map((a: Row) => a.name),
      contactFilter: body.data.f?.inputFields.map((f: Row) => f.name),
    });
    const analyst = shape((await ask(['analyst'], {}, query)).body);
    expect(analyst.atRisk).toEqual(expect.arrayContaining(['first']));
    expect(analyst.atRisk).not.toContain('minChurnRisk');
    expect(analyst.contactFilter).toEqual(expect.arrayContaining(['region']));
    expect(analyst.contactFilter).not.toContain('emailContains');
    // A rep reads emails in clear, so may filter on them.
    expect(shape((await ask(['sales'], { region: 'EMEA' }, query)).body).contactFilter).toContain('emailContains');
  });

  it('shows a sales rep only the tickets of the accounts of their region, through the gateway and on a direct call', async () => {
    const res = await ask(['sales'], { region: 'EMEA' }, '{ tickets(first: 500) { id subject account { id } } }');
    expect(res.body.errors).toBeUndefined();
    const emea = await sql<{ id: string; account_id: string }>('customer-success', `SELECT id, account_id FROM tickets WHERE account_region = 'EMEA' ORDER BY id`);
    const salesEmea = new Set((await sql<{ id: string }>('sales', `SELECT id FROM accounts WHERE region = 'EMEA'`)).map((r) => r.id));
    expect(emea.every((t) => salesEmea.has(t.account_id))).toBe(true); // the carried region agrees with sales'
    expect(res.body.data.tickets.map((t: Row) => t.id)).toEqual(emea.map((t) => t.id));
    expect(res.body.data.tickets.every((t: Row) => t.account && salesEmea.has(t.account.id))).toBe(true);

    const viaDirect = await direct('customer-success', ['sales'], { region: 'EMEA' }, '{ tickets(first: 500) { id } }');
    expect(viaDirect.body.data.tickets.map((t: Row) => t.id)).toEqual(emea.map((t) => t.id));
    const [na] = await sql<{ id: string }>('customer-success', `SELECT id FROM tickets WHERE account_region = 'NA' ORDER BY id LIMIT 1`);
    expect((await ask(['sales'], { region: 'EMEA' }, `{ ticket(id: "${na.id}") { id subject } }`)).body.data.ticket).toBeNull();
  });

  it('counts only rows the caller may see in aggregates, and gives aggregates only to those granted them', async () => {
    const [na] = await sql<{ account_id: string; n: number }>(
      'customer-success',
      `SELECT account_id, count(*)::int AS n FROM tickets WHERE account_region = 'NA' AND status IN ('OPEN', 'PENDING') GROUP BY account_id ORDER BY n DESC LIMIT 1`,
    );
    const entities = `{ _entities(representations: [{ __typename: "Account", id: "${na.account_id}" }]) { ... on Account { openTicketCount tickets { id } } } }`;
    expect((await direct('customer-success', ['exec'], {}, entities)).body.data._entities).toEqual([{ openTicketCount: na.n, tickets: expect.any(Array) }]);
    expect((await direct('customer-success', ['sales'], { region: 'EMEA' }, entities)).body.data._entities).toEqual([{ openTicketCount: 0, tickets: [] }]);
    const marketing = await direct('customer-success', ['marketing'], {}, entities);
    expect(forbidden(marketing.body).map((e) => e.coordinate)).toContain('Account.openTicketCount');
  });

  it('never sees more with two roles than with each alone: analyst + sales gets NA contacts masked, NA deal amounts denied', async () => {
    const both = await ask(['analyst', 'sales'], { region: 'EMEA' }, '{ contacts(first: 3, filter: { region: NA }) { region email } }');
    expect(both.body.errors).toBeUndefined();
    expect(both.body.data.contacts).toHaveLength(3);
    for (const c of both.body.data.contacts) expect(c).toEqual({ region: 'NA', email: expect.stringMatching(/^.\*\*\*@/) });
    // The rep's own region stays in clear: one way (the sales grant) both shows those rows and unmasks email.
    const own = await ask(['analyst', 'sales'], { region: 'EMEA' }, '{ contacts(first: 3, filter: { region: EMEA }) { email } }');
    for (const c of own.body.data.contacts) expect(c.email).toMatch(/^[a-z]+\.[a-z-]+@/);

    const deals = await ask(['analyst', 'sales'], { region: 'EMEA' }, '{ opportunities(first: 60) { id region amount } }');
    const rows = deals.body.data.opportunities as Row[];
    expect(rows.some((o) => o.region !== 'EMEA') && rows.some((o) => o.region === 'EMEA')).toBe(true);
    for (const o of rows) expect(o.amount === null).toBe(o.region !== 'EMEA');
    const denied = forbidden(deals.body);
    expect(denied).toHaveLength(rows.filter((o) => o.region !== 'EMEA').length);
    expect(new Set(denied.map((e) => `${e.coordinate} ${e.rule}`))).toEqual(new Set(['Opportunity.amount tag-confidential']));
  });

  it('keeps per-row decisions when rows come from the entity cache, and never hands one principal\'s rows to another', async () => {
    const query = '{ contacts(first: 40) { id region email } }';
    const first = await ask(['analyst', 'sales'], { region: 'EMEA' }, query);
    const again = await ask(['analyst', 'sales'], { region: 'EMEA' }, query);
    expect(again.body).toEqual(first.body);
    for (const c of first.body.data.contacts) expect(c.email.includes('***')).toBe(c.region !== 'EMEA');
    const analyst = await ask(['analyst'], {}, query);
    expect(analyst.body.data.contacts.every((c: Row) => c.email.includes('***'))).toBe(true);
    const rep = await ask(['sales'], { region: 'EMEA' }, query);
    expect(rep.body.data.contacts.every((c: Row) => c.region === 'EMEA' && !c.email.includes('***'))).toBe(true);
  });
});
