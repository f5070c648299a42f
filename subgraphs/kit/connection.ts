/**
 * Connections: the page of a list BI tools can drive —
 * `accountsConnection(first, after, filter, orderBy) { nodes pageInfo {
 * endCursor hasNextPage } totalCount }` — beside the plain list, which stays
 * as it was for existing clients.
 *
 * Ordered by the columns the caller names (`orderBy: [{ region: ASC }, {
 * name: DESC }]`, each input field carrying `@reads`, so ordering by a field
 * is a read of it, refused like a filter) and always by the key last, so
 * the order is total. The cursor is opaque: the ordering and the last row's
 * values of the order columns, and the next page is a keyset condition on
 * them — rows written meanwhile neither repeat nor shift the pages, as
 * OFFSET would. NULLs sort as the largest value in both directions (as
 * PostgreSQL does by default). `totalCount` is counted only when asked for,
 * under the same filters and row guard as the page: it counts what the
 * caller may see.
 */
import { getNamedType, GraphQLError, isInputObjectType, isObjectType, type GraphQLFieldResolver, type GraphQLSchema } from 'graphql';
import type { SubgraphContext } from './context.ts';
import { pageArgs, type PageInput } from './paging.ts';
import { and, join, or, raw, sql, type Fragment } from './sql.ts';
import { column, filterConditions, selectList, type Row, type TableDef } from './table.ts';

type Direction = 'ASC' | 'DESC';

export interface ConnectionInput extends PageInput {
  orderBy?: Record<string, Direction | null | undefined>[] | null;
}

interface OrderKey {
  field: string;
  desc: boolean;
}

const bad = (message: string, argument: string) => new GraphQLError(message, { extensions: { code: 'BAD_USER_INPUT', argument } });

export function orderKeys(t: TableDef, orderBy: ConnectionInput['orderBy']): OrderKey[] {
  const keys: OrderKey[] = [];
  for (const item of orderBy ?? []) {
    const given = Object.entries(item ?? {}).filter(([, v]) => v != null);
    if (given.length !== 1) throw bad('each "orderBy" item names exactly one column, e.g. [{ region: ASC }, { id: DESC }]', 'orderBy');
    const [field, direction] = given[0];
    if (!t.columns[field]) throw bad(`"orderBy" cannot sort by ${field}`, 'orderBy');
    if (keys.some((k) => k.field === field)) throw bad(`"orderBy" names ${field} twice`, 'orderBy');
    keys.push({ field, desc: direction === 'DESC' });
  }
  if (!keys.some((k) => k.field === t.key)) keys.push({ field: t.key, desc: false });
  return keys;
}

const signature = (keys: readonly OrderKey[]) => keys.map((k) => `${k.field}:${k.desc ? 'desc' : 'asc'}`).join(',');

export function encodeCursor(keys: readonly OrderKey[], row: Row): string {
  return Buffer.from(JSON.stringify({ o: signature(keys), v: keys.map((k) => row[k.field] ?? null) })).toString('base64url');
}

export function decodeCursor(keys: readonly OrderKey[], cursor: string): unknown[] {
  let parsed: { o?: unknown; v?: unknown };
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw bad('"after" is not a cursor this list gave out: pass pageInfo.endCursor of the previous page', 'after');
  }
  if (parsed.o !== signature(keys) || !Array.isArray(parsed.v) || parsed.v.length !== keys.length) {
    throw bad('"after" is a cursor of another ordering: page with the same orderBy the cursor came from', 'after');
  }
  return parsed.v;
}

/** Rows after `values` in the order of `keys`: for each key, the earlier keys equal and this one past. */
function after(t: TableDef, keys: readonly OrderKey[], values: readonly unknown[]): Fragment {
  const equal = (k: OrderKey, v: unknown) => (v === null ? sql`${column(t, k.field)} IS NULL` : sql`${column(t, k.field)} = ${v}`);
  // NULL is the largest value: after a NULL ascending comes nothing; descending, every non-NULL.
  const past = (k: OrderKey, v: unknown) => {
    const c = column(t, k.field);
    if (k.desc) return v === null ? sql`${c} IS NOT NULL` : sql`${c} < ${v}`;
    return v === null ? raw('FALSE') : sql`(${c} > ${v} OR ${c} IS NULL)`;
  };
  return or(keys.map((k, i) => and([...keys.slice(0, i).map((e, j) => equal(e, values[j])), past(k, values[i])])));
}

