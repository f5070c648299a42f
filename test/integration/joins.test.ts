/**
 * One query, several domains: the gateway's joined answers checked against
 * the domains' own databases, the SQL cost of a join, paging and filters,
 * the derived analytics products, and the request errors a BI tool can make.
 */
import request from 'supertest';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { quarterOf } from '../../subgraphs/kit/seed/universe.ts';
import { bearer, describeMesh, OPERATOR, startTestMesh, type TestMesh } from '../support/mesh.ts';

const JOIN = `query Join($first: Int) {
  accounts(first: $first) {
    id name region
    opportunities { amount stage }
    tickets { status }
    leads { campaign { channel } }
  }
}`;

describeMesh('cross-domain joins', () => {
  let mesh: TestMesh;
  const sql = <R = Record<string, any>>(subgraph: string, text: string, params: unknown[] = []) => mesh.subgraphs[subgraph].db.query<R>(text, params);
  const statements = () => Object.values(mesh.subgraphs).reduce((n, s) => n + s.db.statements, 0);

  beforeAll(async () => {
    mesh = await startTestMesh();
  });
  afterAll(() => mesh?.close());

  it('joins accounts with sales, customer-success and marketing data exactly as the domains hold it', async () => {
    const res = await mesh.query(JOIN, { first: 50 });
    expect(res.status).toBe(200);
    expect(res.body.errors).toBeUndefined();

    const accounts = await sql('sales', 'SELECT id, name, region FROM accounts ORDER BY id LIMIT 50');
    const ids = accounts.map((a) => a.id);
    const opportunities = await sql('sales', 'SELECT account_id, amount, stage FROM opportunities WHERE account_id = ANY($1) ORDER BY id', [ids]);
    const tickets = await sql('customer-success', 'SELECT account_id, status FROM tickets WHERE account_id = ANY($1) ORDER BY id', [ids]);
    const leads = await sql('marketing', 'SELECT l.converted_account_id AS account_id, c.channel FROM leads l JOIN campaigns c ON c.id = l.campaign_id WHERE l.converted_account_id = ANY($1) ORDER BY l.id', [ids]);
    const of = (rows: Record<string, any>[], id: string, pick: (r: Record<string, any>) => unknown) => rows.filter((r) => r.account_id === id).map(pick);

    const expected = accounts.map((a) => ({
      id: a.id,
      name: a.name,
      region: a.region,
      opportunities: of(opportunities, a.id, (o) => ({ amount: o.amount, stage: o.stage })),
      tickets: of(tickets, a.id, (t) => ({ status: t.status })),
      leads: of(leads, a.id, (l) => ({ campaign: { channel: l.channel } })),
    }));
    expect(res.body.data.accounts).toEqual(expected);
    // The seed must actually exercise the join, or the comparison proves little.
    expect(tickets.length).toBeGreaterThan(20);
    expect(leads.length).toBeGreaterThan(10);
  });

  it('costs the same handful of SQL statements for 10 or 50 accounts: one per entity list, never one per entity', async () => {
    const cost = async (first: number) => {
      const before = statements();
      const res = await mesh.query(JOIN, { first });
      expect(res.body.errors).toBeUndefined();
      return statements() - before;
    };
    const ten = await cost(10);
    const fifty = await cost(50);
    expect(fifty).toBe(ten);
    // accounts, opportunities (sales); tickets (customer-success); leads, campaigns (marketing)
    expect(fifty).toBeLessThanOrEqual(5);
  });

  it('pages deterministically with first/after and enforces the maximum page size', async () => {
    const page = async (after?: string) => (await mesh.query('query($a: ID) { accounts(first: 10, after: $a) { id } }', { a: after })).body.data.accounts.map((a: { id: string }) => a.id);
    const first = await page();
    const second = await page(first.at(-1));
    expect(first).toHaveLength(10);
    expect(second).toHaveLength(10);
    expect([...first, ...second]).toEqual([...first, ...second].sort());
    expect(new Set([...first, ...second]).size).toBe(20);
    expect(await page()).toEqual(first);

    const tooBig = await mesh.query('{ accounts(first: 501) { id } }');
    expect(tooBig.status).toBe(200);
    expect(tooBig.body.errors[0]).toMatchObject({ message: expect.stringContaining('between 1 and 500'), extensions: { code: 'BAD_USER_INPUT' } });
  });

  it('filters the way a BI user asks: region, stage, date range, channel', async () => {
    const res = await mesh.query(`{
      accounts(first: 500, filter: { region: EMEA }) { id region }
      opportunities(first: 500, filter: { stage: CLOSED_WON, closedFrom: "2025-01-01", closedTo: "2025-06-30" }) { stage closeDate }
      campaigns(first: 500, filter: { channel: EVENTS }) { channel }
    }`);
    expect(res.body.errors).toBeUndefined();
    const { accounts, opportunities, campaigns } = res.body.data;
    const [{ n: emea }] = await sql('sales', `SELECT count(*) AS n FROM accounts WHERE region = 'EMEA'`);
    const [{ n: won }] = await sql('sales', `SELECT count(*) AS n FROM opportunities WHERE stage = 'CLOSED_WON' AND close_date BETWEEN '2025-01-01' AND '2025-06-30'`);
    const [{ n: events }] = await sql('marketing', `SELECT count(*) AS n FROM campaigns WHERE channel = 'EVENTS'`);
    expect(accounts).toHaveLength(emea);
    expect(accounts.every((a: { region: string }) => a.region === 'EMEA')).toBe(true);
    expect(opportunities).toHaveLength(won);
    expect(opportunities.every((o: { closeDate: string }) => o.closeDate >= '2025-01-01' && o.closeDate <= '2025-06-30')).toBe(true);
    expect(campaigns).toHaveLength(events);
    expect(won).toBeGreaterThan(0);
  });

  it('derives customer acquisition cost from marketing spend and sales wins, matching SQL over both domains', async () => {
    const refresh = await request(mesh.subgraphs.analytics.url).post('/refresh').set(OPERATOR);
    expect(refresh.status).toBe(200);

    const spend = await sql<{ month: string; amount: number; channel: string; campaign_id: string }>(
      'marketing',
      'SELECT s.month, s.amount, c.channel, c.id AS campaign_id FROM campaign_spend s JOIN campaigns c ON c.id = s.campaign_id',
    );
    const customers = await sql<{ id: string; customer_since: string }>('sales', 'SELECT id, customer_since FROM accounts WHERE customer_since IS NOT NULL');
    const attribution = new Map((await sql<{ account_id: string; channel: string }>('marketing', 'SELECT account_id, channel FROM account_acquisition')).map((r) => [r.account_id, r.channel]));

    const expected = new Map<string, { spend: number; newCustomers: number }>();
    const cell = (k: string) => expected.get(k) ?? expected.set(k, { spend: 0, newCustomers: 0 }).get(k)!;
    for (const s of spend) cell(`${quarterOf(s.month)}:${s.channel}`).spend += s.amount;
    for (const c of customers) if (attribution.has(c.id)) cell(`${quarterOf(c.customer_since)}:${attribution.get(c.id)}`).newCustomers++;

    const res = await mesh.query('{ customerAcquisitionCost(first: 500) { id spend newCustomers cac } }');
    expect(res.body.errors).toBeUndefined();
    const rows = res.body.data.customerAcquisitionCost;
    expect(rows.map((r: { id: string }) => r.id)).toEqual([...expected.keys()].sort());
    for (const r of rows) {
      const e = expected.get(r.id)!;
      expect(r.spend).toBeCloseTo(e.spend, 2);
      expect(r.newCustomers).toBe(e.newCustomers);
      expect(r.cac).toEqual(e.newCustomers ? expect.closeTo(e.spend / e.newCustomers, 1) : null);
    }
    expect(rows.some((r: { cac: number | null }) => r.cac !== null)).toBe(true);
  });

  it('derives experiment results from gameplay, matching SQL, and joins back to the experiment', async () => {
    const expected = await sql(
      'gameplay',
      `SELECT p.variant, count(*)::int AS players, sum(CASE WHEN p.churned THEN 1 ELSE 0 END)::int AS churned,
              (SELECT count(*) FROM game_sessions s JOIN players q ON q.id = s.player_id JOIN experiment_variants v ON v.id = q.variant_id WHERE v.name = p.variant)::int AS sessions,
              (SELECT sum(duration_seconds) FROM game_sessions s JOIN players q ON q.id = s.player_id JOIN experiment_variants v ON v.id = q.variant_id WHERE v.name = p.variant)::float AS seconds
       FROM player_facts p WHERE p.variant IS NOT NULL GROUP BY p.variant ORDER BY p.variant`,
    );
    const res = await mesh.query('{ experimentResults { variant players churnedPlayers churnRate sessions averageSessionSeconds experiment { name } } }');
    expect(res.body.errors).toBeUndefined();
    const byVariant = Object.fromEntries(res.body.data.experimentResults.map((r: { variant: string }) => [r.variant, r]));
    for (const e of expected) {
      expect(byVariant[e.variant]).toMatchObject({ players: e.players, churnedPlayers: e.churned, sessions: e.sessions });
      expect(byVariant[e.variant].churnRate).toBeCloseTo(e.churned / e.players, 6);
      expect(byVariant[e.variant].averageSessionSeconds).toBeCloseTo(e.seconds / e.sessions, 6);
      expect(byVariant[e.variant].experiment.name).toMatch(/round/i);
    }
    const fresh = await mesh.query('{ analyticsFreshness { product status stale } }');
    expect(fresh.body.data.analyticsFreshness).toEqual(expect.arrayContaining([{ product: 'analytics.experiment-results', status: 'ok', stale: false }]));
  });

  it('answers bad requests with 400 and a clear reason', async () => {
    const auth = await bearer(['exec']);
    const gw = () => ({ post: (path: string) => request(mesh.gateway.url).post(path).set(auth) });
    const malformed = await gw().post('/graphql').set('content-type', 'application/json').send('{"query": ');
    expect(malformed.status).toBe(400);
    expect(malformed.body.errors[0].message).toMatch(/malformed JSON/);

    const invalid = await mesh.query('{ accounts(first: 1) { id nope } }');
    expect(invalid.status).toBe(400);
    expect(invalid.body.errors[0].message).toMatch(/Cannot query field "nope" on type "Account"/);
    expect(invalid.body.data).toBeUndefined();

    const syntax = await mesh.query('{ accounts(first: 1) { id ');
    expect(syntax.status).toBe(400);
    expect(syntax.body.errors[0].message).toMatch(/Syntax Error/);

    const badVariable = await mesh.query('query($n: Int) { accounts(first: $n) { id } }', { n: 'many' });
    expect(badVariable.status).toBe(400);
    expect(badVariable.body.errors[0].message).toMatch(/\$n/);

    const noQuery = await gw().post('/graphql').send({ variables: {} });
    expect(noQuery.status).toBe(400);

    const notObject = await gw().post('/graphql').send([1, 2]);
    expect(notObject.status).toBe(400);

    const huge = await gw().post('/graphql').send({ query: `{ accounts { id } }`, variables: { pad: 'x'.repeat(2 * 1024 * 1024) } });
    expect(huge.status).toBe(413);

    // Only the owning subgraph knows what a Date is; its reason reaches the caller.
    const badDate = await mesh.query('{ opportunities(filter: { closedFrom: "last tuesday" }) { id } }');
    expect(badDate.body.errors[0]).toMatchObject({ message: expect.stringMatching(/ISO calendar date/), extensions: { subgraph: 'sales' } });
  });

  it('serves GET queries for tools that cache by URL, and refuses mutations over GET', async () => {
    const auth = await bearer(['exec']);
    const res = await request(mesh.gateway.url).get('/graphql').set(auth).query({ query: '{ account(id: "acc-000001") { id region } }' });
    expect(res.status).toBe(200);
    expect(res.body.data.account.id).toBe('acc-000001');
    const mutation = await request(mesh.gateway.url).get('/graphql').set(auth).query({ query: 'mutation { x }' });
    expect(mutation.status).toBe(405);
  });

  it('reports health and readiness on the gateway, the registry and every subgraph', async () => {
    for (const url of [mesh.gateway.url, mesh.registry.url, ...Object.values(mesh.subgraphs).map((s) => s.url)]) {
      expect((await request(url).get('/health')).status).toBe(200);
      const ready = await request(url).get('/ready');
      expect(ready.status).toBe(200);
      expect(ready.body.ready).toBe(true);
    }
    const gatewayReady = await request(mesh.gateway.url).get('/ready');
    expect(gatewayReady.body.supergraph.subgraphs).toEqual(expect.arrayContaining(Object.keys(mesh.subgraphs)));
    expect(gatewayReady.body.source).toMatchObject({ kind: 'registry', reachable: true });
    const metrics = await request(mesh.gateway.url).get('/metrics');
    expect(metrics.text).toContain('dpg_gateway_requests_total');
  });
});
