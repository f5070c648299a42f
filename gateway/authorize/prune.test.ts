import { buildSchema, parse, print, getOperationAST } from 'graphql';
import { describe, expect, it } from 'vitest';
import type { Decision } from '../../policies/engine/types.ts';
import { pruneOperation } from './prune.ts';
import { reshape } from './reshape.ts';

const schema = buildSchema(`
  type Query { customers: [Customer!]! customer(id: ID!): Customer secret: String }
  type Customer { id: ID! name: String email: String revenue: Float! orders: [Order!]! }
  type Order { id: ID! total: Float }
`);
const DENIED = new Set(['Customer.email', 'Customer.revenue', 'Order.total', 'Query.secret']);
const decide = (c: string): Decision => (DENIED.has(c) ? { effect: 'deny', mask: null, rule: `no-${c}` } : { effect: 'allow', mask: null, rule: 'ok' });
const prune = (q: string) => {
  const document = parse(q);
  return pruneOperation(schema, document, getOperationAST(document)!, decide);
};

describe('pruning an operation before planning', () => {
  it('leaves an operation with nothing denied untouched', () => {
    const p = prune('{ customers { id name } }');
    expect(p.changed).toBe(false);
    expect(p.denied).toEqual([]);
  });

  it('removes denied fields everywhere, including inside fragments, and remembers their response paths', () => {
    const p = prune('query Q { customers { id ...F c: email } } fragment F on Customer { name email orders { id total } }');
    expect(print(p.document)).not.toMatch(/email|total/);
    expect(p.denied.map((d) => [d.coordinate, d.path.map((s) => s.key).join('.'), d.rule])).toEqual([
      ['Customer.email', 'customers.email', 'no-Customer.email'],
      ['Order.total', 'customers.orders.total', 'no-Order.total'],
      ['Customer.email', 'customers.c', 'no-Customer.email'],
    ]);
  });

  it('keeps emptied selections valid with __typename, and a fully denied operation asks no subgraph', () => {
    const p = prune('{ secret }');
    expect(print(p.document).replace(/\s+/g, ' ')).toBe('{ __typename }');
    expect(p.injectedTypename.map((path) => path.length)).toEqual([0]);
    const nested = prune('{ customers { email } }');
    expect(print(nested.document).replace(/\s+/g, ' ')).toBe('{ customers { __typename } }');
  });
});

describe('reshaping the result', () => {
  it('puts nulls where denied fields were, one FORBIDDEN error per field, and drops the added __typename', () => {
    const p = prune('{ customers { email } secret }');
    const { data, errors } = reshape({ customers: [{ __typename: 'Customer' }, { __typename: 'Customer' }] }, p);
    expect(data).toEqual({ customers: [{ email: null }, { email: null }], secret: null });
    expect(errors).toEqual([
      { message: expect.stringContaining('Customer.email (rule no-Customer.email)'), path: ['customers', 0, 'email'], extensions: { code: 'FORBIDDEN', coordinate: 'Customer.email', rule: 'no-Customer.email' } },
      expect.objectContaining({ path: ['secret'], extensions: expect.objectContaining({ coordinate: 'Query.secret' }) }),
    ]);
  });

  it('keeps a __typename the caller asked for', () => {
    const p = prune('{ customers { __typename email } }');
    expect(reshape({ customers: [{ __typename: 'Customer' }] }, p).data).toEqual({ customers: [{ __typename: 'Customer', email: null }] });
  });

  it('propagates a null in a non-null position to the nearest nullable parent, as GraphQL does', () => {
    // revenue is Float!: its null nulls the customer, a non-null list item, which nulls the list — and customers is non-null too.
    const p = prune('{ customer(id: "1") { id revenue } customers { id revenue } }');
    const { data } = reshape({ customer: { id: '1' }, customers: [{ id: '1' }] }, p);
    expect(data).toBeNull();
    const nullableParent = prune('{ customer(id: "1") { id revenue } }');
    expect(reshape({ customer: { id: '1' } }, nullableParent).data).toEqual({ customer: null });
  });
});
