import { Readable } from 'node:stream';
import { buildSchema } from 'graphql';
import { describe, expect, it } from 'vitest';
import type { HttpRequest } from '../../platform/http.ts';
import type { Decision } from '../../policies/engine/types.ts';
import { csvField, csvLine } from './format.ts';
import { exportRoute, type ExportDeps } from './route.ts';

const schema = buildSchema(`
  type Query { items(first: Int = 50, after: ID): [Item!]! }
  "A thing."
  type Item { id: ID! "Its label." label: String secret: String }
`);
const allow: Decision = { effect: 'allow', mask: null, rule: 'r' };
const deny: Decision = { effect: 'deny', mask: null, rule: 'default-deny' };

/** A gateway whose handler serves `total` rows of `items`, recording each page asked for. */
function fakeGateway(total: number, pageSize: number) {
  const asked: unknown[] = [];
  const deps: ExportDeps = {
    handle: async (http) => {
      const { variables } = http.body as { variables: { first: number; after: string | null } };
      asked.push(variables.after);
      const start = variables.after === null ? 0 : Number(variables.after) + 1;
      const rows = Array.from({ length: Math.max(0, Math.min(variables.first, total - start)) }, (_, i) => ({ id: String(start + i), label: `label, "${start + i}"` }));
      return { status: 200, body: { data: { items: rows } } };
    },
    runtime: { current: { apiSchema: schema } } as never,
    policy: { current: { decide: (_p: unknown, c: string) => (c === 'Item.secret' ? deny : allow) } } as never,
    identity: { verifyToken: async () => ({ subject: 's', roles: [], scopes: [], attributes: {} }), lookupApiKey: () => undefined },
    catalog: { current: () => [], settled: async () => {} },
    pageSize,
    logger: { warn: () => {} } as never,
  };
  const req = (file: string): HttpRequest => ({ method: 'GET', path: `/export/${file}`, query: new URLSearchParams(), params: { file }, headers: { authorization: 'Bearer t' }, body: undefined, raw: undefined as never });
  return { route: exportRoute(deps), asked, req };
}

describe('exports', () => {
  it('quotes CSV fields as RFC 4180 says', () => {
    expect(csvField('plain')).toBe('plain');
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('two\nlines')).toBe('"two\nlines"');
    expect(csvField(null)).toBe('');
    expect(csvField(['x', 'y'])).toBe('"[""x"",""y""]"');
    expect(csvLine(['é', 1, true])).toBe('é,1,true\r\n');
  });

  it('streams page by page: the first bytes are out before the last page is fetched, and no page is fetched twice', async () => {
    const { route, asked, req } = fakeGateway(100_000, 100);
    const reply = await route(req('items.csv'));
    expect(reply.headers).toMatchObject({ 'x-dpg-columns': 'id, label', 'x-dpg-denied-columns': 'secret' });
    const body = reply.body as Readable;
    const first = (await body[Symbol.asyncIterator]().next()).value as Buffer;
    expect(first.toString('utf8')).toBe('\uFEFFid,label\r\n');
    // Only what the stream's buffer holds was fetched, not the 1,000 pages.
    expect(asked.length).toBeLessThan(20);
    let rows = 0;
    for await (const chunk of body) rows += (chunk as Buffer).toString('utf8').split('\r\n').length - 1;
    expect(rows).toBe(100_000);
    expect(asked.length).toBe(1001);
    expect(new Set(asked).size).toBe(1001);
  });

  it('describes its columns with their descriptions and names the denied ones', async () => {
    const { route, req } = fakeGateway(1, 10);
    const reply = await route(req('items.columns.json'));
    expect(reply.body).toEqual({
      list: 'items',
      product: null,
      columns: [
        { name: 'id', type: 'ID!', description: null },
        { name: 'label', type: 'String', description: 'Its label.' },
      ],
      denied: [{ name: 'secret', type: 'String', description: null }],
    });
  });
});