const orderClause = (t: TableDef, keys: readonly OrderKey[]) =>
  join(keys.map((k) => sql`${column(t, k.field)} ${raw(k.desc ? 'DESC NULLS FIRST' : 'ASC NULLS LAST')}`), ', ');

const connectionResolver =
  (t: TableDef): GraphQLFieldResolver<unknown, SubgraphContext, ConnectionInput> =>
  async (_parent, args, ctx) => {
    const { first, filter } = pageArgs({ first: args.first, filter: args.filter }, ctx.maxPageSize);
    const keys = orderKeys(t, args.orderBy);
    const access = ctx.data.tableAccess(t);
    const visible = [...filterConditions(t, filter), access.where];
    const conditions = args.after != null ? [...visible, after(t, keys, decodeCursor(keys, args.after))] : visible;
    // One row more than asked tells whether another page follows.
    const rows = await ctx.data.run(sql`SELECT ${selectList(t, access.ways)} FROM ${raw(t.table)} WHERE ${and(conditions)} ORDER BY ${orderClause(t, keys)} LIMIT ${first + 1}`);
    const nodes = rows.slice(0, first);
    return {
      nodes,
      pageInfo: { endCursor: nodes.length ? encodeCursor(keys, nodes[nodes.length - 1]) : (args.after ?? null), hasNextPage: rows.length > first },
      totalCount: async () => {
        const [count] = await ctx.data.run(sql`SELECT count(*)::int AS "n" FROM ${raw(t.table)} WHERE ${and(visible)}`);
        return Number(count.n);
      },
    };
  };

/** The table each connection resolver orders, so the kit can check the schema's `orderBy` inputs at start. */
const orderedTables = new WeakMap<object, TableDef>();

/** A root connection: `accountsConnection(first, after, filter, orderBy)`; remembered as ordering `t` (orderReadsProblems). */
export function connection(t: TableDef): GraphQLFieldResolver<unknown, SubgraphContext, ConnectionInput> {
  const resolver = connectionResolver(t);
  orderedTables.set(resolver, t);
  return resolver;
}

/**
 * Every `orderBy` input field of a connection that is not one of its table's
 * columns, or whose `@reads` is not the field it sorts by: ordering by a
 * field is a read of it, and the schema must not understate it.
 */
export function orderReadsProblems(schema: GraphQLSchema, resolvers: Record<string, unknown>, reads: ReadonlyMap<string, readonly string[]>): string[] {
  const problems: string[] = [];
  for (const [typeName, fields] of Object.entries(resolvers)) {
    const type = schema.getType(typeName);
    if (!isObjectType(type) || typeof fields !== 'object' || !fields) continue;
    for (const [fieldName, resolver] of Object.entries(fields)) {
      const t = typeof resolver === 'function' ? orderedTables.get(resolver) : undefined;
      const input = t && getNamedType(type.getFields()[fieldName]?.args.find((a) => a.name === 'orderBy')?.type ?? schema.getQueryType()!);
      if (!t || !isInputObjectType(input)) continue;
      for (const name of Object.keys(input.getFields())) {
        const coordinate = `${input.name}.${name}`;
        const declared = reads.get(coordinate) ?? [];
        if (!t.columns[name]) problems.push(`${typeName}.${fieldName}(orderBy:): ${coordinate} is no column of table ${t.table}`);
        else if (declared.length !== 1 || declared[0] !== `${t.type}.${name}`) problems.push(`${typeName}.${fieldName}(orderBy:): ${coordinate} sorts by ${t.type}.${name}, but the schema declares ${declared.length ? declared.map((d) => `@reads(field: "${d}")`).join(' ') : 'no @reads'}`);
      }
    }
  }
  return problems;
}
