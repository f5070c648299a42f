/** Settings more than one service reads, declared once so they mean the same everywhere. */
import { int, text, url } from './config.ts';

export const shared = {
  databaseUrl: url('DATABASE_URL', undefined, 'PostgreSQL connection URL. Unset: embedded PGlite under DATA_DIR.'),
  dataDir: text('DATA_DIR', '.data', 'Where embedded PGlite databases and the gateway\'s last supergraph live; `memory` keeps nothing on disk.'),
  logLevel: text('LOG_LEVEL', 'info', 'pino log level: fatal, error, warn, info, debug, trace or silent.'),
  maxBodyBytes: int('MAX_BODY_BYTES', 1_048_576, 'Largest accepted HTTP request body, in bytes.', 1),
  registryUrl: url('REGISTRY_URL', 'http://127.0.0.1:4100', 'Schema registry base URL.'),
};

/** Where a service keeps its embedded database: one directory per service, so services can also run as separate processes. */
export function pgliteDir(dataDir: string, service: string): string {
  return dataDir === 'memory' ? 'memory' : `${dataDir}/${service}/pglite`;
}
