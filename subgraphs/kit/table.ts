/**
 * A domain describes each table once — which GraphQL type it backs, its key,
 * which column each field reads, which filters a BI user may pass (and which
 * field each one reads), how its rows relate to other entities — and the kit
 * derives every statement from that: one page of a list, a batch of entities
 * by key, a batch of child lists for many parents, and a batch of aggregates.
 * Those shapes are all the N+1-free access paths a data product needs.
 */
import { ident } from '../../platform/db.ts';
import { keyShapesOf } from './keyShapes.ts';
import { and, join, raw, sql, type Fragment } from './sql.ts';

export type Row = Record<string, unknown>;

/**
 * A filter argument maps to one column and one comparison. A filter reads a
 * field: by default the field of this table's type that the column backs;
 * `reads` names it when no such field exists (e.g. `accountId` reads
 * `Contact.account`). The schema declares the same with `@reads`, and the kit
 * checks at start that both agree (filterReads.ts).
 */
export interface FilterRule {
  column: string;
  op: keyof typeof comparisons;
  /** The field this filter reads, `Type.field`, when the column backs no field of the table's type. */
  reads?: string;
}

const comparisons = {
  eq: (column: Fragment, value: unknown) => sql`${column} = ${value}`,
  in: (column: Fragment, value: unknown) => sql`${column} = ANY(${value})`,
  gte: (column: Fragment, value: unknown) => sql`${column} >= ${value}`,
  lte: (column: Fragment, value: unknown) => sql`${column} <= ${value}`,
  contains: (column: Fragment, value: unknown) => sql`${column} ILIKE ${'%' + String(value).replace(/[\\%_]/g, '\\$&') + '%'}`,
  isNull: (column: Fragment, value: unknown) => (value ? sql`${column} IS NULL` : sql`${column} IS NOT NULL`),
  isNotNull: (column: Fragment, value: unknown) => (value ? sql`${column} IS NOT NULL` : sql`${column} IS NULL`),
};

const rule = (column: string, op: FilterRule['op'], reads?: string): FilterRule => (reads ? { column, op, reads } : { column, op });
export const eq = (column: string, reads?: string): FilterRule => rule(column, 'eq', reads);
export const oneOf = (column: string, reads?: string): FilterRule => rule(column, 'in', reads);
export const from = (column: string, reads?: string): FilterRule => rule(column, 'gte', reads);
export const to = (column: string, reads?: string): FilterRule => rule(column, 'lte', reads);
export const contains = (column: string, reads?: string): FilterRule => rule(column, 'contains', reads);
/** `true` keeps rows where the column is NULL, `false` where it is set. */
export const missing = (column: string, reads?: string): FilterRule => rule(column, 'isNull', reads);
/** `true` keeps rows where the column is set, `false` where it is NULL. */
export const present = (column: string, reads?: string): FilterRule => rule(column, 'isNotNull', reads);

/**
 * How rows of a table relate to another entity, so a row condition can follow
 * the relation (`{ account: { visible: true } }`): the related entity's table
 * in the same domain, or the related entity's fields this table carries when
 * the entity belongs to another domain.
 */
export type Relation =
  | { kind: 'table'; table: TableDef; by: string }
  | { kind: 'carried'; carries: Record<string, string> };

/** The related entity is a row of `table` in this domain, whose key this table holds in field `by`. */
export const through = (table: TableDef, by: string): Relation => ({ kind: 'table', table, by });
/** The related entity lives in another domain; this table carries some of its fields: related field → this table's field. */
export const carrying = (carries: Record<string, string>): Relation => ({ kind: 'carried', carries });

export interface TableDef {
  /** The GraphQL type whose rows this table holds (policies and caches speak in types). */
  type: string;
  table: string;
  /** Field holding the primary key; lists are ordered by it, so pages are deterministic. */
  key: string;
  /**
   * The type's other `@key` field sets this table answers, as `@key` writes
   * them: `'sku package'`, `'sku variation { id }'`. Each is looked up with a
   * batched statement of its own (keyShapes.ts).
   */
  keys?: readonly string[];
  /** For a nested key path, the field holding it when not the path in camelCase: `{ 'variation.id': 'variationId' }`. */
  keyFields?: Record<string, string>;
  /** Field name → column name, for every field the resolvers read. */
  columns: Record<string, string>;
  filters?: Record<string, FilterRule>;
  /** Relation field of the type (e.g. `account`) → how rows relate to that entity. */
  relations?: Record<string, Relation>;
}

/**
 * Which ways in show a row (bit i: way group i), computed by SQL alongside the
 * row when rows of one type are decided differently per row.
 */
export const WAYS_COLUMN = '__ways';

