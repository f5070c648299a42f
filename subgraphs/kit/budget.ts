/**
 * What one request may cost a subgraph: time until its deadline and rows
 * materialised. The deadline is the earlier of the gateway's (carried in the
 * identity token, when the gateway stops waiting) and the subgraph's own
 * ceiling (REQUEST_DEADLINE_MS); the row budget is MAX_ROWS_PER_REQUEST.
 *
 * Rows are counted where fan-out happens: every list a resolver returns is
 * charged by its length, whether it came from SQL or from a batch already
 * loaded. A query nested seven levels deep through `tickets { account {
 * tickets … } }` reads few distinct rows — the loaders serve repeats — but
 * builds millions of result objects; charging lists stops it at the budget.
 * The deadline is checked before every list and every SQL statement, and on
 * PostgreSQL each statement carries the time left (statement_timeout).
 *
 * Once a request is stopped, everything it still tries fails at once, and its
 * answer is one GraphQL error (DEADLINE_EXCEEDED or ROW_LIMIT) with no data:
 * a partial tree cut at an arbitrary point would be misleading.
 */
import { defaultFieldResolver, GraphQLError, GraphQLList, GraphQLObjectType, getNullableType, type ExecutionResult, type GraphQLFieldResolver, type GraphQLSchema } from 'graphql';
import type { QueryOptions } from '../../platform/db.ts';

export interface BudgetSettings {
  /** The subgraph's own ceiling for one request, in ms. */
  requestDeadlineMs: number;
  maxRowsPerRequest: number;
}

/** PostgreSQL's SQLSTATE for a statement cancelled (statement_timeout included). */
const QUERY_CANCELED = '57014';

export class RequestBudget {
  private rows = 0;
  /** Why the request was stopped, once it was. */
  stopped?: GraphQLError;
  /**
   * What every field still running throws once the request is stopped: one
   * instance with a path, which graphql-js passes on as it is instead of
   * building (and capturing a stack for) a new error per field.
   */
  private thrown?: GraphQLError;

  constructor(
    /** Epoch ms. */
    readonly deadline: number,
    readonly maxRows: number,
    private readonly subgraph: string,
    private readonly now: () => number = Date.now,
  ) {}

  /** Throws when the request has been stopped or its deadline has passed. */
  check(): void {
    if (this.thrown) throw this.thrown;
    if (this.now() >= this.deadline) throw this.stop('DEADLINE_EXCEEDED', `subgraph "${this.subgraph}" stopped this request at its deadline`);
  }

  /** Counts `n` rows materialised; throws past the budget. */
  charge(n: number): void {
    if (this.thrown) throw this.thrown;
    this.rows += n;
    if (this.rows > this.maxRows) throw this.stop('ROW_LIMIT', `subgraph "${this.subgraph}" stopped this request: it would materialise more than ${this.maxRows} rows`, { maxRows: this.maxRows });
  }

  /** What a SQL statement of this request is sent with. */
  statement(): QueryOptions {
    return { timeoutMs: Math.max(1, this.deadline - this.now()) };
  }

  /** A statement the database cancelled at the deadline becomes DEADLINE_EXCEEDED; other failures stay as they are. */
  sqlFailure(err: unknown): never {
    if (this.thrown) throw this.thrown;
    if ((err as { code?: string })?.code === QUERY_CANCELED) throw this.stop('DEADLINE_EXCEEDED', `subgraph "${this.subgraph}" stopped this request at its deadline`);
    throw err;
  }

  /** The answer: as executed, or one error when the request was stopped. */
  settle(result: ExecutionResult): ExecutionResult {
    return this.stopped ? { data: null, errors: [this.stopped] } : result;
  }

  private stop(code: 'DEADLINE_EXCEEDED' | 'ROW_LIMIT', message: string, extra: Record<string, unknown> = {}): GraphQLError {
    if (!this.stopped) {
      this.stopped = new GraphQLError(message, { extensions: { code, subgraph: this.subgraph, ...extra } });
      this.thrown = new GraphQLError(message, { path: [], extensions: this.stopped.extensions });
    }
    return this.thrown!;
  }
}

/** The budget of one request, from the gateway's deadline (whole seconds since the epoch) and the subgraph's settings. */
export function requestBudget(gatewayDeadline: number | undefined, settings: BudgetSettings, subgraph: string, now: () => number = Date.now): RequestBudget {
  const own = now() + settings.requestDeadlineMs;
  const deadline = gatewayDeadline === undefined ? own : Math.min(own, gatewayDeadline * 1000);
  return new RequestBudget(deadline, settings.maxRowsPerRequest, subgraph, now);
}

const charging = new WeakSet<GraphQLFieldResolver<unknown, unknown>>();

/**
 * Makes every list field of `schema` check the request's deadline before it
 * resolves and charge its length after. Changes the schema in place (before
 * enforcement wraps it); fields already wrapped are left alone.
 */
export function chargeLists(schema: GraphQLSchema): void {
  for (const type of Object.values(schema.getTypeMap())) {
    if (!(type instanceof GraphQLObjectType) || type.name.startsWith('__')) continue;
    for (const field of Object.values(type.getFields())) {
      if (!(getNullableType(field.type) instanceof GraphQLList)) continue;
      const resolve = field.resolve ?? defaultFieldResolver;
      if (charging.has(resolve)) continue;
      const wrapped: GraphQLFieldResolver<unknown, { budget?: RequestBudget }> = (parent, args, ctx, info) => {
        const budget = ctx?.budget;
        if (!budget) return resolve(parent, args, ctx, info);
        budget.check();
        const value = resolve(parent, args, ctx, info);
        const charge = (v: unknown) => {
          if (Array.isArray(v)) budget.charge(v.length);
          return v;
        };
        return value instanceof Promise ? value.then(charge) : charge(value);
      };
      charging.add(wrapped as GraphQLFieldResolver<unknown, unknown>);
      field.resolve = wrapped as GraphQLFieldResolver<unknown, unknown>;
    }
  }
}
