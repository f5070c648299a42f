/**
 * The embedded engine: PGlite (PostgreSQL in WebAssembly) in a data
 * directory, or in memory, on a thread of its own (platform/embeddedThread.ts).
 *
 * One cluster may serve several services of one process, each in its own
 * schema, as one PostgreSQL database serves them in a deployment. `npm
 * start` runs the registry and six domains in one process; creating a
 * cluster runs initdb (about four seconds of CPU) and opening a seeded one
 * costs about a second, so one cluster instead of seven is most of a cold or
 * warm start. A cluster has one connection: every statement of every service
 * goes through one queue here, and the connection's search_path is switched
 * to the service's schema when the previous statement was another's, so
 * unqualified table names always resolve to the caller's own tables. (PGlite
 * runs one statement or transaction at a time anyway, so the queue costs no
 * concurrency.)
 */
import fs from 'node:fs';
import path from 'node:path';
import { lockDataDir } from './dataDirLock.ts';
import type { Database } from './db.ts';
import { startEmbeddedThread, type EmbeddedThread } from './embeddedThread.ts';

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
  engine: EmbeddedThread;
  release: () => void;
}

async function openEngine(dataDir: string): Promise<Open> {
  const dir = dataDir !== 'memory' ? path.resolve(dataDir) : undefined;
  // Taken before anything touches the directory: a second process refuses here.
  const release = dir ? lockDataDir(dir) : () => {};
  let engine: EmbeddedThread | undefined;
  try {
    if (dir) fs.mkdirSync(dir, { recursive: true });
    engine = startEmbeddedThread(dir);
    await engine.opened;
    return { engine, release };
  } catch (err) {
    await engine?.close().catch(() => {});
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
  const inSchema = <T>(schema: string, fn: (engine: EmbeddedThread) => Promise<T>): Promise<T> => {
    // The cluster as it is now: statements queued before the last handle closes still run on it.
    const open = opening;
    if (!open) return Promise.reject(new Error('the embedded database is closed'));
    const turn = queue.then(async () => {
      const { engine } = await open;
      if (searchPath !== schema) {
        searchPath = undefined;
        await engine.exec(`SET search_path TO ${schema}`);
        searchPath = schema;
      }
      return fn(engine);
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
      await opened.engine.close();
    } finally {
      opened.release();
    }
  };

  return {
    dir: dataDir,
    async attach(schema) {
      handles++;
      try {
        await (opening ??= openEngine(dataDir));
      } catch (err) {
        await detach();
        throw err;
      }
      return handle(schema, inSchema, detach);
    },
  };
}

function handle(schema: string, inCluster: <T>(schema: string, fn: (engine: EmbeddedThread) => Promise<T>) => Promise<T>, detach: () => Promise<void>): Database {
  let statements = 0;
  let closed = false;
  const inSchema = <T>(own: string, fn: (engine: EmbeddedThread) => Promise<T>): Promise<T> => (closed ? Promise.reject(new Error('the embedded database is closed')) : inCluster(own, fn));
  return {
    engine: 'pglite',
    schema,
    get statements() {
      return statements;
    },
    query(sql, params) {
      statements++;
      return inSchema(schema, (engine) => engine.query(sql, params) as never);
    },
    // The whole transaction is one turn of the queue: no other service's statement comes between.
    transaction: (fn) =>
      inSchema(schema, async (engine) => {
        await engine.exec('BEGIN');
        try {
          const result = await fn({
            query(sql, params) {
              statements++;
              return engine.query(sql, params) as never;
            },
          });
          await engine.exec('COMMIT');
          return result;
        } catch (err) {
          await engine.exec('ROLLBACK').catch(() => {});
          throw err;
        }
      }),
    async exec(sql) {
      statements++;
      await inSchema(schema, (engine) => engine.exec(sql));
    },
    async close() {
      if (closed) return;
      closed = true;
      await detach();
    },
  };
}
