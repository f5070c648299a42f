/** What every resolver of every domain receives, built fresh for each request. */
import type { Queryable } from '../../platform/db.ts';
import type { EnforcementContext } from '../../policies/enforce/subgraphSchema.ts';
import type { Principal } from '../../policies/principal.ts';
import type { SubgraphConfig } from './config.ts';
import type { RequestBudget } from './budget.ts';
import type { RequestAccess } from './enforcement.ts';
import type { EntityCache } from './entityCache.ts';
import { RequestData } from './loaders.ts';
import { sqlSpan } from './tracing.ts';

export interface SubgraphContext extends EnforcementContext {
  /** Whether values of `type` are decided row by row in this request (resolvers that read another row wrap values with it). */
  perRow(type: string): boolean;
  /** The policy's ways into a type for this request (for row sources that are not SQL: source.ts). */
  waysOf: RequestAccess['waysOf'];
  /** Who the gateway says is asking. */
  principal: Principal;
  /** Batched, guarded reads for this request only. */
  data: RequestData;
  /** The domain's database, for the rare read that is not an entity or list (aggregates). */
  db: Queryable;
  maxPageSize: number;
  /** The subgraph's own settings, for resolvers that reach beyond the database (e.g. the registry). */
  config: SubgraphConfig;
  /** SQL statements this request has sent so far. */
  readonly statements: number;
  /** Deadline and row budget of this request (budget.ts); absent outside HTTP requests. */
  budget?: RequestBudget;
}

export interface ContextOptions {
  config: SubgraphConfig;
  principal: Principal;
  /** What this request may read (subgraphEnforcement's forRequest). */
  access: RequestAccess;
  entities?: EntityCache;
  budget?: RequestBudget;
}

export function createContext(db: Queryable, options: ContextOptions): SubgraphContext {
  let statements = 0;
  const { access, budget } = options;
  const counted: Queryable = {
    query<R>(sql: string, params?: readonly unknown[]) {
      statements++;
      if (!budget) return sqlSpan(sql, () => db.query<R>(sql, params));
      // Past the deadline nothing more is sent; what is sent stops there too.
      budget.check();
      return sqlSpan(sql, () => db.query<R>(sql, params, budget.statement())).catch((err: unknown) => budget.sqlFailure(err));
    },
  };
  return {
    data: new RequestData(counted, access.rows, options.entities),
    db: counted,
    maxPageSize: options.config.maxPageSize,
    config: options.config,
    principal: options.principal,
    decide: access.decide,
    decideRead: access.decideRead,
    perRow: access.perRow,
    waysOf: access.waysOf,
    budget,
    decideRow: access.decideRow,
    onRead: access.onRead,
    get statements() {
      return statements;
    },
  };
}
