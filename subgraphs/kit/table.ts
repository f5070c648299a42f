/**
 * A domain describes each table once — which GraphQL type it backs, its key,
 * which column each field reads, which filters a BI user may pass — and the kit
 * derives every statement from that: one page of a list, a batch of entities
 * by key, a batch of child lists for many parents, and a batch of aggregates.
 * Those shapes are all the N+1-free access paths a data product needs.
 */
import { ident } from '../../platform/db.ts';
import { and, raw, sql, type Fragment } from './sql.ts';

export type Row = Record<string, unknown>;

/** A filter argument maps to one column and one comparison. */
export interface FilterRule {
  column: string;
  op: keyof typeof comparisons;
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

export const eq = (column: string): FilterRule => ({ column, op: 'eq' });
export const oneOf = (column: string): FilterRule => ({ column, op: 'in' });
export const from = (column: string): FilterRule => ({ column, op: 'gte' });
export const to = (column: string): FilterRule => ({ column, op: 'lte' });
export const contains = (column: string): FilterRule => ({ column, op: 'contains' });
/** `true` keeps rows where the column is NULL, `false` where it is set. */
export const missing = (column: string): FilterRule => ({ column, op: 'isNull' });
/** `true` keeps rows where the column is set, `false` where it is NULL. */
export const present = (column: string): FilterRule => ({ column, op: 'isNotNull' });

export interface TableDef {
  /** The GraphQL type whose rows this table holds (policies and caches speak in types). */
  type: string;
  table: string;
  /** Field holding the primary key; lists are ordered by it, so pages are deterministic. */
  key: string;
  /** Field name → column name, for every field the resolvers read. */
  columns: Record<string, string>;
  filters?: Record<string, FilterRule>;
}

export function defineTable(def: TableDef): TableDef {
  for (const column of [def.table, ...Object.values(def.columns)]) ident(column);
  if (!def.columns[def.key]) throw new Error(`table ${def.table}: key field "${def.key}" has no column`);
  for (const [name, rule] of Object.entries(def.filters ?? {})) {
    ident(rule.column);
    if (!comparisons[rule.op]) throw new Error(`table ${def.table}: filter "${name}" has unknown op "${rule.op}"`);
  }
  return def;
}

export function column(t: TableDef, field: string): Fragment {
  const name = t.columns[field];
  if (!name) throw new Error(`table ${t.table} has no column for field "${field}"`);
  return raw(name);
}

function selectList(t: TableDef): Fragment {
  return raw(Object.entries(t.columns).map(([field, col]) => `${col} AS "${field}"`).join(', '));
}

/** Conditions for the filter arguments a caller passed; unknown names were already rejected by GraphQL. */
export function filterConditions(t: TableDef, filter: Record<string, unknown> | undefined | null): Fragment[] {
  if (!filter) return [];
  return Object.entries(filter)
    .filter(([, value]) => value !== undefined && value !== null)
    .map(([name, value]) => {
      const rule = t.filters?.[name];
      if (!rule) throw new Error(`table ${t.table} has no filter "${name}"`);
      return comparisons[rule.op](raw(rule.column), value);
    });
}

export interface PageArgs {
  first: number;
  after?: string | null;
  filter?: Record<string, unknown> | null;
}

/** One page of a root list: filters, then keyset pagination on the key. */
export function selectPage(t: TableDef, args: PageArgs, guard: Fragment): Fragment {
  const key = column(t, t.key);
  const conditions = [...filterConditions(t, args.filter), guard];
  if (args.after != null) conditions.push(sql`${key} > ${args.after}`);
  return sql`SELECT ${selectList(t)} FROM ${raw(t.table)} WHERE ${and(conditions)} ORDER BY ${key} LIMIT ${args.first}`;
}

/** Every row whose key is in `keys`, in one statement. */
export function selectByKeys(t: TableDef, keys: readonly unknown[], guard: Fragment): Fragment {
  return sql`SELECT ${selectList(t)} FROM ${raw(t.table)} WHERE ${column(t, t.key)} = ANY(${keys}) AND ${guard}`;
}

/**
 * The first `first` children of each parent in `parentKeys`, in one statement:
 * a window function ranks the children per parent so that a page size applies
 * to each parent's list, not to the whole batch.
 */
export function selectChildren(t: TableDef, parentField: string, parentKeys: readonly unknown[], args: PageArgs, guard: Fragment): Fragment {
  const key = column(t, t.key);
  const parent = column(t, parentField);
  const conditions = [sql`${parent} = ANY(${parentKeys})`, ...filterConditions(t, args.filter), guard];
  if (args.after != null) conditions.push(sql`${key} > ${args.after}`);
  return sql`SELECT * FROM (SELECT ${selectList(t)}, row_number() OVER (PARTITION BY ${parent} ORDER BY ${key}) AS "__rank" FROM ${raw(t.table)} WHERE ${and(conditions)}) ranked WHERE "__rank" <= ${args.first} ORDER BY "${raw(t.key)}"`;
}

/** One aggregate (trusted SQL from the domain, e.g. 'avg(score)') per parent in `parentKeys`, in one statement. */
export function selectAggregate(t: TableDef, parentField: string, expression: string, parentKeys: readonly unknown[], guard: Fragment): Fragment {
  const parent = column(t, parentField);
  return sql`SELECT ${parent} AS "parent", ${raw(expression)} AS "value" FROM ${raw(t.table)} WHERE ${parent} = ANY(${parentKeys}) AND ${guard} GROUP BY ${parent}`;
}
