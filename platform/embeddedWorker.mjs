// @ts-check
/**
 * The embedded engine's own thread (platform/embeddedThread.ts starts it):
 * PGlite runs here, so opening a cluster (about a second of WebAssembly) and
 * every statement after it use the second core instead of the thread that
 * serves GraphQL. Plain JavaScript because a worker thread starts without the
 * TypeScript loader tests and `tsx` give the main thread.
 *
 * Messages in: { id, op: 'query' | 'exec' | 'close', sql?, params? }.
 * Messages out: { id, result } or { id, error }; id 0 answers the opening.
 * Values of the types in workerData.rawTypes come back as PostgreSQL's text,
 * for the main thread's parsers (platform/dbValues.ts), which cannot cross.
 */
import v8 from 'node:v8';
import { parentPort, workerData } from 'node:worker_threads';
import { PGlite } from '@electric-sql/pglite';

// V8 first runs WebAssembly as quickly compiled (Liftoff) code and recompiles
// functions that have run a while with its optimizing compiler, on background
// threads. PostgreSQL is large and much of it runs while a cluster opens, so
// with V8's default budget (1.8 million) that recompiling took 1.5 s of CPU
// at every start, on the same two cores the services start on. With a budget
// of a hundred million, start-up mostly stays on the first code (the warm
// mesh's banner came 0.5 s sooner) and statements under load are optimized
// within a few hundred: steady state within 3 % of the default's, only a
// process's first seconds under load run slower.
// Process-wide, but PGlite is the process's only WebAssembly.
v8.setFlagsFromString('--wasm-tiering-budget=100000000');

const port = /** @type {import('node:worker_threads').MessagePort} */ (parentPort);
/** @type {Record<number, (v: string) => string>} */
const asText = Object.fromEntries(workerData.rawTypes.map((/** @type {number} */ oid) => [oid, (/** @type {string} */ v) => v]));

/**
 * What a main thread needs of an error: its message and PostgreSQL's fields
 * (code, detail, constraint…). Only plain values, so it always crosses.
 */
const plain = (/** @type {any} */ err) => ({
  ...Object.fromEntries(Object.entries(err ?? {}).filter(([, v]) => v === null || ['string', 'number', 'boolean'].includes(typeof v))),
  name: String(err?.name ?? 'Error'),
  message: String(err?.message ?? err),
});

const opening = PGlite.create({ dataDir: workerData.dataDir, parsers: asText });
opening.then(
  () => port.postMessage({ id: 0, result: null }),
  (err) => port.postMessage({ id: 0, error: plain(err) }),
);

port.on('message', async ({ id, op, sql, params }) => {
  try {
    const lite = await opening;
    if (op === 'query') {
      const { rows, fields } = await lite.query(sql, params);
      port.postMessage({ id, result: { rows, types: fields.map((f) => [f.name, f.dataTypeID]) } });
    } else if (op === 'exec') {
      await lite.exec(sql);
      port.postMessage({ id, result: null });
    } else {
      await lite.close();
      port.postMessage({ id, result: null });
      port.close();
    }
  } catch (err) {
    port.postMessage({ id, error: plain(err) });
  }
});
