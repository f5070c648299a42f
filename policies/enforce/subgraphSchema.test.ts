import { buildSubgraphSchema } from '@apollo/subgraph';
import { execute, parse } from 'graphql';
import { describe, expect, it } from 'vitest';
import { applyMask } from '../engine/masks.ts';
import { compile, REVIEWS, SHOP, shopFacts, who } from '../engine/fixtures.ts';
import { factsFromSubgraph, type SchemaFacts } from '../engine/schemaFacts.ts';
import type { Principal } from '../principal.ts';
import { enforce, type EnforcementContext } from './subgraphSchema.ts';

const POLICY = {
  'p.yaml': `tags:
  pii:
    unmasked: { roles: [hr] }
    otherwise: partial
    overrides: { Author.born: year-only }
grants:
  - id: product-names
    to: { roles: [shopper] }
    read: [{ field: Product.name }, { field: Query.products }]
  - id: book-notes
    to: { roles: [shopper] }
    read: [{ field: Book.note }]
    masks: { Book.note: hash }
  - id: all-notes
    to: { roles: [shopper] }
    read: [{ field: Furniture.note }]
forbid:
  - id: no-book-names
    to: { roles: [shopper] }
    read: [{ field: Book.name }]
`,
};

const book = { __typename: 'Book', id: 'b1', name: 'Dune', price: 9, isbn: '978' };
const chair = { __typename: 'Furniture', id: 'f1', name: 'Chair', price: 50, sku: { code: 'C-1' } };
const shopSchema = buildSubgraphSchema({
  typeDefs: parse(SHOP),
  resolvers: {
    Query: { products: () => [book, chair] },
    Product: { __resolveType: (p: { __typename: string }) => p.__typename },
    Node: { __resolveType: (p: { __typename: string }) => p.__typename },
    SearchResult: { __resolveType: (p: { __typename: string }) => p.__typename },
  } as never,
});
const reviewsSchema = buildSubgraphSchema({
  typeDefs: parse(REVIEWS),
  resolvers: { Product: { __resolveReference: (ref: { id: string }) => ({ ...ref, reviews: ['great'], note: 'jane@example.com' }) } } as never,
});

async function run(schema: ReturnType<typeof buildSubgraphSchema>, facts: SchemaFacts, principal: Principal, query: string) {
  const policy = compile(POLICY, shopFacts);
  const enforced = enforce(schema, facts, (strategy, value) => applyMask(strategy, value, 'k'));
  const ctx: EnforcementContext = { decide: (c) => policy.decide(principal, c) };
  return execute({ schema: enforced, document: parse(query), contextValue: ctx });
}

describe('subgraph enforcement on abstract types', () => {
  it('decides fields of an interface on the concrete type that resolves them', async () => {
    const facts = factsFromSubgraph('shop', SHOP);
    const res = await run(shopSchema, facts, who(['shopper']), '{ products { __typename id name } }');
    expect(res.data).toEqual({ products: [{ __typename: 'Book', id: 'b1', name: null }, { __typename: 'Furniture', id: 'f1', name: 'Chair' }] });
    expect(res.errors?.map((e) => [e.path, e.extensions.rule])).toEqual([[['products', 0, 'name'], 'no-book-names']]);
  });

  it('denies a field selected through an interface on an implementation no grant covers', async () => {
    const facts = factsFromSubgraph('shop', SHOP);
    const res = await run(shopSchema, facts, who(['nobody']), '{ products { id } }');
    expect(res.errors?.[0].extensions).toMatchObject({ code: 'FORBIDDEN', rule: 'default-deny' });
  });

  it('in an @interfaceObject subgraph deciding on the supergraph: the most restrictive decision among implementations, masks included', async () => {
    const query = '{ _entities(representations: [{ __typename: "Product", id: "b1" }]) { ... on Product { id note } } }';
    const res = await run(reviewsSchema, shopFacts, who(['shopper']), query);
    // Book.note is hashed, Furniture.note only partially masked: without the concrete type, the hash applies.
    expect((res.data as { _entities: { note: string }[] })._entities[0].note).toMatch(/^h:/);
    expect(res.errors).toBeUndefined();
    const denied = await run(reviewsSchema, shopFacts, who(['shopper']), '{ _entities(representations: [{ __typename: "Product", id: "b1" }]) { ... on Product { reviews } } }');
    expect(denied.errors?.[0].extensions).toMatchObject({ code: 'FORBIDDEN', rule: 'default-deny' });
  });

  it('keeps federation plumbing and key fields allowed for every caller', async () => {
    const facts = factsFromSubgraph('reviews', REVIEWS);
    const res = await run(reviewsSchema, facts, who(['nobody']), '{ _service { sdl } _entities(representations: [{ __typename: "Product", id: "b1" }]) { __typename ... on Product { id } } }');
    expect(res.errors).toBeUndefined();
    expect((res.data as { _entities: unknown[] })._entities).toEqual([{ __typename: 'Product', id: 'b1' }]);
  });
});
