/**
 * Row conditions as SQL: the policy's resolved condition for a type becomes a
 * WHERE fragment over the table's own columns, so rows a principal may not
 * see never leave the database — for lists, child lists, aggregates and
 * `_entities` alike, since every read goes through the same loaders.
 *
 * A relation (`account visible`) becomes either a subquery against the
 * related table in the same domain (EXISTS, under the related type's own
 * condition), or, for an entity of another domain, a condition on the fields
 * of the related entity this table carries. A condition the table cannot
 * prove (a column it does not hold, a relation it does not know) is false:
 * no rows.
 */
import type { Resolved } from '../../policies/engine/conditions.ts';
import { and, or, raw, sql, type Fragment } from './sql.ts';
import type { TableDef } from './table.ts';

const FALSE = raw('FALSE');

/** `r` over rows of `t`, which the statement names `at` (its table name, or an alias inside a subquery). */
export function conditionSql(r: Resolved, t: TableDef, at: string = t.table, depth = 0): Fragment {
  switch (r.kind) {
    case 'true':
      return raw('TRUE');
    case 'false':
      return FALSE;
    case 'and':
      return and(r.items.map((i) => conditionSql(i, t, at, depth)));
    case 'or':
      return or(r.items.map((i) => conditionSql(i, t, at, depth)));
    case 'related':
      return relatedSql(r, t, at, depth);
    case 'compare':
      return compareSql(r, t, at);
  }
}

function compareSql(r: Extract<Resolved, { kind: 'compare' }>, t: TableDef, at: string): Fragment {
  const name = t.columns[r.field];
  if (!name) return FALSE;
  const column = raw(`${at}.${name}`);
  const v = r.value;
  switch (r.op) {
    case 'eq':
      return v === null ? sql`${column} IS NULL` : sql`${column} = ${v}`;
    case 'ne':
      return v === null ? sql`${column} IS NOT NULL` : sql`${column} IS DISTINCT FROM ${v}`;
    case 'in':
      return sql`${column} = ANY(${Array.isArray(v) ? v : [v]})`;
    case 'gt':
      return sql`${column} > ${v}`;
    case 'gte':
      return sql`${column} >= ${v}`;
    case 'lt':
      return sql`${column} < ${v}`;
    case 'lte':
      return sql`${column} <= ${v}`;
  }
}

function relatedSql(r: Extract<Resolved, { kind: 'related' }>, t: TableDef, at: string, depth: number): Fragment {
  const relation = t.relations?.[r.field];
  if (!relation) return FALSE;
  if (relation.kind === 'carried') {
    // The related entity's fields, as this table's columns: a condition on anything not carried cannot be proven.
    const carried: TableDef = {
      ...t,
      columns: Object.fromEntries(Object.entries(relation.carries).map(([related, own]) => [related, t.columns[own]])),
      relations: {},
    };
    return conditionSql(r.condition, carried, at, depth);
  }
  const target = relation.table;
  const alias = `__rel${depth}`;
  return sql`EXISTS (SELECT 1 FROM ${raw(target.table)} AS ${raw(alias)} WHERE ${raw(`${alias}.${target.columns[target.key]}`)} = ${raw(`${at}.${t.columns[relation.by]}`)} AND ${conditionSql(r.condition, target, alias, depth + 1)})`;
}