export function defineTable(def: TableDef): TableDef {
  for (const column of [def.table, ...Object.values(def.columns)]) ident(column);
  if (!def.columns[def.key]) throw new Error(`table ${def.table}: key field "${def.key}" has no column`);
  keyShapesOf(def);
  for (const [name, rule] of Object.entries(def.filters ?? {})) {
    ident(rule.column);
    if (!comparisons[rule.op]) throw new Error(`table ${def.table}: filter "${name}" has unknown op "${rule.op}"`);
  }
  for (const [field, relation] of Object.entries(def.relations ?? {})) {
    const own = relation.kind === 'table' ? [relation.by] : Object.values(relation.carries);
    for (const f of own) if (!def.columns[f]) throw new Error(`table ${def.table}: relation "${field}" uses field "${f}", which has no column`);
    if (relation.kind === 'table' && !relation.table.columns[relation.table.key]) throw new Error(`table ${def.table}: relation "${field}" points to ${relation.table.table}, which has no key column`);
  }
  return def;
}

/** A field's column, named with its table: row guards may add subqueries over other tables. */
export function column(t: TableDef, field: string): Fragment {
  const name = t.columns[field];
  if (!name) throw new Error(`table ${t.table} has no column for field "${field}"`);
  return raw(`${t.table}.${name}`);
}

/** The table's columns as its fields (and the per-row ways column, when given). */
export function selectList(t: TableDef, ways?: Fragment): Fragment {
  const columns = raw(Object.entries(t.columns).map(([field, col]) => `${t.table}.${col} AS "${field}"`).join(', '));
  return ways ? sql`${columns}, ${ways} AS ${raw(`"${WAYS_COLUMN}"`)}` : columns;
}

/** Conditions for the filter arguments a caller passed; unknown names were already rejected by GraphQL. */
export function filterConditions(t: TableDef, filter: Record<string, unknown> | undefined | null): Fragment[] {
  if (!filter) return [];
  return Object.entries(filter)
    .filter(([, value]) => value !== undefined && value !== null)
    .map(([name, value]) => {
      const rule = t.filters?.[name];
      if (!rule) throw new Error(`table ${t.table} has no filter "${name}"`);
      return comparisons[rule.op](raw(`${t.table}.${rule.column}`), value);
    });
}

export interface PageArgs {
  first: number;
  after?: string | null;
  filter?: Record<string, unknown> | null;
}

/**
 * One page of a root list: filters, then keyset pagination on the key. `guard`
 * is the rows the caller may see; `ways`, when given, the per-row ways column.
 */
export function selectPage(t: TableDef, args: PageArgs, guard: Fragment, ways?: Fragment): Fragment {
  const key = column(t, t.key);
  const conditions = [...filterConditions(t, args.filter), guard];
  if (args.after != null) conditions.push(sql`${key} > ${args.after}`);
  return sql`SELECT ${selectList(t, ways)} FROM ${raw(t.table)} WHERE ${and(conditions)} ORDER BY ${key} LIMIT ${args.first}`;
}

/** Every row whose `field` (by default the primary key) is in `keys`, in one statement. */
export function selectByKeys(t: TableDef, keys: readonly unknown[], guard: Fragment, ways?: Fragment, field = t.key): Fragment {
  return sql`SELECT ${selectList(t, ways)} FROM ${raw(t.table)} WHERE ${column(t, field)} = ANY(${keys}) AND ${guard}`;
}

/**
 * Every row whose `fields` together equal one of `tuples` — a composite key —
 * in one statement: `(a, b) IN (($1, $2), ($3, $4))`, which PostgreSQL
 * answers from an index on (a, b).
 */
export function selectByTuples(t: TableDef, fields: readonly string[], tuples: readonly (readonly unknown[])[], guard: Fragment, ways?: Fragment): Fragment {
  const columns = sql`(${join(fields.map((f) => column(t, f)), ', ')})`;
  const values = join(tuples.map((tuple) => sql`(${join(tuple.map((v) => sql`${v}`), ', ')})`), ', ');
  return sql`SELECT ${selectList(t, ways)} FROM ${raw(t.table)} WHERE ${columns} IN (${values}) AND ${guard}`;
}

/**
 * The first `first` children of each parent in `parentKeys`, in one statement:
 * a window function ranks the children per parent so that a page size applies
 * to each parent's list, not to the whole batch.
 */
export function selectChildren(t: TableDef, parentField: string, parentKeys: readonly unknown[], args: PageArgs, guard: Fragment, ways?: Fragment): Fragment {
  const key = column(t, t.key);
  const parent = column(t, parentField);
  const conditions = [sql`${parent} = ANY(${parentKeys})`, ...filterConditions(t, args.filter), guard];
  if (args.after != null) conditions.push(sql`${key} > ${args.after}`);
  return sql`SELECT * FROM (SELECT ${selectList(t, ways)}, row_number() OVER (PARTITION BY ${parent} ORDER BY ${key}) AS "__rank" FROM ${raw(t.table)} WHERE ${and(conditions)}) ranked WHERE "__rank" <= ${args.first} ORDER BY "${raw(t.key)}"`;
}

/** One aggregate (trusted SQL from the domain, e.g. 'avg(score)') per parent in `parentKeys`, in one statement. */
export function selectAggregate(t: TableDef, parentField: string, expression: string, parentKeys: readonly unknown[], guard: Fragment): Fragment {
  const parent = column(t, parentField);
  return sql`SELECT ${parent} AS "parent", ${raw(expression)} AS "value" FROM ${raw(t.table)} WHERE ${parent} = ANY(${parentKeys}) AND ${guard} GROUP BY ${parent}`;
}
