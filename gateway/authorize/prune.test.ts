import { buildSchema, defaultFieldResolver, executeSync, getNamedType, getOperationAST, isAbstractType, parse, print, TypeInfo, visit, visitWithTypeInfo, type GraphQLCompositeType } from 'graphql';
import { describe, expect, it } from 'vitest';
import type { Decision } from '../../policies/engine/types.ts';
import { generateOperations } from '../../test/support/operations.ts';
import { executeUnderPolicy, syntheticSource, type DataSource } from '../../test/support/policyOracle.ts';
import { Random } from '../../subgraphs/kit/seed/random.ts';
import { pruneOperation, type Decide } from './prune.ts';
import { reshape } from './reshape.ts';

const schema = buildSchema(`
  type Query { customers: [Customer!]! customer(id: ID!): Customer secret: String }
  type Customer { id: ID! name: String email: String revenue: Float! orders: [Order!]! }
  type Order { id: ID! total: Float }
`);
const DENIED = new Set(['Customer.email', 'Customer.revenue', 'Order.total', 'Query.secret']);
const deciding = (denied: Set<string>, rule?: string): Decide => (c) => (denied.has(c) ? { effect: 'deny', mask: null, rule: rule ?? `no-${c}` } : { effect: 'allow', mask: null, rule: 'ok' });
const prune = (q: string, s = schema, decide = deciding(DENIED)) => {
  const document = parse(q);
  return pruneOperation(s, document, getOperationAST(document)!, decide);
};
const flat = (doc: Parameters<typeof print>[0]) => print(doc).replace(/\s+/g, ' ');

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

  it('keeps emptied selections valid with the private __typename, and a fully denied operation asks no subgraph', () => {
    const p = prune('{ secret }');
    expect(flat(p.document)).toBe(`{ ${p.typenameKey}: __typename }`);
    const nested = prune('{ customers { email } }');
    expect(flat(nested.document)).toBe(`{ customers { ${nested.typenameKey}: __typename } }`);
  });

  it('picks a private alias no selection of the caller uses', () => {
    const p = prune('{ _dpg_typename: secret customers { email } }');
    expect(p.typenameKey).not.toBe('_dpg_typename');
    expect(print(p.document)).toContain(`${p.typenameKey}: __typename`);
  });
});

