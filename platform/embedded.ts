/**
 * The embedded engine: PGlite (PostgreSQL in WebAssembly) in a data
 * directory, or in memory.
 *
 * One cluster may serve several services of one process, each in its own
 * schema, as one PostgreSQL database serves them in a deployment. `npm
 * start` runs the registry and six domains in one process on one thread;
 * creating a cluster runs initdb (about four seconds of CPU) and opening a
 * seeded one costs most of a second, so one cluster instead of seven is
 * most of a cold or warm start. A cluster has one connection:
 * every statement of every service goes through one queue here, and the
 * connection's search_path is switched to the service's schema when the
 * previous statement was another's, so unqualified table names always
 * resolve to the caller's own tables. (PGlite runs one statement or
 * transaction at a time anyway, so the queue costs no concurrency.)
 */
import fs from 'node:fs';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { lockDataDir } from './dataDirLock.ts';
import type { Database } from './db.ts';
import { VALUE_PARSERS } from './dbValues.ts';

export interface EmbeddedCluster {
  /** Where the cluster lives; `memory` for none. */
  readonly dir: string;
  /** A database handle working in `schema`; the cluster opens with its first handle and closes when its last one does. */
  attach(schema: string): Promise<Database>;
}

/** A data directory PGlite could not open, with where it is and how to recover. */
export class DataDirUnusableError extends Error {
  constructor(dir: string, cause: unknown) {
    super(
      `the embedded database ${dir} could not be opened (${(cause as Error)?.message ?? String(cause)}). It is damaged or not a database: ` +
        `move it aside (mv "${dir}" "${dir}.broken") and start again to begin afresh from seed data — everything stored only there (published versions, derived data) is then gone — or point DATABASE_URL at PostgreSQL.`,
      { cause },
    );
    this.name = 'DataDirUnusableError';
  }
}

interface Open {
  lite: PGlite;
  release: () => void;
}

async function openLite(dataDir: string): Promise<Open> {
  const dir = dataDir !== 'memory' ? path.resolve(dataDir) : undefined;
  // Taken before anything touches the directory: a second process refuses here.
  const release = dir ? lockDataDir(dir) : () => {};
  try {
    if (dir) fs.mkdirSync(dir, { recursive: true });
    const lite = await PGlite.create({ dataDir: dir, parsers: VALUE_PARSERS });
    return { lite, release };
  } catch (err) {
    release();
    throw dir ? new DataDirUnusableError(dir, err) : err;
  }
}

export function embeddedCluster(dataDir: string): EmbeddedCluster {
  let opening: Promise<Open> | undefined;
  let handles = 0;
  let queue: Promise<unknown> = Promise.resolve();
  let searchPath: string | undefined;

  /** Runs `fn` alone on the connection, with search_path at `schema`. */
  const inSchema = <T>(schema: string, fn: (lite: PGlite) => Promise<T>): Promise<T> => {
    // The cluster as it is now: statements queued before the last handle closes still run on it.
    const open = opening;
    if (!open) return Promise.reject(new Error('the embedded database is closed'));
    const turn = queue.then(async () => {
      const { lite } = await open;
      if (searchPath !== schema) {
        searchPath = undefined;
        await lite.exec(`SET search_path TO ${schema}`);
        searchPath = schema;
      }
      return fn(lite);
    });
    queue = turn.catch(() => {});
    return turn;
  };

  const detach = async () => {
    if (--handles > 0) return;
    const open = opening!;
    opening = undefined;
    searchPath = undefined;
    await queue;
    const opened = await open.catch(() => undefined);
    if (!opened) return;
    try {
      await opened.lite.close();
    } finally {
      opened.release();
    }
  };

  return {
    dir: dataDir,
    async attach(schema) {
      handles++;
      try {
        await (opening ??= openLite(dataDir));
      } catch (err) {
        await detach();
        throw err;
      }
      return handle(schema, inSchema, detach);
    },
  };
}

function handle(schema: string, inCluster: <T>(schema: string, fn: (lite: PGlite) => Promise<T>) => Promise<T>, detach: () => Promise<void>): Database {
  let statements = 0;
  let closed = false;
  const inSchema = <T>(own: string, fn: (lite: PGlite) => Promise<T>): Promise<T> => (closed ? Promise.reject(new Error('the embedded database is closed')) : inCluster(own, fn));
  return {
    engine: 'pglite',
    schema,
    get statements() {
      return statements;
    },
    query(sql, params) {
      statements++;
      return inSchema(schema, async (lite) => (await lite.query(sql, params as unknown[])).rows as never);
    },
    transaction: (fn) =>
      inSchema(schema, (lite) =>
        lite.transaction((tx) =>
          fn({
            async query(sql, params) {
              statements++;
              return (await tx.query(sql, params as unknown[])).rows as never;
            },
          }),
        ),
      ),
    async exec(sql) {
      statements++;
      await inSchema(schema, (lite) => lite.exec(sql));
    },
    async close() {
      if (closed) return;
      closed = true;
      await detach();
    },
  };
}
