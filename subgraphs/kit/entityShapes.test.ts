/**
 * Every Federation 2 entity shape the kit resolves, on a real (embedded)
 * PostgreSQL, counting the SQL statements each request sends: several,
 * composite and nested @keys, each batched on its own; two definitions of one
 * table; @requires values from the representation; entity interfaces;
 * @provides; and `_service { sdl }` as published.
 */
import { buildSubgraphSchema } from '@apollo/subgraph';
import { graphql, parse } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database, type Queryable } from '../../platform/db.ts';
import { fieldSetPaths, keyShape, keyShapesOf, tupleId } from './keyShapes.ts';
import { RequestData } from './loaders.ts';
import { entityRef, entityRefBy, fromRequired, interfaceReference, nested, one, reference } from './resolvers.ts';
import { withPublishedSdl } from './serviceSdl.ts';
import { defineTable, type Row } from './table.ts';
import type { SubgraphContext } from './context.ts';

const products = defineTable({
  type: 'Product',
  table: 'products',
  key: 'id',
  keys: ['sku package', 'sku variation { id }'],
  columns: { id: 'id', sku: 'sku', package: 'package', variationId: 'variation_id', weight: 'weight', creatorEmail: 'creator_email', creatorName: 'creator_name' },
});
const retired = defineTable({ type: 'RetiredProduct', table: 'retired_products', key: 'id', columns: { id: 'id', sku: 'sku', reason: 'reason' } });
// One table, two types, two different keys: the case a loader per table got wrong.
const stockById = defineTable({ type: 'StockItem', table: 'stock', key: 'id', columns: { id: 'product_id', quantity: 'quantity' } });
const stockByCode = defineTable({ type: 'Bin', table: 'stock', key: 'code', columns: { code: 'bin_code', quantity: 'quantity' } });

let db: Database;
beforeAll(async () => {
  db = await openDatabase({ dataDir: 'memory', schema: 'kit_entity_shapes' });
  await db.exec(`CREATE TABLE products (id text PRIMARY KEY, sku text NOT NULL, package text NOT NULL, variation_id text NOT NULL, weight double precision, creator_email text, creator_name text);
    CREATE UNIQUE INDEX products_sku_package ON products (sku, package);
    CREATE TABLE retired_products (id text PRIMARY KEY, sku text NOT NULL, reason text);
    CREATE TABLE stock (product_id text PRIMARY KEY, bin_code text UNIQUE NOT NULL, quantity integer NOT NULL);
    INSERT INTO products VALUES ('p1', 'federation', 'box', 'v1', 1.5, 'ada@example.com', 'Ada'), ('p2', 'federation', 'crate', 'v2', 9, NULL, NULL), ('p3', 'studio', 'box', 'v3', 2, 'bo@example.com', 'Bo');
    INSERT INTO retired_products VALUES ('r1', 'gateway-1', 'replaced by the router');
    INSERT INTO stock VALUES ('p1', 'bin-7', 12), ('p2', 'bin-9', 0);`);
}, 60_000);
afterAll(() => db?.close());

/** A request's context over a database connection that counts the statements sent. */
function request() {
  const sent: string[] = [];
  const counted: Queryable = { query: (text, params) => (sent.push(text), db.query(text, params)) };
  return { ctx: { data: new RequestData(counted) } as unknown as SubgraphContext, sent };
}

const ids = (rows: (Row | null)[]) => rows.map((r) => (r ? (r.id ?? r.code) : null));

describe('key shapes', () => {
  it('read field sets as paths, nested ones included, and spell each key one way', () => {
    expect(fieldSetPaths('sku variation { id }')).toEqual([['sku'], ['variation', 'id']]);
    expect(keyShape(products, 'sku   variation{id}').fields).toBe('sku variation { id }');
    expect(keyShape(products, 'sku variation { id }').parts.map((p) => p.field)).toEqual(['sku', 'variationId']);
    expect(keyShapesOf(products).map((s) => s.fields)).toEqual(['id', 'sku package', 'sku variation { id }']);
  });

  it('refuse keys a table cannot answer, when the table is defined', () => {
    expect(() => defineTable({ type: 'T', table: 't', key: 'id', keys: ['sku owner { id }'], columns: { id: 'id', sku: 'sku' } })).toThrow(/owner.id from field "ownerId", which has no column/);
    expect(() => defineTable({ type: 'T', table: 't', key: 'id', keys: ['sku(x: 1)'], columns: { id: 'id', sku: 'sku' } })).toThrow(/may only name fields/);
    expect(() => defineTable({ type: 'T', table: 't', key: 'id', keys: ['owner { id }'], keyFields: { 'owner.id': 'ownerRef' }, columns: { id: 'id', ownerRef: 'owner_ref' } })).not.toThrow();
  });

  it('tell composite key values apart by value, not by how they were typed', () => {
    expect(tupleId(['a', 1])).toBe(tupleId(['a', '1']));
    expect(tupleId(['a b', 'c'])).not.toBe(tupleId(['a', 'b c']));
  });
});

