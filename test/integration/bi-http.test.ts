/**
 * What BI tools meet on the wire: GraphQL over HTTP (graphql-http's server
 * audits, media types and status codes, batches, CORS) and governed exports
 * (CSV/NDJSON holding exactly what the same caller's GraphQL answer holds,
 * streamed page by page).
 */
import http from 'node:http';
import { gunzipSync } from 'node:zlib';
import { serverAudits } from 'graphql-http';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readGatewayConfig } from '../../gateway/config.ts';
import { hashKey } from '../../gateway/identity/apiKeys.ts';
import { startGateway, type RunningGateway } from '../../gateway/server.ts';
import { bearer, describeMesh, OPERATOR, startTestMesh, TEST_ENV, type TestMesh } from '../support/mesh.ts';
import { until } from '../support/until.ts';

const BI_KEY = 'dpg_bi-http-test-key-for-exports';
const ORIGIN = 'https://dashboards.example.com';
const PAGE = 25;

describeMesh('BI tools over HTTP', () => {
  let mesh: TestMesh;
  const gw = () => request(mesh.gateway.url);
  const exec = () => bearer(['exec'], {}, ['pii:read']);
  const analyst = () => bearer(['analyst']);
  const salesEmea = () => bearer(['sales'], { region: 'EMEA' });

  beforeAll(async () => {
    mesh = await startTestMesh({
      env: { MAX_BATCH_SIZE: '3', CORS_ORIGINS: ORIGIN, EXPORT_PAGE_SIZE: String(PAGE) },
      gateway: { apiKeys: [{ id: 'bi', sha256: hashKey(BI_KEY), principal: { subject: 'bi-tool', roles: ['analyst'], scopes: [], attributes: {} } }] },
    });
    // A whole mesh on a machine shared with other test runs can take minutes to start.
  }, 900_000);
  afterAll(async () => mesh?.close());

  describe('GraphQL over HTTP', () => {
    it('passes every graphql-http server audit that is a MUST, and the SHOULDs it applies', async () => {
      const auth = await exec();
      const url = `${mesh.gateway.url}/graphql`;
      const fetchFn = (input: RequestInfo | URL, init: RequestInit = {}) => fetch(input, { ...init, headers: { ...(init.headers as Record<string, string>), ...auth } });
      const results = await Promise.all(serverAudits({ url, fetchFn }).map((a) => a.fn()));
      for (const r of results) console.log(`graphql-http audit ${r.id} ${r.status.toUpperCase()}: ${r.name}${'reason' in r ? ` — ${r.reason}` : ''}`);
      expect(results.filter((r) => r.status === 'error').map((r) => `${r.id} ${r.name}: ${'reason' in r ? r.reason : ''}`)).toEqual([]);
      expect(results.filter((r) => r.status === 'warn').map((r) => r.id)).toEqual([]);
    });

    it('answers application/graphql-response+json with the specification\'s status codes, and legacy JSON clients with 200', async () => {
      const auth = await exec();
      const modern = await gw().post('/graphql').set(auth).set('accept', 'application/graphql-response+json').send({ query: '{ accounts(first: 1) { nope } }' });
      expect(modern.status).toBe(400);
      expect(modern.headers['content-type']).toBe('application/graphql-response+json; charset=utf-8');
      expect(modern.body.errors[0].extensions.code).toBe('GRAPHQL_VALIDATION_FAILED');
      expect(modern.body.data).toBeUndefined();
      const legacy = await gw().post('/graphql').set(auth).set('accept', 'application/json').send({ query: '{ accounts(first: 1) { nope } }' });
      expect(legacy.status).toBe(200);
      expect(legacy.headers['content-type']).toBe('application/json; charset=utf-8');
      expect(legacy.body.errors[0].extensions.code).toBe('GRAPHQL_VALIDATION_FAILED');
      const unauthenticated = await gw().post('/graphql').set('accept', 'application/graphql-response+json').send({ query: '{ accounts(first: 1) { id } }' });
      expect(unauthenticated.status).toBe(401);
      expect(unauthenticated.body.errors[0].extensions.code).toBe('UNAUTHENTICATED');
    });

    it('runs a batch one operation at a time, each governed and costed on its own', async () => {
      const res = await gw()
        .post('/graphql')
        .set(await analyst())
        .send([
          { query: '{ contacts(first: 2) { id email } }' },
          { query: '{ opportunities(first: 2) { id amount } }' },
          { query: '{ accounts(first: 500) { tickets(first: 500) { account { tickets(first: 500) { account { tickets(first: 500) { id } } } } } } }' },
        ]);
      expect(res.status).toBe(200);
      expect(res.body).toHaveLength(3);
      // Masked for the analyst, as alone.
      const single = await gw().post('/graphql').set(await analyst()).send({ query: '{ contacts(first: 2) { id email } }' });
      expect(res.body[0]).toEqual(single.body);
      // Denied field: null plus FORBIDDEN, the rest of the batch unaffected.
      expect(res.body[1].data.opportunities.every((o: { amount: unknown }) => o.amount === null)).toBe(true);
      expect(res.body[1].errors[0].extensions.code).toBe('FORBIDDEN');
      // The third alone is over the cost limit: refused on its own, with its status.
      expect(res.body[2].errors[0].extensions).toMatchObject({ code: 'COST_LIMIT', status: 400 });
    });

    it('refuses a batch over MAX_BATCH_SIZE as a whole, GraphQL-shaped, and stays healthy', async () => {
      const op = { query: '{ accounts(first: 1) { id } }' };
      const res = await gw().post('/graphql').set(await exec()).send([op, op, op, op]);
      expect(res.status).toBe(400);
      expect(res.body).toEqual({ errors: [{ message: 'the batch holds 4 operations; at most 3 are allowed', extensions: { code: 'BATCH_LIMIT', measured: 4, allowed: 3 } }] });
      const empty = await gw().post('/graphql').set(await exec()).send([]);
      expect(empty.status).toBe(400);
      expect(empty.body.errors[0].extensions.code).toBe('BAD_REQUEST');
      expect((await gw().post('/graphql').set(await exec()).send([op, op, op])).body).toHaveLength(3);
    });

    it('answers CORS preflights for allowed origins only, without credentials by default', async () => {
      const ok = await gw().options('/graphql').set('origin', ORIGIN).set('access-control-request-method', 'POST').set('access-control-request-headers', 'content-type, x-api-key');
      expect(ok.status).toBe(204);
      expect(ok.headers['access-control-allow-origin']).toBe(ORIGIN);
      expect(ok.headers['access-control-allow-methods']).toBe('GET, POST');
      expect(ok.headers['access-control-allow-headers']).toContain('x-api-key');
      expect(ok.headers['access-control-allow-credentials']).toBeUndefined();
      const other = await gw().options('/graphql').set('origin', 'https://evil.example.com').set('access-control-request-method', 'POST');
      expect(other.status).toBe(403);
      expect(other.body.errors[0].extensions.code).toBe('CORS_ORIGIN_NOT_ALLOWED');
      expect(other.headers['access-control-allow-origin']).toBeUndefined();
      const actual = await gw().post('/graphql').set(await exec()).set('origin', ORIGIN).send({ query: '{ accounts(first: 1) { id } }' });
      expect(actual.headers['access-control-allow-origin']).toBe(ORIGIN);
      const refused = await gw().post('/graphql').set('origin', ORIGIN).send({ query: '{ accounts(first: 1) { id } }' });
      expect(refused.status).toBe(401);
      expect(refused.headers['access-control-allow-origin']).toBe(ORIGIN);
      const exportPreflight = await gw().options('/export/accounts.csv').set('origin', ORIGIN).set('access-control-request-method', 'GET');
      expect(exportPreflight.status).toBe(204);
    });
  });

  describe('governed exports', () => {
    /** Every row of a list as GraphQL answers it to `headers`, paged by id. */
    async function graphqlRows(headers: Record<string, string>, field: string, selection: string) {
      const rows: Record<string, unknown>[] = [];
      for (let after: unknown = null; ; ) {
        const res = await gw().post('/graphql').set(headers).send({ query: `query($after: ID) { ${field}(first: 500, after: $after) { ${selection} } }`, variables: { after } });
        expect(res.status).toBe(200);
        const page = res.body.data[field] as Record<string, unknown>[];
        rows.push(...page);
        if (page.length < 500) return rows;
        after = page[page.length - 1].id;
      }
    }
    const ndjson = (text: string) => text.trim().split('\n').filter(Boolean).map((l) => JSON.parse(l));

    it('exports NDJSON rows identical to the GraphQL answer for each role: exec, analyst (masked, denied column), sales EMEA (rows filtered)', async () => {
      for (const [who, headers] of [['exec', await exec()], ['analyst', await analyst()], ['sales EMEA', await salesEmea()]] as const) {
        for (const field of ['contacts', 'opportunities']) {
          const description = (await gw().get(`/export/${field}.columns.json`).set(headers)).body;
          const selection = description.columns.map((c: { name: string }) => (c.name.endsWith('.id') ? `${c.name.slice(0, -3)} { id }` : c.name)).join(' ');
          const res = await gw().get(`/export/${field}.ndjson`).set(headers).buffer(true).parse((r, cb) => { let t = ''; r.on('data', (c: Buffer) => (t += c)); r.on('end', () => cb(null, t)); });
          expect(res.status, `${who} ${field}`).toBe(200);
          const expected = await graphqlRows(headers, field, selection);
          expect(expected.length, `${who} ${field}`).toBeGreaterThan(PAGE);
          expect(ndjson(res.body as string), `${who} ${field}`).toEqual(expected);
          if (who === 'analyst' && field === 'opportunities') expect(res.headers['x-dpg-denied-columns']).toBe('amount');
          if (who === 'sales EMEA') expect(expected.every((r) => r.region === 'EMEA')).toBe(true);
          if (who === 'analyst' && field === 'contacts') expect(expected.every((r) => typeof r.email !== 'string' || r.email.includes('*'))).toBe(true);
        }
      }
    }, 300_000);

    it('exports RFC 4180 CSV with field-name headers, UTF-8, and gzip when asked; the API key may ride in the URL', { timeout: 300_000 }, async () => {
      const key = { 'x-api-key': BI_KEY };
      const columns = (await gw().get('/export/sales.pipeline.columns.json').set(key)).body.columns.map((c: { name: string }) => c.name) as string[];
      expect(columns).toEqual(expect.arrayContaining(['id', 'name', 'stage', 'closeDate', 'owner', 'region', 'account.id']));
      expect(columns).not.toContain('amount');
      // Read with node:http, which (unlike supertest and fetch) leaves the body compressed.
      const raw = await new Promise<{ status: number; headers: http.IncomingHttpHeaders; body: Buffer }>((resolve, reject) =>
        http.get(`${mesh.gateway.url}/export/sales.pipeline.csv?api_key=${BI_KEY}`, { headers: { 'accept-encoding': 'gzip' } }, (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(chunks) }));
        }).on('error', reject),
      );
      expect(raw.status).toBe(200);
      expect(raw.headers['content-type']).toBe('text/csv; charset=utf-8; header=present');
      expect(raw.headers['content-encoding']).toBe('gzip');
      expect(raw.headers['x-dpg-denied-columns']).toBe('amount');
      const text = gunzipSync(raw.body as Buffer).toString('utf8');
      expect(text.startsWith(`\uFEFF${columns.join(',')}\r\n`)).toBe(true);
      const lines = text.slice(1).split('\r\n').filter(Boolean);
      const selection = columns.map((c) => (c.endsWith('.id') ? `${c.slice(0, -3)} { id }` : c)).join(' ');
      const expected = await graphqlRows(key, 'opportunities', selection);
      expect(lines.length - 1).toBe(expected.length);
      const quote = (v: unknown) => { const s = v == null ? '' : String(v); return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s; };
      const cell = (row: Record<string, unknown>, c: string) => (c.endsWith('.id') ? (row[c.slice(0, -3)] as { id: string } | null)?.id : row[c]);
      expect(lines.slice(1)).toEqual(expected.map((r) => columns.map((c) => quote(cell(r, c))).join(',')));
    });

    it('refuses an export GraphQL-shaped: no credentials, unknown name, bad key; the gateway stays healthy', async () => {
      const none = await gw().get('/export/accounts.csv');
      expect(none.status).toBe(401);
      expect(none.body.errors[0].extensions.code).toBe('UNAUTHENTICATED');
      const bad = await gw().get('/export/accounts.csv?api_key=nope');
      expect(bad.status).toBe(401);
      const unknown = await gw().get('/export/nothing.csv').set(await exec());
      expect(unknown.status).toBe(404);
      expect(unknown.body.errors[0].extensions.exportable).toContain('accounts');
      const ext = await gw().get('/export/accounts.xlsx').set(await exec());
      expect(ext.status).toBe(404);
      expect((await gw().post('/graphql').set(await exec()).send({ query: '{ accounts(first: 1) { id } }' })).status).toBe(200);
    });
  });

  describe('freshness in the answer', () => {
    const QUERY = '{ accounts(first: 2) { id } customerAcquisitionCost(first: 2) { id quarter } }';

    it('says for each product touched when it was refreshed, its SLA and whether it is stale; a stale one warns without an error', async () => {
      // Test meshes never refresh analytics on their own (REFRESH_INTERVAL_MS=0): its products have no data yet.
      const res = await eventually(async () => {
        const r = await gw().post('/graphql').set(await exec()).send({ query: QUERY });
        return r.body.extensions?.freshness ? r : undefined;
      });
      expect(res.status).toBe(200);
      expect(res.body.errors).toBeUndefined();
      const { freshness, warnings } = res.body.extensions;
      expect(Object.keys(freshness).sort()).toEqual(['analytics.customer-acquisition-cost', 'sales.accounts']);
      expect(freshness['sales.accounts']).toMatchObject({ sla: 'PT1H', stale: false });
      expect(Date.now() - Date.parse(freshness['sales.accounts'].refreshedAt)).toBeLessThan(3600_000);
      expect(freshness['analytics.customer-acquisition-cost']).toEqual({ refreshedAt: null, sla: 'PT1H', stale: true });
      expect(warnings).toEqual([expect.objectContaining({ extensions: { code: 'STALE_DATA', product: 'analytics.customer-acquisition-cost', refreshedAt: null, sla: 'PT1H' } })]);

      // Once analytics refreshes, the product is fresh and the warning goes.
      expect((await request(mesh.subgraphs.analytics.url).post('/refresh').set(OPERATOR)).status).toBe(200);
      const after = await eventually(async () => {
        const r = await gw().post('/graphql').set(await exec()).send({ query: QUERY });
        return r.body.extensions.freshness['analytics.customer-acquisition-cost'].stale === false ? r : undefined;
      });
      expect(Date.parse(after.body.extensions.freshness['analytics.customer-acquisition-cost'].refreshedAt)).toBeGreaterThan(Date.parse(freshness['sales.accounts'].refreshedAt));
      expect(after.body.extensions.warnings).toBeUndefined();
    });

    it('a response-cache hit carries the freshness of when it was stored, with Age', async () => {
      let cached: RunningGateway | undefined;
      try {
        cached = await startGateway(readGatewayConfig({ LOG_LEVEL: process.env.LOG_LEVEL, ...TEST_ENV, GATEWAY_PORT: '0', REGISTRY_URL: mesh.registry.url, RESPONSE_CACHE: 'memory' }));
        const ask = async () => request(cached!.url).post('/graphql').set(await exec()).send({ query: '{ accounts(first: 3) { id region } }' });
        const stored = await eventually(async () => {
          const r = await ask();
          return r.body.extensions?.freshness && r.headers['x-cache'] === 'MISS' && r.headers.age !== undefined ? r : undefined;
        });
        const hit = await eventually(async () => {
          const r = await ask();
          return r.headers['x-cache'] === 'HIT' ? r : undefined;
        });
        expect(hit.body.extensions.freshness).toEqual(stored.body.extensions.freshness);
        expect(Number(hit.headers.age)).toBeGreaterThanOrEqual(0);
      } finally {
        await cached?.close();
      }
    });
  });

  describe('pagination BI tools can drive', () => {
    type Account = { id: string; region: string; name: string; customerSince: string | null };
    const CONNECTION = `query($after: String, $orderBy: [AccountOrder!], $filter: AccountFilter) {
      accountsConnection(first: 7, after: $after, orderBy: $orderBy, filter: $filter) { nodes { id region name customerSince } pageInfo { endCursor hasNextPage } totalCount } }`;
    async function allPages(headers: Record<string, string>, orderBy: unknown, filter?: unknown) {
      const rows: Account[] = [];
      let total = -1;
      for (let after: string | null = null, more = true; more; ) {
        const res: request.Response = await gw().post('/graphql').set(headers).send({ query: CONNECTION, variables: { after, orderBy, filter } });
        expect(res.body.errors).toBeUndefined();
        const page: { nodes: Account[]; totalCount: number; pageInfo: { endCursor: string | null; hasNextPage: boolean } } = res.body.data.accountsConnection;
        rows.push(...page.nodes);
        total = page.totalCount;
        ({ endCursor: after, hasNextPage: more } = page.pageInfo);
      }
      return { rows, total };
    }
    const plainList = async (headers: Record<string, string>) =>
      (await gw().post('/graphql').set(headers).send({ query: '{ accounts(first: 500) { id region name customerSince } }' })).body.data.accounts as Account[];

    it('pages by opaque cursor in the order asked for, the id breaking ties, NULLs last ascending and first descending, with totalCount', async () => {
      const headers = await exec();
      const all = await plainList(headers);
      const byRegionNameDesc = [...all].sort((a, b) => a.region.localeCompare(b.region) || b.name.localeCompare(a.name) || a.id.localeCompare(b.id));
      const paged = await allPages(headers, [{ region: 'ASC' }, { name: 'DESC' }]);
      expect(paged.rows.map((r) => r.id)).toEqual(byRegionNameDesc.map((r) => r.id));
      expect(paged.total).toBe(all.length);
      const nullsFirst = [...all].sort((a, b) => (a.customerSince === b.customerSince ? a.id.localeCompare(b.id) : a.customerSince === null ? -1 : b.customerSince === null ? 1 : b.customerSince.localeCompare(a.customerSince)));
      expect(all.some((a) => a.customerSince === null)).toBe(true);
      expect((await allPages(headers, [{ customerSince: 'DESC' }])).rows.map((r) => r.id)).toEqual(nullsFirst.map((r) => r.id));
    }, 300_000);

    it('counts only the rows the caller may see, under the filter', async () => {
      const rep = await salesEmea();
      const visible = await plainList(rep);
      const paged = await allPages(rep, [{ name: 'ASC' }]);
      expect(paged.total).toBe(visible.length);
      expect(paged.rows.every((r) => r.region === 'EMEA')).toBe(true);
      expect(paged.rows.map((r) => r.id).sort()).toEqual(visible.map((r) => r.id).sort());
      const smb = await allPages(await exec(), null, { segment: 'SMB' });
      expect(smb.total).toBe(smb.rows.length);
    }, 300_000);

    it('keeps cursors stable under concurrent writes: a row inserted before the cursor neither repeats nor shifts the next page', async () => {
      const headers = await exec();
      const first = (await gw().post('/graphql').set(headers).send({ query: CONNECTION, variables: { orderBy: [{ name: 'ASC' }] } })).body.data.accountsConnection;
      const expectedNext = (await gw().post('/graphql').set(headers).send({ query: CONNECTION, variables: { orderBy: [{ name: 'ASC' }], after: first.pageInfo.endCursor } })).body.data.accountsConnection.nodes;
      const sql = (text: string) => mesh.subgraphs.sales.db.query(text);
      await sql("INSERT INTO accounts (id, name, industry, segment, region, created_on) VALUES ('acc-zz-0001', 'AAA First Inc', 'Software', 'SMB', 'NA', '2026-01-01')");
      try {
        const next = (await gw().post('/graphql').set(headers).send({ query: CONNECTION, variables: { orderBy: [{ name: 'ASC' }], after: first.pageInfo.endCursor } })).body.data.accountsConnection;
        expect(next.nodes).toEqual(expectedNext);
        expect(next.totalCount).toBe(first.totalCount + 1);
      } finally {
        await sql("DELETE FROM accounts WHERE id = 'acc-zz-0001'");
      }
    });

    it('refuses orderBy on a column the caller may not read in clear, as a filter; a foreign cursor is a clear error', async () => {
      const query = '{ opportunitiesConnection(first: 5, orderBy: [{ amount: DESC }]) { nodes { id } totalCount } }';
      const refused = await gw().post('/graphql').set(await analyst()).send({ query });
      expect(refused.status).toBe(200);
      expect(refused.body.errors[0].extensions).toMatchObject({ code: 'FORBIDDEN' });
      expect(refused.body.errors[0].message).toContain('Opportunity.amount');
      const allowed = await gw().post('/graphql').set(await exec()).send({ query });
      expect(allowed.body.errors).toBeUndefined();
      expect(allowed.body.data.opportunitiesConnection.nodes).toHaveLength(5);
      const cursor = (await gw().post('/graphql').set(await exec()).send({ query: CONNECTION, variables: { orderBy: [{ region: 'ASC' }] } })).body.data.accountsConnection.pageInfo.endCursor;
      const foreign = await gw().post('/graphql').set(await exec()).send({ query: CONNECTION, variables: { orderBy: [{ name: 'ASC' }], after: cursor } });
      expect(foreign.body.errors[0].extensions.code).toBe('BAD_USER_INPUT');
      expect(foreign.body.errors[0].message).toContain('another ordering');
      const garbage = await gw().post('/graphql').set(await exec()).send({ query: CONNECTION, variables: { after: 'not-a-cursor' } });
      expect(garbage.body.errors[0].extensions.code).toBe('BAD_USER_INPUT');
      const two = await gw().post('/graphql').set(await exec()).send({ query: CONNECTION, variables: { orderBy: [{ name: 'ASC', region: 'ASC' }] } });
      expect(two.body.errors[0].message).toContain('exactly one column');
    });

    /** Every node of a root connection, page by page, with the last totalCount. */
    async function walk(headers: Record<string, string>, field: string, args: string, selection: string) {
      const nodes: Record<string, unknown>[] = [];
      let total = -1;
      for (let after: string | null = null, more = true; more; ) {
        const res: request.Response = await gw().post('/graphql').set(headers).send({ query: `query($after: String) { ${field}(first: 200, after: $after${args}) { nodes { ${selection} } pageInfo { endCursor hasNextPage } totalCount } }`, variables: { after } });
        expect(res.body.errors, `${field}: ${JSON.stringify(res.body.errors)}`).toBeUndefined();
        const page = res.body.data[field];
        nodes.push(...page.nodes);
        total = page.totalCount;
        ({ endCursor: after, hasNextPage: more } = page.pageInfo);
      }
      return { nodes, total };
    }

    const text = (r: request.Test) => r.buffer(true).parse((res, cb) => { let t = ''; res.on('data', (c: Buffer) => (t += c)); res.on('end', () => cb(null, t)); });

    it('answers a connection query with Accept: application/x-ndjson as every node of every page, masked as the JSON answer is', async () => {
      const headers = await analyst();
      const query = '{ contactsConnection(first: 3, orderBy: [{ title: ASC }]) { totalCount nodes { id name email title account { id } } } }';
      const res = await text(gw().post('/graphql').set(headers).set('accept', 'application/x-ndjson').send({ query }));
      expect(res.status).toBe(200);
      expect(res.headers['content-type']).toBe('application/x-ndjson; charset=utf-8');
      const rows = (res.body as string).trim().split('\n').map((l) => JSON.parse(l));
      const expected = await walk(headers, 'contactsConnection', ', orderBy: [{ title: ASC }]', 'id name email title account { id }');
      // More than one export page (EXPORT_PAGE_SIZE), and the caller's first: 3 does not cut the file.
      expect(rows.length).toBeGreaterThan(PAGE);
      expect(rows).toEqual(expected.nodes);
      expect(rows.every((r) => typeof r.email !== 'string' || r.email.includes('*'))).toBe(true);
    }, 300_000);

    it('answers a plain list query with Accept: text/csv (GET too), under the caller\'s row filter', async () => {
      const headers = await salesEmea();
      const query = '{ opportunities(filter: { stage: CLOSED_WON }) { id name region account { id } } }';
      const res = await text(gw().get('/graphql').query({ query }).set(headers).set('accept', 'text/csv'));
      expect(res.status).toBe(200);
      expect(res.headers['content-type']).toBe('text/csv; charset=utf-8; header=present');
      const lines = (res.body as string).slice(1).split('\r\n').filter(Boolean);
      expect(lines[0]).toBe('id,name,region,account.id');
      const expected = await walk(headers, 'opportunitiesConnection', ', filter: { stage: CLOSED_WON }', 'id name region account { id }');
      expect(expected.nodes.length).toBeGreaterThan(PAGE);
      const quote = (v: unknown) => { const t = v == null ? '' : String(v); return /[",\r\n]/.test(t) ? `"${t.replace(/"/g, '""')}"` : t; };
      expect(lines.slice(1)).toEqual(expected.nodes.map((r) => [r.id, r.name, r.region, (r.account as { id: string }).id].map(quote).join(',')));
      expect(expected.nodes.every((r) => r.region === 'EMEA')).toBe(true);
    }, 300_000);

    it('names the selected columns the caller may not read in X-DPG-Denied-Columns and leaves them empty, as the JSON answer nulls them', async () => {
      const query = '{ opportunities(first: 5) { id amount name } }';
      const res = await text(gw().post('/graphql').set(await analyst()).set('accept', 'text/csv').send({ query }));
      expect(res.status).toBe(200);
      expect(res.headers['x-dpg-denied-columns']).toBe('amount');
      const lines = (res.body as string).slice(1).split('\r\n').filter(Boolean);
      expect(lines[0]).toBe('id,amount,name');
      expect(lines.length).toBeGreaterThan(PAGE);
      expect(lines.slice(1).every((l) => /^[^,]+,,/.test(l))).toBe(true);
      const json = await gw().post('/graphql').set(await analyst()).send({ query });
      expect(json.body.data.opportunities.every((o: { amount: unknown }) => o.amount === null)).toBe(true);
      const exec = await text(gw().post('/graphql').set(await bearer(['exec'])).set('accept', 'text/csv').send({ query }));
      expect(exec.status).toBe(200);
      expect(exec.headers['x-dpg-denied-columns']).toBeUndefined();
    }, 300_000);

    it('refuses as a file what is not a single list, 406 and GraphQL-shaped, and stays healthy', async () => {
      const headers = await exec();
      const two = await gw().post('/graphql').set(headers).set('accept', 'text/csv').send({ query: '{ accounts { id } contacts { id } }' });
      expect(two.status).toBe(406);
      expect(two.body.errors[0].extensions.code).toBe('NOT_ACCEPTABLE');
      expect(two.body.errors[0].message).toContain('single root field');
      const one = await gw().post('/graphql').set(headers).set('accept', 'application/x-ndjson').send({ query: '{ account(id: "acc-000001") { id } }' });
      expect(one.status).toBe(406);
      const batch = await gw().post('/graphql').set(headers).set('accept', 'text/csv').send([{ query: '{ accounts { id } }' }]);
      expect(batch.status).toBe(406);
      const unauthenticated = await gw().post('/graphql').set('accept', 'text/csv').send({ query: '{ accounts { id } }' });
      expect(unauthenticated.status).toBe(401);
      expect((await gw().post('/graphql').set(headers).send({ query: '{ accounts(first: 1) { id } }' })).status).toBe(200);
    });

    it('customer-success tickets as a connection: a sales rep counts and pages only the tickets of their region', async () => {
      const all = await walk(await exec(), 'ticketsConnection', ', orderBy: [{ openedOn: DESC }]', 'id openedOn accountRegion');
      const rep = await walk(await salesEmea(), 'ticketsConnection', ', orderBy: [{ openedOn: DESC }]', 'id openedOn accountRegion');
      expect(rep.nodes.length).toBeGreaterThan(0);
      expect(rep.nodes.every((t) => t.accountRegion === 'EMEA')).toBe(true);
      expect(rep.total).toBe(rep.nodes.length);
      expect(rep.total).toBe(all.nodes.filter((t) => t.accountRegion === 'EMEA').length);
      expect(rep.total).toBeLessThan(all.total);
      expect(all.total).toBe(all.nodes.length);
      const dates = rep.nodes.map((t) => t.openedOn as string);
      expect(dates).toEqual([...dates].sort().reverse());
      // The same tickets the rep's plain list gives.
      const plain = await gw().post('/graphql').set(await salesEmea()).send({ query: '{ tickets(first: 500) { id } }' });
      expect(plain.body.data.tickets.length).toBeLessThan(500);
      expect(rep.nodes.map((t) => t.id).sort()).toEqual(plain.body.data.tickets.map((t: { id: string }) => t.id).sort());
    }, 300_000);

    it('refuses orderBy on a classified column in other domains too: analysts may not sort leads by email (masked) or acquisition cost by spend (denied)', async () => {
      const byEmail = '{ leadsConnection(first: 5, orderBy: [{ email: ASC }]) { nodes { id email } totalCount } }';
      const refused = await gw().post('/graphql').set(await analyst()).send({ query: byEmail });
      expect(refused.body.errors[0].extensions).toMatchObject({ code: 'FORBIDDEN' });
      expect(refused.body.errors[0].message).toContain('Lead.email');
      const bySpend = await gw().post('/graphql').set(await analyst()).send({ query: '{ customerAcquisitionCostConnection(first: 5, orderBy: [{ spend: DESC }]) { nodes { id } } }' });
      expect(bySpend.body.errors[0].extensions).toMatchObject({ code: 'FORBIDDEN' });
      expect(bySpend.body.errors[0].message).toContain('AcquisitionCost.spend');
      // Ordering by an unclassified column is fine for the analyst; by email, fine for who reads it in clear.
      const byDate = await gw().post('/graphql').set(await analyst()).send({ query: '{ leadsConnection(first: 5, orderBy: [{ createdOn: ASC }]) { nodes { id } } }' });
      expect(byDate.body.errors).toBeUndefined();
      const allowed = await gw().post('/graphql').set(await exec()).send({ query: byEmail });
      expect(allowed.body.errors).toBeUndefined();
      const emails = allowed.body.data.leadsConnection.nodes.map((l: { email: string }) => l.email);
      expect(emails).toHaveLength(5);
      expect(emails).toEqual([...emails].sort());
    });
  });
});

/** The first value `get` gives that is not undefined, asking until it does. */
async function eventually<T>(get: () => Promise<T | undefined>): Promise<T> {
  let found: T | undefined;
  await until('the answer expected', async () => (found = await get()) !== undefined);
  return found!;
}
