import { buildClientSchema, buildSchema, getIntrospectionQuery, getOperationAST, graphqlSync, parse, printSchema, validateSchema, type GraphQLUnionType } from 'graphql';
import { describe, expect, it } from 'vitest';
import { filterSchema } from './filterSchema.ts';
import { introspectionPart } from './plugin.ts';

const schema = buildSchema(`
  type Query { products(filter: ProductFilter): [Product!]! node(id: ID!): Node search(text: String!): [SearchResult!]! accounts: [Account!]! }
  type Mutation { renameAccount(id: ID!, name: String!): Account }
  interface Node { id: ID! }
  interface Product implements Node { id: ID! name: String price: Float }
  type Book implements Product & Node { id: ID! name: String price: Float isbn: String }
  type Furniture implements Product & Node { id: ID! name: String price: Float material: Material }
  type Material { wood: String }
  type Author implements Node { id: ID! name: String }
  union SearchResult = Book | Author | Furniture
  type Account { id: ID! revenue(currency: Currency!): Float owner: Owner }
  type Owner { email: String }
  input ProductFilter { priceAbove: Float }
  enum Currency { EUR USD }
`);

const visible = (allowed: string[]) => ({ field: (c: string) => allowed.includes(c) });
const fieldsOf = (s: ReturnType<typeof filterSchema>, type: string) => Object.keys((s.getType(type) as { getFields(): object } | undefined)?.getFields() ?? {});

describe('the schema one caller may see', () => {
  const caller = visible(['Query.products', 'Query.search', 'Book.id', 'Book.name', 'Book.isbn', 'Furniture.id', 'Furniture.price', 'Furniture.material', 'Author.id']);
  const s = filterSchema(schema, caller);

  it('hides denied fields, shows an interface field some implementation may read, and stays a valid schema GraphiQL can load', () => {
    expect(validateSchema(s)).toEqual([]);
    expect(fieldsOf(s, 'Query')).toEqual(['products', 'search']);
    expect(fieldsOf(s, 'Product')).toEqual(['id', 'name', 'price']);
    // Book may not read price itself, but the interface it implements shows it.
    expect(fieldsOf(s, 'Book')).toEqual(['id', 'name', 'price', 'isbn']);
    expect(fieldsOf(s, 'Author')).toEqual(['id']);
    const introspected = graphqlSync({ schema: s, source: getIntrospectionQuery() });
    expect(introspected.errors).toBeUndefined();
    expect(() => buildClientSchema(introspected.data as never)).not.toThrow();
  });

  it('hides types left with nothing readable, and everything that only they or hidden fields referred to', () => {
    expect(s.getType('Material')).toBeUndefined(); // no readable field
    expect(fieldsOf(s, 'Furniture')).toEqual(['id', 'name', 'price']);
    for (const gone of ['Account', 'Owner', 'Currency', 'Mutation']) expect(s.getType(gone), gone).toBeUndefined();
    expect(s.getMutationType()).toBeUndefined();
    expect(printSchema(s)).not.toMatch(/revenue|email|renameAccount|wood/);
  });

  it('drops union members and implementations the caller cannot read at all', () => {
    const narrow = filterSchema(schema, visible(['Query.search', 'Query.node', 'Book.id', 'Book.isbn']));
    expect(validateSchema(narrow)).toEqual([]);
    expect((narrow.getType('SearchResult') as GraphQLUnionType).getTypes().map((t) => t.name)).toEqual(['Book']);
    expect(narrow.getType('Author')).toBeUndefined();
    expect(narrow.getPossibleTypes(narrow.getType('Node') as never).map((t) => t.name)).toEqual(['Book']);
  });

  it('hides arguments the caller may not use, and fields whose required argument it may not use', () => {
    const s2 = filterSchema(schema, {
      field: () => true,
      argument: (c) => !['Query.products(filter:)', 'Account.revenue(currency:)'].includes(c),
    });
    expect(validateSchema(s2)).toEqual([]);
    expect((s2.getQueryType()!.getFields().products.args ?? []).map((a) => a.name)).toEqual([]);
    expect(fieldsOf(s2, 'Account')).toEqual(['id', 'owner']);
    expect(s2.getType('ProductFilter')).toBeUndefined();
  });

  it('hides input fields the caller may not use, and an input object (with the arguments of its type) left with none', () => {
    const some = filterSchema(schema, { field: () => true, inputField: (c) => c !== 'ProductFilter.priceAbove' });
    expect(validateSchema(some)).toEqual([]);
    expect(some.getType('ProductFilter')).toBeUndefined();
    expect((some.getQueryType()!.getFields().products.args ?? []).map((a) => a.name)).toEqual([]);
    const nested = filterSchema(buildSchema('type Query { find(where: Where!, sort: Sort): [Int] count(where: Where): Int } input Where { region: String email: String inner: Inner } input Inner { minSpend: Float } input Sort { by: String! }'), {
      field: () => true,
      inputField: (c) => !['Where.email', 'Inner.minSpend', 'Sort.by'].includes(c),
    });
    expect(validateSchema(nested)).toEqual([]);
    // Where keeps region; Inner has nothing left, so Where.inner goes; Sort loses a required field, so the sort argument goes.
    expect(Object.keys((nested.getType('Where') as never as { getFields(): object }).getFields())).toEqual(['region']);
    expect(nested.getType('Inner')).toBeUndefined();
    expect(nested.getQueryType()!.getFields().find.args.map((a) => a.name)).toEqual(['where']);
    expect(nested.getType('Sort')).toBeUndefined();
  });

  it('leaves a caller who may read nothing a Query type and nothing else', () => {
    const none = filterSchema(schema, visible([]));
    expect(Object.keys(none.getTypeMap()).filter((t) => !t.startsWith('__') && !['String', 'Boolean'].includes(t))).toEqual(['Query']);
  });
});

describe('the introspection part of an operation', () => {
  it('keeps only root __schema and __type fields, also through fragments, and knows their response keys', () => {
    const document = parse('query Q { products { id } t: __type(name: "Book") { name } ...R } fragment R on Query { __schema { queryType { name } } accounts { id } }');
    const part = introspectionPart(document, getOperationAST(document)!)!;
    expect([...part.keys]).toEqual(['t', '__schema']);
    const flat = part.document.definitions.map((d) => JSON.stringify(d));
    expect(flat.join()).not.toMatch(/"products"|"accounts"/);
  });

  it('is undefined for an operation without introspection', () => {
    const document = parse('{ products { __typename id } }');
    expect(introspectionPart(document, getOperationAST(document)!)).toBeUndefined();
  });
});
