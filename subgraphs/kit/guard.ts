/**
 * Row filters as SQL: the policy's resolved condition for a type becomes a
 * WHERE fragment over the table's own columns, so rows a principal may not
 * see never leave the database — for lists, child lists, aggregates and
 * `_entities` alike, since every read goes through the same loaders.
 */
import type { Resolved } from '../../policies/engine/conditions.ts';
import { and, or, raw, sql, type Fragment } from './sql.ts';
import type { TableDef } from './table.ts';

const FALSE = raw('FALSE');

export function conditionSql(r: Resolved, t: TableDef): Fragment {
  switch (r.kind) {
    case 'true':
      return raw('TRUE');
    case 'false':
      return FALSE;
    case 'and':
      return and(r.items.map((i) => conditionSql(i, t)));
    case 'or':
      return or(r.items.map((i) => conditionSql(i, t)));
    case 'compare': {
      const name = t.columns[r.field];
      // A condition on something the table does not hold cannot be proven: no rows.
      if (!name) return FALSE;
      const column = raw(name);
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
  }
}
