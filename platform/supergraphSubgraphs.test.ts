import { describe, expect, it } from 'vitest';
import { compose } from '../schema-registry/compose.ts';
import { subgraphUrls } from './supergraphSubgraphs.ts';

describe('subgraphUrls', () => {
  it('names every subgraph of a composed supergraph with its URL, as federation does', async () => {
    const composed = compose([
      { name: 'inventory', url: 'http://inventory:4001/graphql', sdl: 'extend schema @link(url: "https://specs.apollo.dev/federation/v2.3", import: ["@key"]) type Product @key(fields: "id") { id: ID! stock: Int }' },
      { name: 'product-catalog', url: 'https://catalog.example.com/graphql', sdl: 'extend schema @link(url: "https://specs.apollo.dev/federation/v2.3", import: ["@key"]) type Product @key(fields: "id") { id: ID! name: String } type Query { products: [Product] }' },
    ]);
    if (!composed.ok) throw new Error(JSON.stringify(composed.errors));
    const { Supergraph } = await import('@apollo/federation-internals');
    const expected = Object.fromEntries(Supergraph.build(composed.supergraphSdl).subgraphs().values().map((s) => [s.name, s.url]));
    expect(subgraphUrls(composed.supergraphSdl)).toEqual(expected);
    expect(Object.keys(expected).sort()).toEqual(['inventory', 'product-catalog']);
  });

  it('finds none in a text that is no supergraph', () => {
    expect(subgraphUrls('type Query { a: Int }')).toEqual({});
  });
});
