/**
 * Per-request data access. Every entity lookup and child list goes through a
 * DataLoader created for this request only, so N representations in one
 * `_entities` call, or N parents asking for their children, become one SQL
 * statement per table — and nothing is shared between principals.
 */
import DataLoader from 'dataloader';
import type { Queryable } from '../../platform/db.ts';
import type { EntityCache } from './entityCache.ts';
import { aggregateLoader, BY_KEY, childrenLoader } from './entityKeys.ts';
import { raw, render, type Fragment } from './sql.ts';
import { selectAggregate, selectByKeys, selectChildren, selectPage, type PageArgs, type Row, type TableDef } from './table.ts';

/** Which rows of a table this request may see, as a SQL condition. */
export type RowGuard = (t: TableDef) => Fragment;

export const allRows: RowGuard = () => raw('TRUE');

export class RequestData {
  private loaders = new Map<string, DataLoader<unknown, unknown>>();
  private guards = new Map<TableDef, Fragment>();

  constructor(
    private readonly db: Queryable,
    private readonly guard: RowGuard = allRows,
    /** Batches go through it when the entity cache is on; it is shared across requests, keyed by the guard. */
    private readonly entities?: EntityCache,
  ) {}

  /** The row guard of a table, computed once per request: every batch on the table needs it, some twice. */
  private guardOf(t: TableDef): Fragment {
    let g = this.guards.get(t);
    if (!g) this.guards.set(t, (g = this.guard(t)));
    return g;
  }

  private through<V>(t: TableDef, loader: string, keys: readonly unknown[], load: (keys: readonly unknown[]) => Promise<V[]>): Promise<V[]> {
    return this.entities ? this.entities.batch(t, loader, this.guardOf(t), keys, load) : load(keys);
  }

  async run(statement: Fragment): Promise<Row[]> {
    const { text, params } = render(statement);
    return this.db.query<Row>(text, params);
  }

  /** One page of a root list. */
  page(t: TableDef, args: PageArgs): Promise<Row[]> {
    return this.run(selectPage(t, args, this.guardOf(t)));
  }

  /** Loads rows by key, batched; a key with no visible row resolves to null. */
  byKey(t: TableDef): DataLoader<unknown, Row | null> {
    return this.memo(`key:${t.table}`, () =>
      new DataLoader<unknown, Row | null>((all) =>
        this.through(t, BY_KEY, all, async (keys) => {
          const rows = await this.run(selectByKeys(t, keys, this.guardOf(t)));
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
        this.through(t, childrenLoader(parentField, args), all, async (parentKeys) => {
          const rows = await this.run(selectChildren(t, parentField, parentKeys, args, this.guardOf(t)));
          const groups = new Map<unknown, Row[]>(parentKeys.map((k) => [k, []]));
          for (const { __rank, ...row } of rows) groups.get(row[parentField])?.push(row);
          return parentKeys.map((k) => groups.get(k)!);
        }),
      ),
    );
  }

  /**
   * One aggregate per parent, batched: `expression` (trusted SQL from the
   * domain, e.g. 'avg(score)') over each parent's visible children. Parents
   * without children get null.
   */
  aggregate(t: TableDef, parentField: string, expression: string): DataLoader<unknown, unknown> {
    return this.memo(`aggregate:${t.table}:${parentField}:${expression}`, () =>
      new DataLoader<unknown, unknown>((all) =>
        this.through(t, aggregateLoader(parentField, expression), all, async (parentKeys) => {
          const rows = await this.run(selectAggregate(t, parentField, expression, parentKeys, this.guardOf(t)));
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
