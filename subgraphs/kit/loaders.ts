/**
 * Per-request data access. Every entity lookup and child list goes through a
 * DataLoader created for this request only, so N representations in one
 * `_entities` call, or N parents asking for their children, become one SQL
 * statement per table — and nothing is shared between principals.
 */
import DataLoader from 'dataloader';
import type { Queryable } from '../../platform/db.ts';
import { allRows, type RowAccess, type TableAccess } from './access.ts';
import type { EntityCache } from './entityCache.ts';
import { aggregateLoader, BY_KEY, childrenLoader } from './entityKeys.ts';
import { render, type Fragment } from './sql.ts';
import { selectAggregate, selectByKeys, selectChildren, selectPage, type PageArgs, type Row, type TableDef } from './table.ts';

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
    return this.entities ? this.entities.batch(t, loader, access.key, keys, load) : load(keys);
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

  /** Loads rows by key, batched; a key with no visible row resolves to null. */
  byKey(t: TableDef): DataLoader<unknown, Row | null> {
    return this.memo(`key:${t.table}`, () =>
      new DataLoader<unknown, Row | null>((all) =>
        this.through(t, BY_KEY, this.access.table(t), all, async (keys) => {
          const access = this.access.table(t);
          const rows = await this.run(selectByKeys(t, keys, access.where, access.ways));
          const byKey = new Map(rows.map((r) => [r[t.key], r]));
          return keys.map((k) => byKey.get(k) ?? null);
        }),
      ),
    );
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
