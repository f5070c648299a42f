/**
 * The PostgreSQL engine (`DATABASE_URL`): a `pg` pool whose connections all
 * work in the service's schema, with per-statement timeouts.
 */
import pg from 'pg';
import type { Database, DatabaseOptions, QueryOptions } from './db.ts';
import { VALUE_PARSERS } from './dbValues.ts';

export function openPostgres(connectionString: string, options: DatabaseOptions): Database {
  const pool = new pg.Pool({
    connectionString,
    max: options.poolSize ?? 10,
    // search_path is set per connection, so unqualified table names resolve to
    // this service's schema and nothing else.
    options: `-c search_path=${options.schema}`,
    types: { getTypeParser: ((oid: number, format?: string) => VALUE_PARSERS[oid] ?? pg.types.getTypeParser(oid, format as 'text')) as typeof pg.types.getTypeParser },
  });
  // An idle client dying (e.g. the server restarting) must not crash the process.
  pool.on('error', () => {});
  let statements = 0;
  const run = async (client: pg.Pool | pg.PoolClient, sql: string, params?: readonly unknown[]) => {
    statements++;
    const result = await client.query(sql, params as unknown[]);
    return result.rows;
  };
  // statement_timeout is a session setting: each pooled connection remembers
  // the value it was last given, and is told again only when a statement
  // needs another one (whole seconds, so values repeat and the extra round
  // trip is rare). Statements without a timeout reset it to none.
  const timeouts = new WeakMap<pg.PoolClient, number>();
  const withTimeout = async (client: pg.PoolClient, timeoutMs: number | undefined) => {
    const wanted = timeoutMs === undefined ? 0 : Math.max(1, Math.ceil(timeoutMs / 1000)) * 1000;
    if ((timeouts.get(client) ?? 0) === wanted) return;
    await client.query(`SET statement_timeout = ${wanted}`);
    timeouts.set(client, wanted);
  };
  const timed = async (sql: string, params: readonly unknown[] | undefined, options: QueryOptions | undefined) => {
    const client = await pool.connect();
    try {
      await withTimeout(client, options?.timeoutMs);
      return await run(client, sql, params);
    } finally {
      client.release();
    }
  };
  return {
    engine: 'postgres',
    schema: options.schema,
    get statements() {
      return statements;
    },
    query: (sql, params, options) => timed(sql, params, options) as never,
    async transaction(fn) {
      const client = await pool.connect();
      try {
        await withTimeout(client, undefined);
        await client.query('BEGIN');
        const result = await fn({ query: (sql, params) => run(client, sql, params) as never });
        await client.query('COMMIT');
        return result;
      } catch (err) {
        await client.query('ROLLBACK').catch(() => {});
        throw err;
      } finally {
        client.release();
      }
    },
    async exec(sql) {
      statements++;
      const client = await pool.connect();
      try {
        await withTimeout(client, undefined);
        await client.query(sql);
      } finally {
        client.release();
      }
    },
    close: () => pool.end(),
  };
}