describe('entity references', () => {
  it('resolve every key shape of one type in one request with one statement per shape', async () => {
    const { ctx, sent } = request();
    const resolve = reference(products);
    const refs = [
      { __typename: 'Product', id: 'p1' },
      { __typename: 'Product', id: 'p3' },
      { __typename: 'Product', sku: 'federation', package: 'crate' },
      { __typename: 'Product', sku: 'studio', package: 'box' },
      { __typename: 'Product', sku: 'federation', variation: { id: 'v1' } },
      { __typename: 'Product', sku: 'federation', variation: { id: 'v3' } },
      { __typename: 'Product', id: 'nope' },
    ];
    expect(ids(await Promise.all(refs.map((r) => resolve(r, ctx))))).toEqual(['p1', 'p3', 'p2', 'p3', 'p1', null, null]);
    expect(sent).toHaveLength(3);
    expect(sent.filter((s) => s.includes('(products.sku, products.package) IN'))).toHaveLength(1);
    expect(sent.filter((s) => s.includes('(products.sku, products.variation_id) IN'))).toHaveLength(1);
    expect(sent.filter((s) => s.includes('products.id = ANY'))).toHaveLength(1);
  });

  it('share one statement between a root lookup and references of the same key', async () => {
    const { ctx, sent } = request();
    const byId = one(products) as (p: unknown, a: unknown, c: SubgraphContext) => Promise<Row | null>;
    const bySkuPackage = one(products, 'sku package') as (p: unknown, a: unknown, c: SubgraphContext) => Promise<Row | null>;
    const rows = await Promise.all([byId(null, { id: 'p2' }, ctx), reference(products)({ id: 'p1' }, ctx), bySkuPackage(null, { sku: 'studio', package: 'box' }, ctx)]);
    expect(ids(rows)).toEqual(['p2', 'p1', 'p3']);
    expect(sent).toHaveLength(2);
  });

  it('keep two definitions of one table with different keys apart: both entities come back', async () => {
    const { ctx, sent } = request();
    const [item, bin] = await Promise.all([reference(stockById)({ __typename: 'StockItem', id: 'p1' }, ctx), reference(stockByCode)({ __typename: 'Bin', code: 'bin-9' }, ctx)]);
    expect(item).toMatchObject({ id: 'p1', quantity: 12 });
    expect(bin).toMatchObject({ code: 'bin-9', quantity: 0 });
    expect(sent).toHaveLength(2);
    expect(sent.some((s) => s.includes('stock.product_id = ANY'))).toBe(true);
    expect(sent.some((s) => s.includes('stock.bin_code = ANY'))).toBe(true);
  });

  it('hand the representation\'s @requires values to resolvers beside the row, the row\'s own values first', async () => {
    const { ctx } = request();
    const resolved = await reference(products)({ __typename: 'Product', id: 'p1', shippingZone: 'EU', weight: 999 }, ctx);
    expect(resolved).toMatchObject({ __typename: 'Product', id: 'p1', shippingZone: 'EU', weight: 1.5 });
  });

  it('refuse a representation that carries none of the type\'s keys, saying which keys it has', async () => {
    const { ctx, sent } = request();
    await expect(reference(products)({ __typename: 'Product', sku: 'federation' }, ctx)).rejects.toMatchObject({
      message: 'a Product representation must carry one of its keys ("id", "sku package", "sku variation { id }")',
      extensions: { code: 'BAD_USER_INPUT' },
    });
    expect(sent).toHaveLength(0);
  });

  it('resolve an entity interface to the implementation whose table holds the key, one statement per implementation', async () => {
    const { ctx, sent } = request();
    const resolve = interfaceReference({ Product: products, RetiredProduct: retired });
    const rows = await Promise.all(['p2', 'r1', 'p9'].map((id) => resolve({ __typename: 'Catalogued', id }, ctx)));
    expect(rows.map((r) => r && [r.__typename, r.id])).toEqual([['Product', 'p2'], ['RetiredProduct', 'r1'], null]);
    expect(sent).toHaveLength(2);
  });

  it('refer to another domain\'s entity by a composite or nested key, with provided fields', () => {
    const favourite = entityRefBy('Product', { sku: 'favSku', 'variation.id': 'favVariation' }, { id: 'favId' }) as (p: Row) => unknown;
    expect(favourite({ favSku: 'federation', favVariation: 'v1', favId: 'p1' })).toEqual({ __typename: 'Product', sku: 'federation', variation: { id: 'v1' }, id: 'p1' });
    expect(favourite({ favSku: 'federation', favVariation: null, favId: 'p1' })).toBeNull();
  });

  it('build value objects from a row\'s fields, null when all are', () => {
    const dimensions = nested({ size: 'size', weight: 'weight' }) as (p: Row) => unknown;
    expect(dimensions({ size: 'small', weight: null })).toEqual({ size: 'small', weight: null });
    expect(dimensions({ size: null, weight: null })).toBeNull();
  });

  it('compute a field from @requires values, refusing to guess when the representation did not carry them', () => {
    const average = fromRequired(['total'], (p) => (p.total as number) / (p.years as number)) as (p: Row, a: unknown, c: unknown, i: unknown) => unknown;
    const info = { parentType: { name: 'User' }, fieldName: 'average' };
    expect(average({ total: 10, years: 4 }, {}, {}, info)).toBe(2.5);
    expect(average({ total: null, years: 4 }, {}, {}, info)).toBeNull();
    expect(() => average({ years: 4 }, {}, {}, info)).toThrow('User.average needs total from the representation (@requires), which did not carry it');
  });

  it('hand over the fields a row carries of another domain\'s entity (@provides)', () => {
    const createdBy = entityRef('User', 'creatorEmail', 'email', { name: 'creatorName' }) as (p: Row) => unknown;
    expect(createdBy({ creatorEmail: 'ada@example.com', creatorName: 'Ada' })).toEqual({ __typename: 'User', email: 'ada@example.com', name: 'Ada' });
    expect(createdBy({ creatorEmail: null, creatorName: 'Ada' })).toBeNull();
  });
});

