/**
 * One request's row access in a subgraph, from the policy's ways in
 * (policies/engine/ways.ts): which rows of each table it may see (SQL), and,
 * when the ways into a type decide its fields differently, which ways show
 * each row (a bitmask SQL computes with the row) and so what each value of
 * that row may show. When every row of a type is decided alike — one way in,
 * or ways that agree — nothing is computed per row: the statement is the
 * plain guarded one.
 */
import type { Decision } from '../../policies/engine/types.ts';
import { rowDecision, rowsReadBy, rolesReading, unknownRowDecision, type TypeWays } from '../../policies/engine/ways.ts';
import { conditionSql } from './guard.ts';
import { raw, sql, join, type Fragment } from './sql.ts';
import { WAYS_COLUMN, type Row, type TableDef } from './table.ts';

export interface TableAccess {
  /** The rows of the table the request may see. */
  where: Fragment;
  /** The ways-column expression, when rows of the type are decided per row. */
  ways?: Fragment;
  /** Everything rows read under this access depend on: what entity cache keys digest. */
  key: Fragment;
}

export interface RowAccess {
  table(t: TableDef): TableAccess;
  /** The rows an aggregate field (`Type.field`) may count in table `t`: those of the roles that may read the aggregate. */
  aggregate(t: TableDef, coordinate: string): TableAccess;
}

/** Per-row decisions for the values of one request. */
export interface RowDecisions {
  /** Whether values of `type` are decided row by row in this request. */
  perRow(type: string): boolean;
  /** The decision for `type.field` on `row` (a row this kit loaded, or undefined when the value's row is not known). */
  decideRow(type: string, field: string, row: object | undefined): Decision;
}

const TRUE = raw('TRUE');

/** Every row, decided alike: for code that reads without a principal (seeding, tests). */
export const allRows: RowAccess = { table: () => ({ where: TRUE, key: TRUE }), aggregate: () => ({ where: TRUE, key: TRUE }) };

/** A bitmask has 31 usable bits; more distinct ways than that are decided as unknown rows (the most restrictive way). */
const MAX_GROUPS = 30;

export function requestAccess(waysOf: (type: string) => TypeWays): RowAccess & RowDecisions {
  const tables = new Map<TableDef, TableAccess>();
  const aggregates = new Map<string, TableAccess>();
  const rowMemo = new Map<string, Map<number | undefined, Map<string, Decision>>>();

  const perRow = (type: string) => !waysOf(type).uniform;

  return {
    table(t) {
      let access = tables.get(t);
      if (!access) {
        const w = waysOf(t.type);
        const where = conditionSql(w.condition, t);
        // No group: no row is visible, so there is nothing to tell apart.
        const ways = !w.uniform && w.groups.length > 0 && w.groups.length <= MAX_GROUPS ? waysSql(w, t) : undefined;
        tables.set(t, (access = { where, ways, key: ways ? sql`${where} WAYS ${ways}` : where }));
      }
      return access;
    },
    aggregate(t, coordinate) {
      const id = `${t.table}|${coordinate}`;
      let access = aggregates.get(id);
      if (!access) {
        const [type, field] = coordinate.split('.');
        const where = conditionSql(rowsReadBy(waysOf(t.type), rolesReading(waysOf(type), field)), t);
        aggregates.set(id, (access = { where, key: where }));
      }
      return access;
    },
    perRow,
    decideRow(type, field, row) {
      const w = waysOf(type);
      const bits = row && typeof (row as Row)[WAYS_COLUMN] === 'number' ? ((row as Row)[WAYS_COLUMN] as number) : undefined;
      let byBits = rowMemo.get(type);
      if (!byBits) rowMemo.set(type, (byBits = new Map()));
      let fields = byBits.get(bits);
      if (!fields) byBits.set(bits, (fields = new Map()));
      let d = fields.get(field);
      if (!d) fields.set(field, (d = bits === undefined ? unknownRowDecision(w, field) : rowDecision(w, bits, field)));
      return d;
    },
  };
}

/** Bit i set when way group i's condition holds for the row. */
function waysSql(w: TypeWays, t: TableDef): Fragment {
  return sql`(${join(w.groups.map((g, i) => sql`CASE WHEN ${conditionSql(g.condition, t)} THEN ${raw(String(1 << i))} ELSE 0 END`), ' + ')})`;
}
