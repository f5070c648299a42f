/**
 * Per-request data access. Every entity lookup and child list goes through a
 * DataLoader created for this request only, so N representations in one
 * `_entities` call, or N parents asking for their children, become one SQL
 * statement per table and key shape — and nothing is shared between
 * principals. Entity loaders are kept per table definition and key shape:
 * two definitions of one table (two types, or two keys) never share one,
 * since one statement cannot look up two kinds of key.
 */
import DataLoader from 'dataloader';
import type { Queryable } from '../../platform/db.ts';
import { allRows, type RowAccess, type TableAccess } from './access.ts';
import type { EntityCache } from './entityCache.ts';
import { aggregateLoader, BY_KEY, childrenLoader, keyLoader } from './entityKeys.ts';
import { tupleId, type KeyShape } from './keyShapes.ts';
import { render, type Fragment } from './sql.ts';
import { batchSpan } from './tracing.ts';
import { selectAggregate, selectByKeys, selectByTuples, selectChildren, selectPage, type PageArgs, type Row, type TableDef } from './table.ts';

/** A composite key's statement carries two parameters a key and more; this keeps it well under PostgreSQL's 65535. */
const MAX_TUPLES_PER_STATEMENT = 5000;

/** A distinct number for each table definition, so loaders of two definitions of one table stay apart. */
const definitionIds = new WeakMap<TableDef, number>();
let definitions = 0;
function definitionId(t: TableDef): number {
  let id = definitionIds.get(t);
  if (id === undefined) definitionIds.set(t, (id = ++definitions));
  return id;
}

export class RequestData {
  private loaders = new Map<string, DataLoader<unknown, unknown>>();

  constructor(
    private readonly db: Queryable,
    /** Which rows this request may see (and which ways show each), per table; computed once per table and request. */
    private readonly access: RowAccess = allRows,
    /** Batches go through it when the entity cache is on; it is shared across requests, keyed by the access. */
    private readonly entities?: EntityCache,
  ) {}

  private through<V>(t: TableDef, loader: string, access: TableAccess, keys: readonly unknown[], load: (keys: readonly unknown[]) => Promise<V[]>): Promise<V[]> {
    return batchSpan(t.table, loader, keys, load, (counted) => (this.entities ? this.entities.batch(t, loader, access.key, keys, counted) : counted(keys)));
  }

  async run(statement: Fragment): Promise<Row[]> {
    const { text, params } = render(statement);
    return this.db.query<Row>(text, params);
  }

  /** Which rows of `t` this request may see, for statements built beside the loaders (connection.ts). */
  tableAccess(t: TableDef): TableAccess {
    return this.access.table(t);
  }

  /** One page of a root list. */
  page(t: TableDef, args: PageArgs): Promise<Row[]> {
    const access = this.access.table(t);
    return this.run(selectPage(t, args, access.where, access.ways));
  }

  /**
   * Loads rows by one field that identifies them — the primary key unless
   * `field` names another single-field key — batched; a key with no visible
   * row resolves to null.
   */
  byKey(t: TableDef, field = t.key): DataLoader<unknown, Row | null> {
    return this.memo(`key:${t.table}#${definitionId(t)}:${field}`, () =>
      new DataLoader<unknown, Row | null>((all) =>
        this.through(t, field === t.key ? BY_KEY : keyLoader(field), this.access.table(t), all, async (keys) => {
          const access = this.access.table(t);
          const rows = await this.run(selectByKeys(t, keys, access.where, access.ways, field));
          const byKey = new Map(rows.map((r) => [r[field], r]));
          return keys.map((k) => byKey.get(k) ?? null);
        }),
      ),
    );
  }

  /** Loads rows by a composite key (values in the shape's order), batched per shape; no visible row resolves to null. */
  byTuple(t: TableDef, shape: KeyShape): DataLoader<readonly unknown[], Row | null, string> {
    const fields = shape.parts.map((p) => p.field);
    return this.memo(`key:${t.table}#${definitionId(t)}:${shape.fields}`, () =>
      new DataLoader<readonly unknown[], Row | null, string>(
        (all) =>
          this.through(t, keyLoader(shape.fields), this.access.table(t), all, async (tuples) => {
            const access = this.access.table(t);
            const rows = await this.run(selectByTuples(t, fields, tuples as (readonly unknown[])[], access.where, access.ways));
            const byTuple = new Map(rows.map((r) => [tupleId(fields.map((f) => r[f])), r]));
            return tuples.map((k) => byTuple.get(tupleId(k as readonly unknown[])) ?? null);
          }),
        { cacheKeyFn: tupleId, maxBatchSize: MAX_TUPLES_PER_STATEMENT },
      ),
    );
  }

  /** The visible row of `t` whose key of this shape has `values` (in the shape's order), or null; single-field keys share `byKey`'s loader. */
  entity(t: TableDef, shape: KeyShape, values: readonly unknown[]): Promise<Row | null> {
    return shape.parts.length === 1 ? this.byKey(t, shape.parts[0].field).load(values[0]) : this.byTuple(t, shape).load(values);
  }

  /**
   * Loads each parent's children, batched. Loaders are memoized per distinct
   * argument set, because parents asking with different filters or page sizes
   * cannot share one statement.
   */
  children(t: TableDef, parentField: string, args: PageArgs): DataLoader<unknown, Row[]> {
    return this.memo(`children:${t.table}:${parentField}:${JSON.stringify(args)}`, () =>
      new DataLoader<unknown, Row[]>((all) =>
        this.through(t, childrenLoader(parentField, args), this.access.table(t), all, async (parentKeys) => {
          const access = this.access.table(t);
          const rows = await this.run(selectChildren(t, parentField, parentKeys, args, access.where, access.ways));
          const groups = new Map<unknown, Row[]>(parentKeys.map((k) => [k, []]));
          for (const { __rank, ...row } of rows) groups.get(row[parentField])?.push(row);
          return parentKeys.map((k) => groups.get(k)!);
        }),
      ),
    );
  }

  /**
   * One aggregate per parent, batched: `expression` (trusted SQL from the
   * domain, e.g. 'avg(score)') over each parent's children that the roles
   * allowed to read the aggregate field (`coordinate`, e.g.
   * Account.openTicketCount) may see. Parents without children get null.
   */
  aggregate(t: TableDef, parentField: string, expression: string, coordinate: string): DataLoader<unknown, unknown> {
    return this.memo(`aggregate:${t.table}:${parentField}:${expression}:${coordinate}`, () =>
      new DataLoader<unknown, unknown>((all) =>
        this.through(t, aggregateLoader(parentField, expression), this.access.aggregate(t, coordinate), all, async (parentKeys) => {
          const rows = await this.run(selectAggregate(t, parentField, expression, parentKeys, this.access.aggregate(t, coordinate).where));
          const byParent = new Map(rows.map((r) => [r.parent, r.value]));
          return parentKeys.map((k) => byParent.get(k) ?? null);
        }),
      ),
    );
  }

  private memo<L extends DataLoader<unknown, unknown>>(id: string, make: () => L): L {
    let loader = this.loaders.get(id);
    if (!loader) this.loaders.set(id, (loader = make()));
    return loader as L;
  }
}
