/** What every resolver of every domain receives, built fresh for each request. */
import type { Queryable } from '../../platform/db.ts';
import type { EntityCache } from './entityCache.ts';
import { RequestData, type RowGuard } from './loaders.ts';

export interface SubgraphContext {
  /** Batched, guarded reads for this request only. */
  data: RequestData;
  /** The domain's database, for the rare read that is not an entity or list (aggregates). */
  db: Queryable;
  maxPageSize: number;
  /** SQL statements this request has sent so far. */
  readonly statements: number;
}

export function createContext(db: Queryable, options: { maxPageSize: number; guard?: RowGuard; entities?: EntityCache }): SubgraphContext {
  let statements = 0;
  const counted: Queryable = {
    query(sql, params) {
      statements++;
      return db.query(sql, params);
    },
  };
  return {
    data: new RequestData(counted, options.guard, options.entities),
    db: counted,
    maxPageSize: options.maxPageSize,
    get statements() {
      return statements;
    },
  };
}
