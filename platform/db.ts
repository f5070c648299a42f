/**
 * One database interface over two engines: PostgreSQL through `pg` when a
 * `DATABASE_URL` is given, otherwise embedded PGlite (the same SQL, running in
 * WebAssembly). Every service works inside its own PostgreSQL schema, so a
 * domain can only ever see its own tables, whichever engine runs underneath.
 */
import fs from 'node:fs';
import path from 'node:path';
import { embeddedCluster, type EmbeddedCluster } from './embedded.ts';

export { DataDirUnusableError } from './embedded.ts';

export interface QueryOptions {
  /**
   * Longest the statement may run (PostgreSQL's statement_timeout; 57014 when
   * it is cancelled). PGlite runs each statement to completion on the event
   * loop and cannot interrupt one: callers check their deadline between statements.
   */
  timeoutMs?: number;
}

export interface Queryable {
  query<R = Record<string, unknown>>(sql: string, params?: readonly unknown[], options?: QueryOptions): Promise<R[]>;
}

export interface Database extends Queryable {
  readonly engine: 'postgres' | 'pglite';
  readonly schema: string;
  /** Statements sent since the database was opened (counting is cheap and always on). */
  readonly statements: number;
  /** Runs `fn` in one transaction; a throw rolls everything back. */
  transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T>;
  /** Runs multi-statement SQL text (migrations). */
  exec(sql: string): Promise<void>;
  close(): Promise<void>;
}

export interface DatabaseOptions {
  /** postgres://… to use PostgreSQL; unset for embedded PGlite. */
  url?: string;
  /** Where PGlite keeps its files; `memory` keeps nothing on disk. */
  dataDir?: string;
  /** An embedded cluster shared with other services of the process (used instead of dataDir). */
  cluster?: EmbeddedCluster;
  /** The PostgreSQL schema this service owns (created if missing). */
  schema: string;
  /** Pool size for PostgreSQL. */
  poolSize?: number;
}

const SCHEMA_NAME = /^[a-z_][a-z0-9_]*$/;

export async function openDatabase(options: DatabaseOptions): Promise<Database> {
  if (!SCHEMA_NAME.test(options.schema)) throw new Error(`invalid schema name "${options.schema}"`);
  // `pg` loads only for PostgreSQL, so an embedded start never pays for it.
  const db = options.url ? (await import('./postgres.ts')).openPostgres(options.url, options) : await (options.cluster ?? embeddedCluster(options.dataDir ?? 'memory')).attach(options.schema);
  try {
    await db.exec(`CREATE SCHEMA IF NOT EXISTS ${options.schema}`);
  } catch (err) {
    await db.close().catch(() => {});
    throw err;
  }
  return db;
}

/**
 * Applies `NNN_name.sql` files from `dir` in order, each once, each in its own
 * transaction, recording them in `<schema>.schema_migrations`. A migration that
 * fails leaves the schema at the previous one.
 */
export async function migrate(db: Database, dir: string): Promise<string[]> {
  await db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (name text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())`);
  const done = new Set((await db.query<{ name: string }>('SELECT name FROM schema_migrations')).map((r) => r.name));
  const files = fs.readdirSync(dir).filter((f) => /^\d+_.+\.sql$/.test(f)).sort();
  const applied: string[] = [];
  for (const file of files) {
    if (done.has(file)) continue;
    const sql = fs.readFileSync(path.join(dir, file), 'utf8');
    await db.transaction(async (tx) => {
      for (const statement of splitStatements(sql)) await tx.query(statement);
      await tx.query('INSERT INTO schema_migrations (name) VALUES ($1)', [file]);
    });
    applied.push(file);
  }
  return applied;
}

/** Splits migration text on `;` at line ends, dropping whole-line `--` comments. */
function splitStatements(sql: string): string[] {
  return sql
    .replace(/^\s*--.*$/gm, '')
    .split(/;\s*$/m)
    .map((s) => s.trim())
    .filter(Boolean);
}

/** Quotes an identifier that comes from our own code (column names in table definitions). */
export function ident(name: string): string {
  if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`unsafe SQL identifier "${name}"`);
  return name;
}
