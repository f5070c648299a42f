import { buildSchema, parse, print } from 'graphql';
import { describe, expect, it } from 'vitest';
import { HttpError } from '../../platform/http.ts';
import { exportFormatAccepted } from '../http/mediaType.ts';
import { listQuery } from './listQuery.ts';

const schema = buildSchema(`
  type Query {
    items(first: Int = 50, after: ID, filter: String): [Item!]!
    itemsConnection(first: Int = 50, after: String, orderBy: String): ItemConnection!
    item(id: ID!): Item
    tags: [String!]!
  }
  type Mutation { touch: Boolean }
  type Item { id: ID! label: String owner: Owner notes: [Note!] }
  type Owner { id: ID! name: String }
  type Note { text: String }
  type ItemConnection { nodes: [Item!]! pageInfo: PageInfo! totalCount: Int! }
  type PageInfo { endCursor: String hasNextPage: Boolean! }
`);
const params = (query: string, variables: Record<string, unknown> = {}, operationName?: string) => ({ query, variables, operationName, extensions: {} });
const refusal = (query: string, format: 'csv' | 'ndjson' = 'csv') => {
  try {
    listQuery(schema, params(query), format);
  } catch (err) {
    return { status: (err as HttpError).status, code: (err as HttpError).details.code, message: (err as Error).message };
  }
  throw new Error('not refused');
};

describe('a list query asked for as a file', () => {
  it('walks a plain list by the last id, keeping the caller\'s arguments and variables, and strips what it added', () => {
    const list = listQuery(schema, params('query Q($f: String, $n: Int) { rows: items(first: $n, filter: $f) { label owner { name } notes { text } } }', { f: 'x', n: 3 }), 'csv');
    expect(list.name).toBe('rows');
    expect(print(parse(list.walk.query))).toBe(print(parse('query Q($f: String, $dpgExportFirst: Int, $dpgExportAfter: ID) { rows: items(filter: $f, first: $dpgExportFirst, after: $dpgExportAfter) { label owner { name } notes { text } dpgExportId: id } }')));
    expect(list.walk.variables).toEqual({ f: 'x', n: 3 });
    expect(list.columns.map((c) => c.name)).toEqual(['label', 'owner.name', 'notes']);
    const full = list.walk.page({ rows: [{ label: 'a', dpgExportId: '1' }, { label: 'b', dpgExportId: '2' }] }, 2);
    expect(full).toEqual({ rows: [{ label: 'a' }, { label: 'b' }], next: '2' });
    expect(list.walk.page({ rows: [{ label: 'c', dpgExportId: '3' }] }, 2).next).toBeUndefined();
  });

  it('says which fields each column reads, the relations that lead to a nested one included, so a denied relation names its columns', () => {
    const list = listQuery(schema, params('{ items { label who: owner { name id } notes { text } } }'), 'csv');
    expect(Object.fromEntries(list.columns.map((c) => [c.name, c.reads]))).toEqual({
      label: ['Item.label'],
      'who.name': ['Item.owner', 'Owner.name'],
      'who.id': ['Item.owner', 'Owner.id'],
      notes: ['Item.notes'],
    });
  });

  it('walks a connection by its end cursor, its nodes the rows', () => {
    const list = listQuery(schema, params('{ itemsConnection(orderBy: "label") { totalCount nodes { id label } pageInfo { hasNextPage } } }'), 'ndjson');
    expect(print(parse(list.walk.query))).toBe(print(parse('query($dpgExportFirst: Int, $dpgExportAfter: String) { itemsConnection(orderBy: "label", first: $dpgExportFirst, after: $dpgExportAfter) { nodes { id label } dpgExportPage: pageInfo { endCursor hasNextPage } } }')));
    const data = (hasNextPage: boolean) => ({ itemsConnection: { nodes: [{ id: '1', label: 'a' }], dpgExportPage: { endCursor: 'c1', hasNextPage } } });
    expect(list.walk.page(data(true), 50)).toEqual({ rows: [{ id: '1', label: 'a' }], next: 'c1' });
    expect(list.walk.page(data(false), 50).next).toBeUndefined();
  });

  it('refuses, with a 406 that says what can be exported, what is not a single pageable list', () => {
    expect(refusal('{ items { id } tags }')).toMatchObject({ status: 406, code: 'NOT_ACCEPTABLE' });
    expect(refusal('{ item(id: "1") { id } }').message).toContain('does not page by first/after');
    expect(refusal('{ tags }').code).toBe('NOT_ACCEPTABLE');
    expect(refusal('{ itemsConnection { totalCount } }').message).toContain('no nodes');
    expect(refusal('mutation { touch }').status).toBe(406);
    expect(refusal('{ ...F } fragment F on Query { items { id } }').status).toBe(406);
    // CSV needs columns known before the rows; NDJSON does not.
    expect(refusal('{ items { ... on Item { id } } }').message).toContain('fragments');
    expect(() => listQuery(schema, params('{ items { ... on Item { id } } }'), 'ndjson')).not.toThrow();
    expect(refusal('{ items { nope } }')).toMatchObject({ status: 400, code: 'GRAPHQL_VALIDATION_FAILED' });
    expect(refusal('{ items {')).toMatchObject({ status: 400, code: 'GRAPHQL_PARSE_FAILED' });
  });

  it('keeps the fragments the rows use and drops the ones only the dropped selections used', () => {
    const list = listQuery(schema, params('{ itemsConnection { nodes { ...Row } pageInfo { ...Page } } } fragment Row on Item { id } fragment Page on PageInfo { endCursor }'), 'ndjson');
    expect(list.walk.query).toContain('fragment Row');
    expect(list.walk.query).not.toContain('fragment Page');
  });

  it('answers as a file only when the client prefers CSV or NDJSON to JSON', () => {
    expect(exportFormatAccepted('text/csv')).toBe('csv');
    expect(exportFormatAccepted('application/x-ndjson, application/json;q=0.5')).toBe('ndjson');
    expect(exportFormatAccepted('application/json, text/csv;q=0.5')).toBeUndefined();
    expect(exportFormatAccepted('*/*')).toBeUndefined();
    expect(exportFormatAccepted(undefined)).toBeUndefined();
  });
});