describe('reshaping the result', () => {
  it('puts nulls where denied fields were, one FORBIDDEN error per field, and drops the added __typename', () => {
    const p = prune('{ customers { email } secret }');
    const k = p.typenameKey;
    const { data, errors } = reshape({ customers: [{ [k]: 'Customer' }, { [k]: 'Customer' }] }, p);
    expect(data).toEqual({ customers: [{ email: null }, { email: null }], secret: null });
    expect(errors).toEqual([
      { message: expect.stringContaining('Customer.email (rule no-Customer.email)'), path: ['customers', 0, 'email'], extensions: { code: 'FORBIDDEN', coordinate: 'Customer.email', rule: 'no-Customer.email' } },
      expect.objectContaining({ path: ['secret'], extensions: expect.objectContaining({ coordinate: 'Query.secret' }) }),
    ]);
  });

  it('keeps a __typename the caller asked for', () => {
    const p = prune('{ customers { __typename email } }');
    expect(reshape({ customers: [{ __typename: 'Customer', [p.typenameKey]: 'Customer' }] }, p).data).toEqual({ customers: [{ __typename: 'Customer', email: null }] });
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

const shop = buildSchema(`
  type Query { products: [Product!]! product(id: ID!): Product node(id: ID!): Node search: [SearchResult!]! }
  interface Node { id: ID! }
  interface Product implements Node { id: ID! name: String price: Float reviews: [Review!]! }
  type Book implements Product & Node { id: ID! name: String price: Float reviews: [Review!]! isbn: String author: Author }
  type Furniture implements Product & Node { id: ID! name: String! price: Float reviews: [Review!]! material: String }
  type Author implements Node { id: ID! name: String books: [Book!]! }
  type Review { id: ID! text: String }
  union SearchResult = Book | Furniture | Author
`);
const author = { __typename: 'Author', id: 'a1', name: 'Frank', books: [] as unknown[] };
const book = { __typename: 'Book', id: 'b1', name: 'Dune', price: 9.5, reviews: [{ id: 'r1', text: 'good' }], isbn: '978', author };
const chair = { __typename: 'Furniture', id: 'f1', name: 'Chair', price: 50, reviews: [], material: 'oak' };
author.books.push(book);
const fixed: DataSource = {
  fieldResolver: (parent, _args, _ctx, info) => (info.parentType.name === 'Query' ? { products: [book, chair, book], product: chair, node: book, search: [author, chair, book] }[info.fieldName] : defaultFieldResolver(parent, _args, _ctx, info)),
  typeResolver: (v) => (v as { __typename: string }).__typename,
};
const run = (doc: ReturnType<typeof parse>, source: DataSource) => executeSync({ schema: shop, document: doc, rootValue: {}, fieldResolver: source.fieldResolver, typeResolver: source.typeResolver }).data as Record<string, unknown>;
/** What the caller must get: the original operation over the same data, with denied fields null on their concrete type (graphql-js semantics). */
const expected = (q: string, denied: Set<string>, source = fixed) => executeUnderPolicy(shop, parse(q), source, (c) => denied.has(c));
/** What the gateway answers: the pruned operation over the same data, reshaped. */
const answered = (q: string, denied: Set<string>, source = fixed, rule?: string) => {
  const p = prune(q, shop, deciding(denied, rule));
  return { pruned: p, ...reshape(run(p.document, source), p) };
};

describe('abstract types: decided per concrete type', () => {
  it('leaves a field on an interface untouched when every implementation allows it', () => {
    expect(prune('{ products { id name } node(id: "1") { id } }', shop, deciding(new Set(['Author.name']))).changed).toBe(false);
  });

  it('removes a field every implementation denies, naming the interface field once', () => {
    const denied = new Set(['Book.price', 'Furniture.price']);
    const q = '{ products { id price } }';
    const { pruned, data, errors } = answered(q, denied, fixed, 'no-prices');
    expect(print(pruned.document)).not.toContain('price');
    expect(data).toEqual(expected(q, denied).data);
    expect(data).toEqual({ products: [{ id: 'b1', price: null }, { id: 'f1', price: null }, { id: 'b1', price: null }] });
    expect(errors).toEqual([expect.objectContaining({ path: ['products', 0, 'price'], extensions: expect.objectContaining({ coordinate: 'Product.price', rule: 'no-prices' }) })]);
    // Denied by different rules, each concrete type's denial is named where it first nulled a value.
    expect(answered(q, denied).errors.map((e) => [e.path, e.extensions!.coordinate])).toEqual([
      [['products', 0, 'price'], 'Book.price'],
      [['products', 1, 'price'], 'Furniture.price'],
    ]);
  });

  it('moves a field some implementations deny into fragments on the others, so they keep their data', () => {
    const denied = new Set(['Furniture.price']);
    const q = '{ products { id cost: price } }';
    const { pruned, data, errors } = answered(q, denied);
    expect(flat(pruned.document)).toContain('... on Book { cost: price }');
    expect(flat(pruned.document)).not.toContain('... on Furniture { cost: price }');
    expect(data).toEqual(expected(q, denied).data);
    expect(data).toEqual({ products: [{ id: 'b1', cost: 9.5 }, { id: 'f1', cost: null }, { id: 'b1', cost: 9.5 }] });
    expect(errors).toEqual([expect.objectContaining({ path: ['products', 1, 'cost'], extensions: expect.objectContaining({ coordinate: 'Furniture.price', rule: 'no-Furniture.price' }) })]);
    expect(JSON.stringify(data)).not.toContain(pruned.typenameKey);
  });

  it('nulls the parent of a denied field that is non-null on the concrete type, though nullable on the interface', () => {
    const denied = new Set(['Furniture.name']);
    const q = '{ product(id: "1") { id name } search { ... on Product { name } } }';
    const { data } = answered(q, denied);
    expect(data).toEqual(expected(q, denied).data);
    // The chair's name is String! on Furniture: the chair itself becomes null; in search, a non-null list of non-null items, everything.
    expect(data).toBeNull();
    expect(answered('{ product(id: "1") { id name } }', denied).data).toEqual({ product: null });
  });

  it('cannot read a denied concrete field through aliases, inline or named fragments, nested abstract types or unions', () => {
    const denied = new Set(['Book.isbn', 'Furniture.material', 'Author.name']);
    const queries = [
      '{ products { ... on Book { a: isbn b: isbn } } }',
      '{ search { ... on Product { ... on Book { isbn } } ... on Furniture { material } ... on Node { ... on Author { name } } } }',
      'query { node(id: "1") { ...N } products { ...N } } fragment N on Node { ... on Book { isbn author { name } } ... on Furniture { m: material } }',
      '{ search { ... on Book { author { name books { isbn } } } } }',
    ];
    for (const q of queries) {
      const { pruned, data } = answered(q, denied);
      expect(print(pruned.document)).not.toMatch(/\b(isbn|material|name)\b/);
      expect(data).toEqual(expected(q, denied).data);
    }
  });

  it('always allows __typename, also on denied types', () => {
    const denied = new Set(['Book.id', 'Furniture.id', 'Author.id', 'Book.name', 'Furniture.name', 'Author.name']);
    const q = '{ search { __typename t: __typename ... on Node { id } } }';
    const { pruned, data } = answered(q, denied);
    expect(print(pruned.document)).toContain('t: __typename');
    expect(data).toEqual(expected(q, denied).data);
  });
});

/** Every (concrete type, field) the rewritten document can make a subgraph resolve. */
function reachable(doc: ReturnType<typeof parse>): Set<string> {
  const typeInfo = new TypeInfo(shop);
  const out = new Set<string>();
  visit(
    doc,
    visitWithTypeInfo(typeInfo, {
      Field(node) {
        const parent = typeInfo.getParentType() as GraphQLCompositeType | null;
        if (!parent || node.name.value.startsWith('__')) return;
        for (const t of isAbstractType(parent) ? shop.getPossibleTypes(parent) : [parent]) out.add(`${t.name}.${node.name.value}`);
      },
    }),
  );
  return out;
}

describe('properties over generated operations and policies', () => {
  const synthetic = syntheticSource(shop);
  const coordinates = Object.values(shop.getTypeMap())
    .filter((t) => !t.name.startsWith('__') && 'getFields' in t && !isAbstractType(t) && t.name !== 'Query')
    .flatMap((t) => Object.keys((t as GraphQLCompositeType & { getFields(): object }).getFields()).map((f) => `${t.name}.${f}`));
  const operations = generateOperations(shop, { seed: 'prune-properties', count: 150, maxDepth: 3 });
  const random = new Random('deny-sets');
  const policies = Array.from({ length: 12 }, () => new Set(coordinates.filter(() => random.chance(0.25))));

  it('generates enough operations to mean something', () => {
    expect(operations.length).toBeGreaterThanOrEqual(120);
    expect(operations.filter((q) => q.includes('... on')).length).toBeGreaterThan(40);
    expect(operations.filter((q) => q.includes('fragment F')).length).toBeGreaterThan(20);
  });

  it('never lets the planner see a denied field on any concrete type it could be read on', () => {
    for (const denied of policies) {
      for (const q of operations) {
        const { pruned } = answered(q, denied, synthetic);
        const leaks = [...reachable(pruned.document)].filter((c) => denied.has(c));
        expect(leaks, q).toEqual([]);
      }
    }
  });

  it('answers exactly what the original operation gives with denied fields null on their concrete types', () => {
    let compared = 0;
    for (const denied of policies) {
      for (const q of operations) {
        const want = expected(q, denied, synthetic);
        const got = answered(q, denied, synthetic);
        expect(got.data, `${q}\ndenied: ${[...denied].join(' ')}`).toEqual(want.data);
        // Every place a denied value was withheld carries a FORBIDDEN error for its path.
        const pattern = (path: readonly (string | number)[]) => path.filter((s) => typeof s === 'string').join('.');
        const errorPaths = new Set(got.errors.map((e) => pattern(e.path ?? [])));
        for (const d of want.denied) expect(errorPaths.has(pattern(d.path)), `${q}: no error for ${d.coordinate} at ${d.path.join('.')}`).toBe(true);
        compared++;
      }
    }
    expect(compared).toBe(operations.length * policies.length);
  });

  it('does not change an operation when nothing it reaches is denied', () => {
    for (const q of operations) {
      const p = prune(q, shop, deciding(new Set()));
      expect(p.changed).toBe(false);
      expect(getNamedType(shop.getQueryType()!)).toBeDefined();
    }
  });
});
