/** A small two-subgraph supergraph and helpers for the engine's unit tests. */
import { composeServices } from '@apollo/composition';
import { parse } from 'graphql';
import type { Principal } from '../principal.ts';
import { compilePolicy } from './compile.ts';
import { parsePolicy, type PolicySource } from './load.ts';
import { factsFromSupergraph, type SchemaFacts } from './schemaFacts.ts';
import { validatePolicy } from './validate.ts';

const LINK = 'extend schema @link(url: "https://specs.apollo.dev/federation/v2.7", import: ["@key", "@tag"])';

export const CRM = `extend schema @link(url: "https://specs.apollo.dev/federation/v2.7", import: ["@key", "@tag", "@composeDirective"])
  @link(url: "https://data-product-gateway.dev/reads/v1.0", import: ["@reads"]) @composeDirective(name: "@reads")
directive @reads(field: String!) repeatable on ARGUMENT_DEFINITION | INPUT_FIELD_DEFINITION
scalar Date
type Query { customers(first: Int, minRevenue: Float @reads(field: "Customer.revenue"), filter: CustomerFilter): [Customer!]! }
input CustomerFilter { region: String @reads(field: "Customer.region") emailContains: String @reads(field: "Customer.email") }
type Customer @key(fields: "id") {
  id: ID!
  name: String @tag(name: "internal")
  email: String @tag(name: "pii")
  born: Date @tag(name: "pii")
  region: String!
  revenue: Float @tag(name: "confidential")
  orderCount: Int @tag(name: "aggregate")
  tier: String! @tag(name: "internal")
}`;

export const SUPPORT = `${LINK}
type Query { cases(first: Int): [Case!]! }
type Case @key(fields: "id") { id: ID! status: String! customer: Customer note: String @tag(name: "pii") }
type Customer @key(fields: "id") { id: ID! cases: [Case!] }`;

export const supergraphSdl = (() => {
  const r = composeServices([
    { name: 'crm', url: 'http://crm', typeDefs: parse(CRM) },
    { name: 'support', url: 'http://support', typeDefs: parse(SUPPORT) },
  ]);
  if (r.errors) throw new Error(r.errors.map((e) => e.message).join('\n'));
  return r.supergraphSdl;
})();

export const facts = factsFromSupergraph(supergraphSdl);

const LINK_ABSTRACT = 'extend schema @link(url: "https://specs.apollo.dev/federation/v2.7", import: ["@key", "@tag", "@interfaceObject"])';

/** A shop with abstract types: an entity interface, a plain interface, a union, and an @interfaceObject in a second subgraph. */
export const SHOP = `${LINK_ABSTRACT}
scalar Date
type Query { products: [Product!]! node(id: ID!): Node search(text: String!): [SearchResult!]! }
interface Node { id: ID! }
interface Product implements Node @key(fields: "id") { id: ID! name: String price: Float! @tag(name: "confidential") }
type Book implements Product & Node @key(fields: "id") { id: ID! name: String price: Float! @tag(name: "confidential") isbn: String author: Author }
type Furniture implements Product & Node @key(fields: "id") @key(fields: "sku { code }") { id: ID! name: String! price: Float! sku: Sku! }
type Sku { code: String! }
type Author implements Node { id: ID! name: String born: Date @tag(name: "pii") }
union SearchResult = Book | Author`;

export const REVIEWS = `${LINK_ABSTRACT}
type Product @key(fields: "id") @interfaceObject { id: ID! reviews: [String!] note: String @tag(name: "pii") }`;

export const shopSupergraphSdl = (() => {
  const r = composeServices([
    { name: 'shop', url: 'http://shop', typeDefs: parse(SHOP) },
    { name: 'reviews', url: 'http://reviews', typeDefs: parse(REVIEWS) },
  ]);
  if (r.errors) throw new Error(r.errors.map((e) => e.message).join('\n'));
  return r.supergraphSdl;
})();

export const shopFacts = factsFromSupergraph(shopSupergraphSdl);

export const sources = (files: Record<string, string>): PolicySource[] => Object.entries(files).map(([file, text]) => ({ file, text }));

export function check(files: Record<string, string>, against: SchemaFacts = facts) {
  const { policy, problems } = parsePolicy(sources(files));
  return policy ? validatePolicy(policy, against) : problems;
}

export function compile(files: Record<string, string>, against: SchemaFacts = facts) {
  const { policy, problems } = parsePolicy(sources(files));
  if (!policy) throw new Error(JSON.stringify(problems));
  const invalid = validatePolicy(policy, against);
  if (invalid.length) throw new Error(JSON.stringify(invalid));
  return compilePolicy(policy, against);
}

export const who = (roles: string[], attributes: Record<string, string> = {}, scopes: string[] = [], subject = 'u1'): Principal => ({ subject, roles, scopes, attributes });
