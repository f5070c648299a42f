/**
 * Resolver factories for the access paths every data product has. A domain's
 * resolver map becomes a table of one-liners (`accounts: list(accounts)`),
 * and every path is batched, paginated and guarded the same way.
 */
import type { GraphQLFieldResolver } from 'graphql';
import { Sourced } from '../../policies/enforce/sourced.ts';
import type { SubgraphContext } from './context.ts';
import { pageArgs, type PageInput } from './paging.ts';
import type { Row, TableDef } from './table.ts';

export type Resolver = GraphQLFieldResolver<Row, SubgraphContext, any>;

/** The table whose filters each list resolver applies, so the kit can check them against the schema's `@reads` at start. */
const filteredTables = new WeakMap<Resolver, TableDef>();
export const tableFiltered = (resolver: unknown): TableDef | undefined => (typeof resolver === 'function' ? filteredTables.get(resolver as Resolver) : undefined);
const filtering = (t: TableDef, resolver: Resolver): Resolver => (filteredTables.set(resolver, t), resolver);

/** A root list: `accounts(first, after, filter)`. */
export const list = (t: TableDef): Resolver => filtering(t, (_parent, args: PageInput, ctx) => ctx.data.page(t, pageArgs(args, ctx.maxPageSize)));

/** A root lookup by key: `account(id)`. */
export const one = (t: TableDef): Resolver => (_parent, args: Record<string, unknown>, ctx) => ctx.data.byKey(t).load(args[t.key]);

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

/** A to-one relation to another domain's entity: the gateway resolves the rest. */
export const entityRef =
  (typename: string, field: string, keyField = 'id'): Resolver =>
  (parent) =>
    parent[field] == null ? null : { __typename: typename, [keyField]: parent[field] };

/**
 * `__resolveReference` for an entity another domain owns and this one only
 * extends with fields: the key is all this domain needs.
 */
export const extension = (ref: Row): Row => ref;

/** `__resolveReference` for an entity this domain owns: batched, and null when the row is not visible. */
export const reference =
  (t: TableDef) =>
  (ref: Row, ctx: SubgraphContext): Promise<Row | null> =>
    ctx.data.byKey(t).load(ref[t.key]);
