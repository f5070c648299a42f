/**
 * PGlite on a thread of its own (platform/embeddedWorker.mjs), seen from the
 * main thread as the three calls the cluster needs. Opening starts at once,
 * so `npm start` opens its database on the second core while the first one
 * loads the services' code; after that every statement's WebAssembly runs
 * beside GraphQL execution instead of between it.
 */
import { Worker } from 'node:worker_threads';
import { VALUE_PARSERS } from './dbValues.ts';

export interface EmbeddedThread {
  /** Resolves once the cluster is open; rejects with why it could not be. */
  readonly opened: Promise<void>;
  query(sql: string, params?: readonly unknown[]): Promise<Record<string, unknown>[]>;
  exec(sql: string): Promise<void>;
  /** Closes the cluster (a clean shutdown, as PGlite's close) and ends the thread. */
  close(): Promise<void>;
}

interface Pending {
  resolve: (value: any) => void;
  reject: (err: Error) => void;
}

const WORKER = new URL('./embeddedWorker.mjs', import.meta.url);

export function startEmbeddedThread(dataDir: string | undefined): EmbeddedThread {
  // Not the process's own Node options (a TypeScript loader, --input-type…): the worker is plain JavaScript.
  const worker = new Worker(WORKER, { execArgv: [], workerData: { dataDir, rawTypes: Object.keys(VALUE_PARSERS).map(Number) } });
  const pending = new Map<number, Pending>();
  let nextId = 1;
  let ended: Error | undefined;

  // An idle thread must not keep the process alive, as PGlite on the main thread would not;
  // one with work outstanding must, or a script awaiting its answer would just exit.
  const track = () => (pending.size ? worker.ref() : worker.unref());
  const settle = (id: number, fn: (p: Pending) => void) => {
    const p = pending.get(id);
    if (!p) return;
    pending.delete(id);
    track();
    fn(p);
  };
  const send = <T>(id: number, message?: Record<string, unknown>): Promise<T> => {
    if (ended) return Promise.reject(ended);
    const answer = new Promise<T>((resolve, reject) => pending.set(id, { resolve, reject }));
    track();
    try {
      if (message) worker.postMessage({ id, ...message });
    } catch (err) {
      // A parameter that cannot cross to the thread (a function, a symbol…): this statement fails, nothing else.
      settle(id, (p) => p.reject(new Error(`a statement parameter cannot be sent to the embedded database: ${(err as Error).message}`)));
    }
    return answer;
  };
  const fail = (err: Error) => {
    ended ??= err;
    for (const id of [...pending.keys()]) settle(id, (p) => p.reject(ended!));
  };

  worker.on('message', ({ id, result, error }: { id: number; result?: unknown; error?: Record<string, unknown> }) =>
    settle(id, (p) => (error ? p.reject(Object.assign(new Error(String(error.message)), error)) : p.resolve(result))),
  );
  worker.on('error', (err) => fail(new Error(`the embedded database stopped: ${err.message}`, { cause: err })));
  worker.on('exit', () => fail(new Error('the embedded database is closed')));

  const opened = send<void>(0);
  return {
    opened,
    async query(sql, params) {
      const { rows, types } = await send<{ rows: Record<string, unknown>[]; types: [string, number][] }>(nextId++, { op: 'query', sql, params });
      const parse = types.filter(([, oid]) => VALUE_PARSERS[oid]);
      for (const row of rows) for (const [name, oid] of parse) if (row[name] !== null) row[name] = VALUE_PARSERS[oid](row[name] as string);
      return rows;
    },
    exec: (sql) => send<void>(nextId++, { op: 'exec', sql }),
    async close() {
      await send<void>(nextId++, { op: 'close' });
      await worker.terminate();
    },
  };
}
