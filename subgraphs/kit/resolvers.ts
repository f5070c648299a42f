/**
 * Resolver factories for the access paths every data product has. A domain's
 * resolver map becomes a table of one-liners (`accounts: list(accounts)`),
 * and every path is batched, paginated and guarded the same way.
 */
import { GraphQLError, type GraphQLFieldResolver } from 'graphql';
import { Sourced } from '../../policies/enforce/sourced.ts';
import type { SubgraphContext } from './context.ts';
import { keyShape, keyShapesOf, keyValues, shapeFor } from './keyShapes.ts';
import { pageArgs, type PageInput } from './paging.ts';
import type { Row, TableDef } from './table.ts';

export type Resolver = GraphQLFieldResolver<Row, SubgraphContext, any>;

/** The table whose filters each list resolver applies, so the kit can check them against the schema's `@reads` at start. */
const filteredTables = new WeakMap<Resolver, TableDef>();
export const tableFiltered = (resolver: unknown): TableDef | undefined => (typeof resolver === 'function' ? filteredTables.get(resolver as Resolver) : undefined);
const filtering = (t: TableDef, resolver: Resolver): Resolver => (filteredTables.set(resolver, t), resolver);

/** A root list: `accounts(first, after, filter)`. */
export const list = (t: TableDef): Resolver => filtering(t, (_parent, args: PageInput, ctx) => ctx.data.page(t, pageArgs(args, ctx.maxPageSize)));

/**
 * A root lookup by key: `account(id)`, or by another key of the table whose
 * fields are the arguments, e.g. `one(products, 'sku package')` for
 * `product(sku:, package:)`.
 */
export const one = (t: TableDef, key = t.key): Resolver => {
  const shape = keyShape(t, key);
  return (_parent, args: Record<string, unknown>, ctx) => ctx.data.entity(t, shape, keyValues(shape, args));
};

/** A parent's child list: `Account.opportunities` reads opportunities whose `parentField` is the parent's key. */
export const children = (t: TableDef, parentField: string, parentKey = 'id'): Resolver =>
  filtering(t, (parent, args: PageInput, ctx) => ctx.data.children(t, parentField, pageArgs(args, ctx.maxPageSize)).load(parent[parentKey]));

/** A to-one relation inside the domain: `Opportunity.account` from `accountId`. */
export const belongsTo =
  (t: TableDef, field: string): Resolver =>
  (parent, _args, ctx) =>
    parent[field] == null ? null : ctx.data.byKey(t).load(parent[field]);

/**
 * One field of a row keyed by the parent's key, e.g. `Account.churnRisk` read
 * from the `account_health` row whose key is the account id. When the
 * parent's type is decided row by row, the value travels with its row, so
 * it is decided by the ways that show that row.
 */
export const lookup =
  (t: TableDef, field: string, parentKey = 'id'): Resolver =>
  async (parent, _args, ctx, info) => {
    const row = await ctx.data.byKey(t).load(parent[parentKey]);
    const value = row?.[field] ?? null;
    return row && value !== null && ctx.perRow(info.parentType.name) ? new Sourced(row, t.type, value) : value;
  };

/**
 * An aggregate over the parent's children, e.g. `aggregate(nps, 'accountId',
 * 'avg(score)')`, counting only children visible to the roles that may read
 * the aggregate. A parent without children gets `empty`: 0 suits counts and
 * sums, null suits averages.
 */
export const aggregate =
  (t: TableDef, parentField: string, expression: string, empty: unknown = null, parentKey = 'id'): Resolver =>
  async (parent, _args, ctx, info) =>
    (await ctx.data.aggregate(t, parentField, expression, `${info.parentType.name}.${info.fieldName}`).load(parent[parentKey])) ?? empty;

/**
 * A root list of another domain's entities, read from this domain's table
 * (e.g. accounts at risk, from customer success' health scores). The rows are
 * primed into the table's loader, so this domain's fields on the result cost
 * no second read.
 */
export const referenceList = (t: TableDef, typename: string, refField: string): Resolver =>
  filtering(t, async (_parent, args: PageInput, ctx) => {
    const rows = await ctx.data.page(t, pageArgs(args, ctx.maxPageSize));
    const loader = ctx.data.byKey(t);
    return rows.map((row) => {
      if (t.key === refField) loader.prime(row[refField], row);
      return { __typename: typename, id: row[refField] };
    });
  });

/**
 * A to-one relation to another domain's entity: the gateway resolves the
 * rest. `provides` hands over the entity's fields this row carries — the
 * schema's `@provides(fields: …)` — as entity field → this table's field.
 */
export const entityRef =
  (typename: string, field: string, keyField = 'id', provides: Record<string, string> = {}): Resolver =>
  (parent) =>
    parent[field] == null ? null : { __typename: typename, [keyField]: parent[field], ...Object.fromEntries(Object.entries(provides).map(([f, own]) => [f, parent[own] ?? null])) };

