/**
 * The schema registry's HTTP face: publish subgraph versions, serve the
 * composed supergraph to gateways (with ETag so polling is nearly free), the
 * history, and the data-product catalog.
 */
import path from 'node:path';
import { migrate, openDatabase, type Database } from '../platform/db.ts';
import { createHttpServer, HttpError, listen, type HttpRequest } from '../platform/http.ts';
import { createLogger, type Logger } from '../platform/log.ts';
import { counter, createMetrics } from '../platform/metrics.ts';
import { probeRoutes } from '../platform/probes.ts';
import { pgliteDir } from '../platform/settings.ts';
import { buildCatalog } from './catalog.ts';
import type { RegistryConfig } from './config.ts';
import { publishSubgraph, type PublishInput } from './publish.ts';
import * as store from './store.ts';

export interface RunningRegistry {
  url: string;
  port: number;
  db: Database;
  close(): Promise<void>;
}

const STATUS = { published: 201, unchanged: 200, invalid: 400, rejected: 422 } as const;

export async function startRegistry(config: RegistryConfig, options: { logger?: Logger } = {}): Promise<RunningRegistry> {
  const logger = options.logger ?? createLogger('registry', config.logLevel);
  const db = await openDatabase({ url: config.databaseUrl, dataDir: pgliteDir(config.dataDir, 'registry'), schema: 'registry' });
  await migrate(db, path.join(import.meta.dirname, 'migrations'));

  const metrics = createMetrics('registry');
  const publishes = counter(metrics, 'dpg_registry_publishes_total', 'Subgraph publishes by outcome', ['outcome']);

  const routes = {
    'POST /subgraphs/:name': async (req: HttpRequest) => {
      const body = (req.body ?? {}) as Partial<PublishInput>;
      if (typeof body !== 'object') throw new HttpError(400, 'request body must be a JSON object');
      const outcome = await publishSubgraph(db, { ...body, name: req.params.name } as PublishInput);
      publishes.inc({ outcome: outcome.status });
      if (outcome.status === 'rejected') logger.warn({ subgraph: req.params.name, errors: outcome.errors }, 'publish rejected: does not compose');
      if (outcome.status === 'published') logger.info({ subgraph: req.params.name, version: outcome.version, supergraph: outcome.supergraph.id }, 'published');
      return { status: STATUS[outcome.status], body: { subgraph: req.params.name, ...outcome } };
    },

    'GET /subgraphs': async () => ({
      body: (await store.currentVersions(db)).map(({ sdl, dataProduct, ...v }) => ({ ...v, team: dataProduct?.team ?? null })),
    }),

    'GET /subgraphs/:name': async (req: HttpRequest) => {
      const current = (await store.currentVersions(db)).find((v) => v.subgraph === req.params.name);
      if (!current) throw new HttpError(404, `unknown subgraph "${req.params.name}"`);
      return { body: current };
    },

    'GET /subgraphs/:name/versions': async (req: HttpRequest) => {
      const versions = await store.history(db, req.params.name);
      if (!versions.length) throw new HttpError(404, `unknown subgraph "${req.params.name}"`);
      return { body: versions };
    },

    'GET /supergraph': async (req: HttpRequest) => {
      const latest = await store.latestSupergraph(db);
      if (!latest) throw new HttpError(404, 'no supergraph yet: no subgraph has been published');
      const etag = `"${latest.hash}"`;
      const headers = { etag, 'x-supergraph-id': latest.id, 'cache-control': 'no-cache' };
      if (req.headers['if-none-match'] === etag) return { status: 304, headers };
      return { headers: { ...headers, 'content-type': 'text/plain; charset=utf-8' }, body: latest.sdl };
    },

    'GET /supergraph/versions': async () => ({ body: await store.supergraphHistory(db) }),

    'GET /catalog': async () => ({ body: buildCatalog(await store.currentVersions(db)) }),

    ...probeRoutes('registry', async () => ({ ready: true, database: db.engine, supergraph: (await store.latestSupergraph(db))?.id ?? null }), metrics),
  };

  const server = createHttpServer({ routes, bodyLimit: config.maxBodyBytes, onError: (err) => logger.error({ err }, 'request failed') });
  const running = await listen(server, config.port);
  logger.info({ url: running.url, database: db.engine }, 'registry listening');
  return {
    url: running.url,
    port: running.port,
    db,
    async close() {
      await running.close();
      await db.close();
    },
  };
}
