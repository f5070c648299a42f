/** Settings more than one service reads, declared once so they mean the same everywhere. */
import { int, list, port, text, url } from './config.ts';
import { deploymentSetting } from './safety.ts';

export const shared = {
  deployment: deploymentSetting,
  databaseUrl: url('DATABASE_URL', undefined, 'PostgreSQL connection URL. Unset: embedded PGlite under DATA_DIR.'),
  dataDir: text('DATA_DIR', '.data', 'Where embedded PGlite databases and the gateway\'s last supergraph live; `memory` keeps nothing on disk.'),
  metricsToken: text('METRICS_TOKEN', undefined, 'Bearer token /metrics requires when set (Prometheus: `authorization.credentials`). Unset: /metrics is open, like /health and /ready.'),
  host: text('HOST', '127.0.0.1', 'Network interface every service listens on. Default: loopback only, so nothing is reachable from other machines by accident; 0.0.0.0 for all interfaces (containers).'),
  logLevel: text('LOG_LEVEL', 'info', 'pino log level: fatal, error, warn, info, debug, trace or silent.'),
  maxBodyBytes: int('MAX_BODY_BYTES', 1_048_576, 'Largest accepted HTTP request body, in bytes.', 1),
  registryPort: port('REGISTRY_PORT', 4100, 'Schema registry port; also where a gateway without REGISTRY_URL looks for the registry on this host (unless it serves SUPERGRAPH_FILE).'),
  registryUrl: url('REGISTRY_URL', 'http://127.0.0.1:4100', 'Schema registry base URL.'),
  supergraphFile: text('SUPERGRAPH_FILE', undefined, 'Use this supergraph file instead of the registry\'s (reloaded when it changes): the gateway serves it, and every service checks its policy against it.'),
  registryToken: text('REGISTRY_TOKEN', 'dev-admin-token', 'Registry token subgraphs publish their schema with at start, and the gateway reports field usage with. Default: the registry\'s development admin token.'),
};

/** The cache store every service opens (platform/cache/open.ts). */
export const cacheSettings = {
  redisUrl: url('REDIS_URL', undefined, 'Redis for the entity cache, response cache, persisted queries and invalidation messages, e.g. redis://127.0.0.1:6379. Unset: in-process caches, and invalidations reach only services in the same process.'),
  redisClusterNodes: list('REDIS_CLUSTER_NODES', [], 'Redis Cluster seed nodes, host:port,host:port; used instead of REDIS_URL when set.'),
  redisCommandTimeoutMs: int('REDIS_COMMAND_TIMEOUT_MS', 10, 'Longest wait for one Redis command; a slower or failed command counts as a cache miss, never as a failed request.', 1),
  cacheKeyPrefix: text('CACHE_KEY_PREFIX', 'dpg', 'Start of every cache key and channel (letters, digits, . _ -), so deployments sharing one Redis never read each other\'s entries.'),
  cacheMemoryMb: int('CACHE_MEMORY_MB', 64, 'Budget of each in-process cache store, in MiB.', 1),
};

/**
 * Where a service keeps its embedded database: one directory per service, so
 * services can also run as separate processes on one DATA_DIR. The services
 * `npm start` runs in one process share one, named `mesh`.
 */
export function pgliteDir(dataDir: string, service: string): string {
  return dataDir === 'memory' ? 'memory' : `${dataDir}/${service}/pglite`;
}