describe('a subgraph schema built on the kit', () => {
  const sdl = `extend schema @link(url: "https://specs.apollo.dev/federation/v2.7", import: ["@key"])

# Written by hand: comments, spacing and order are the file's own.
type Query { product(sku: String!, package: String!): Product }

interface Catalogued @key(fields: "id") { id: ID! }

type Product implements Catalogued @key(fields: "id") @key(fields: "sku package") @key(fields: "sku variation { id }") {
  id: ID!
  sku: String
  package: String
  variation: Variation
}

type RetiredProduct implements Catalogued @key(fields: "id") { id: ID! reason: String }

type Variation { id: ID! }
`;
  const schema = buildSubgraphSchema([
    {
      typeDefs: parse(sdl),
      resolvers: withPublishedSdl(
        {
          Query: { product: one(products, 'sku package') },
          Catalogued: { __resolveReference: interfaceReference({ Product: products, RetiredProduct: retired }) },
          Product: { __resolveReference: reference(products), variation: (p: Row) => ({ id: p.variationId }) },
          RetiredProduct: { __resolveReference: reference(retired) },
        },
        sdl,
      ) as never,
    },
  ]);

  it('answers _service { sdl } with the schema file as written', async () => {
    const { ctx } = request();
    const result = await graphql({ schema, source: '{ _service { sdl } }', contextValue: ctx });
    expect(result).toEqual({ data: { _service: { sdl } } });
  });

  it('answers _entities for every key shape and the interface with one statement per shape and table', async () => {
    const { ctx, sent } = request();
    const representations = [
      { __typename: 'Product', id: 'p1' },
      { __typename: 'Product', sku: 'federation', package: 'crate' },
      { __typename: 'Product', sku: 'studio', variation: { id: 'v3' } },
      { __typename: 'Catalogued', id: 'r1' },
      { __typename: 'Catalogued', id: 'p2' },
    ];
    const result = await graphql({
      schema,
      source: 'query ($r: [_Any!]!) { _entities(representations: $r) { __typename ... on Product { id sku package variation { id } } ... on RetiredProduct { id reason } } }',
      variableValues: { r: representations },
      contextValue: ctx,
    });
    expect(result.errors).toBeUndefined();
    expect(result.data?._entities).toEqual([
      { __typename: 'Product', id: 'p1', sku: 'federation', package: 'box', variation: { id: 'v1' } },
      { __typename: 'Product', id: 'p2', sku: 'federation', package: 'crate', variation: { id: 'v2' } },
      { __typename: 'Product', id: 'p3', sku: 'studio', package: 'box', variation: { id: 'v3' } },
      { __typename: 'RetiredProduct', id: 'r1', reason: 'replaced by the router' },
      { __typename: 'Product', id: 'p2', sku: 'federation', package: 'crate', variation: { id: 'v2' } },
    ]);
    // products by id (Product and Catalogued share it), by sku+package, by sku+variation; retired by id.
    expect(sent).toHaveLength(4);
  });
});