/**
 * A to-one relation to another domain's entity by a key other than a single
 * field — composite or nested — built from this row's fields:
 * `entityRefBy('Product', { sku: 'favouriteSku', 'variation.id': 'favouriteVariationId' })`
 * gives `{ __typename: 'Product', sku, variation: { id } }`; null when any
 * key value is missing. `provides` hands over fields this row carries, as
 * `entityRef`'s does.
 */
export const entityRefBy = (typename: string, key: Record<string, string>, provides: Record<string, string> = {}): Resolver => {
  const keyParts = Object.entries(key).map(([path, own]) => ({ path: path.split('.'), own }));
  const parts = [...keyParts, ...Object.entries(provides).map(([path, own]) => ({ path: path.split('.'), own }))];
  return (parent) => {
    if (keyParts.some((p) => parent[p.own] == null)) return null;
    const ref: Row = { __typename: typename };
    for (const { path, own } of parts) {
      let at = ref;
      for (const name of path.slice(0, -1)) at = (at[name] ??= {}) as Row;
      at[path[path.length - 1]] = parent[own] ?? null;
    }
    return ref;
  };
};

/**
 * A value object made of the row's own fields, e.g. `variation { id }` from
 * `variationId`, or `dimensions { size weight }`: object field → row field.
 * Null when every one is null.
 */
export const nested = (fields: Record<string, string>): Resolver => {
  const entries = Object.entries(fields);
  return (parent) => (entries.every(([, own]) => parent[own] == null) ? null : Object.fromEntries(entries.map(([f, own]) => [f, parent[own] ?? null])));
};

/**
 * A field computed from values `@requires` brings (they arrive with the
 * representation, beside the row): null when one of them is null, and an
 * error naming them when they did not arrive at all — the field was then
 * resolved without a representation, which the schema's `@requires` rules out.
 */
export const fromRequired =
  (required: readonly string[], compute: (parent: Row) => unknown): Resolver =>
  (parent, _args, _ctx, info) => {
    const absent = required.filter((f) => !(f in parent));
    if (absent.length) throw new Error(`${info.parentType.name}.${info.fieldName} needs ${absent.join(', ')} from the representation (@requires), which did not carry it`);
    return required.some((f) => parent[f] == null) ? null : compute(parent);
  };

/**
 * `__resolveReference` for an entity another domain owns and this one only
 * extends with fields: the key is all this domain needs.
 */
export const extension = (ref: Row): Row => ref;

/**
 * The entity a representation names, looked up by the key it carries: with
 * several `@key`s, the gateway picks one per representation, and each key
 * shape is batched on its own.
 */
async function resolveByKey(t: TableDef, ref: Row, ctx: SubgraphContext): Promise<Row | null> {
  const shapes = keyShapesOf(t);
  const shape = shapeFor(shapes, ref);
  if (!shape) {
    throw new GraphQLError(`a ${t.type} representation must carry one of its keys (${shapes.map((s) => `"${s.fields}"`).join(', ')})`, { extensions: { code: 'BAD_USER_INPUT' } });
  }
  const row = await ctx.data.entity(t, shape, keyValues(shape, ref));
  // The representation's other fields are what `@requires` asked the gateway
  // for (`@external` values another subgraph owns): resolvers read them from
  // the parent beside the row. The row's own values win.
  return row && { ...ref, ...row };
}

/**
 * `__resolveReference` for an entity this domain owns: batched per key shape,
 * null when the row is not visible, and carrying the representation's
 * `@requires` values to the type's resolvers.
 */
export const reference =
  (t: TableDef) =>
  (ref: Row, ctx: SubgraphContext): Promise<Row | null> =>
    resolveByKey(t, ref, ctx);

/**
 * `__resolveReference` for an entity interface (`interface I @key(…)`): the
 * gateway names only the interface, so each implementation's table is asked
 * (each batched) and the row found says the concrete type.
 */
export const interfaceReference =
  (implementations: Record<string, TableDef>) =>
  async (ref: Row, ctx: SubgraphContext): Promise<Row | null> => {
    const candidates = Object.entries(implementations).filter(([, t]) => shapeFor(keyShapesOf(t), ref));
    if (candidates.length === 0) throw new GraphQLError(`a representation must carry a key of one of ${Object.keys(implementations).join(', ')}`, { extensions: { code: 'BAD_USER_INPUT' } });
    const rows = await Promise.all(candidates.map(([, t]) => resolveByKey(t, ref, ctx)));
    const found = rows.findIndex((row) => row !== null);
    return found < 0 ? null : { ...rows[found], __typename: candidates[found][0] };
  };
