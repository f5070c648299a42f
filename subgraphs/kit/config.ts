/** A domain subgraph's settings, read and checked once at start. */
import { CACHE_MODES } from '../../platform/cache/open.ts';
import { int, oneOf, port, positive, readConfig, text, url, type ConfigOf } from '../../platform/config.ts';
import { placeholders, type DevelopmentDefault } from '../../platform/safety.ts';
import { cacheSettings, shared } from '../../platform/settings.ts';
import { policySettings } from '../../policies/settings.ts';
import { trustDevelopmentDefaults } from './trust.ts';
import { telemetrySettings } from '../../platform/telemetry/settings.ts';

export const subgraphSettings = {
  port: port('SUBGRAPH_PORT', undefined, 'Port of a subgraph started on its own. Default: the domain\'s own (sales 4001, marketing 4002, customer-success 4003, gameplay 4004, analytics 4005, governance 4006).'),
  publicUrl: url('SUBGRAPH_URL', undefined, 'URL the subgraph publishes to the registry, as the gateway reaches it. Default: http://127.0.0.1:<port>/graphql.'),
  registryUrl: shared.registryUrl,
  registryToken: shared.registryToken,
  supergraphFile: shared.supergraphFile,
  databaseUrl: shared.databaseUrl,
  dataDir: shared.dataDir,
  seedScale: positive('SEED_SCALE', 1, 'Size of the deterministic seed data: 1 = 200 accounts and 400 players; other values scale linearly.'),
  maxPageSize: int('MAX_PAGE_SIZE', 500, 'Hard maximum of `first` on every list field.', 1),
  maxRowsPerRequest: int('MAX_ROWS_PER_REQUEST', 50_000, 'Most rows (list items, counted where resolvers return them) one GraphQL request may materialise in a subgraph; past it the request stops with one error, code ROW_LIMIT.', 1),
  requestDeadlineMs: int('REQUEST_DEADLINE_MS', 30_000, 'Longest a subgraph works on one GraphQL request; the gateway\'s own deadline (SUBGRAPH_TIMEOUT_MS, carried in its identity token) stops it earlier. Past it: one error, code DEADLINE_EXCEEDED; on PostgreSQL statements are cancelled (statement_timeout).', 1),
  host: shared.host,
  deployment: shared.deployment,
  metricsToken: shared.metricsToken,
  maxBodyBytes: shared.maxBodyBytes,
  logLevel: shared.logLevel,
  gatewayUrl: url('GATEWAY_URL', 'http://127.0.0.1:4000', 'Gateway base URL, for derived data products (analytics) that read other domains\' products through it.'),
  gatewayApiKey: text('GATEWAY_API_KEY', undefined, 'API key a derived domain (analytics) reads other domains through the gateway with. `npm start` creates one.'),
  gatewayJwksUrl: url('GATEWAY_JWKS_URL', undefined, 'Where the gateway publishes the key its identity tokens are signed with. Default: GATEWAY_URL/.well-known/jwks.json.'),
  gatewayJwksFile: text('GATEWAY_JWKS_FILE', undefined, 'A file holding the gateway\'s public key set (a copy of its /.well-known/jwks.json), read at start; used instead of GATEWAY_JWKS_URL when set, for subgraphs that cannot reach the gateway.'),
  trust: oneOf('SUBGRAPH_TRUST', 'gateway', ['gateway', 'development'] as const, 'gateway: every GraphQL call must carry a gateway identity token. development: a call without an Authorization header is answered as SUBGRAPH_TEST_PRINCIPAL, under the policy, so federation tooling (rover, Sandbox, a Router) can call the subgraph directly; warned about at start, refused with DPG_ENV=production.'),
  testPrincipal: text('SUBGRAPH_TEST_PRINCIPAL', '{"sub":"subgraph-developer","roles":[]}', 'Who direct calls are under SUBGRAPH_TRUST=development, as JSON claims: sub, roles, scopes, attrs (e.g. {"sub":"dev","roles":["analyst"],"attrs":{"region":"EMEA"}}).'),
  ...policySettings,
  freshnessReportIntervalMs: int('FRESHNESS_REPORT_INTERVAL_MS', 30_000, 'How often a subgraph checks whether its data products were refreshed and, when they were, reports the new times to the registry (the catalog\'s refreshedAt); 0 reports once, after the publish.'),
  refreshIntervalMs: int('REFRESH_INTERVAL_MS', 60_000, 'How often derived data products are recomputed (analytics); 0 turns the timer off.'),
  entityCache: oneOf('ENTITY_CACHE', 'auto', CACHE_MODES, 'Entity cache in the subgraphs (rows read by the DataLoaders, kept for the freshness SLA of their data product): auto = Redis when configured, else in-process; off, memory or redis.'),
  ...cacheSettings,
  ...telemetrySettings,
};

export type SubgraphConfig = ConfigOf<typeof subgraphSettings>;

export function readSubgraphConfig(env: NodeJS.ProcessEnv = process.env): SubgraphConfig {
  return readConfig(subgraphSettings, env);
}

/** Development defaults in force (platform/safety.ts). */
export function subgraphDevelopmentDefaults(config: SubgraphConfig): DevelopmentDefault[] {
  return [
    ...(config.maskHashKey === policySettings.maskHashKey.default ? [{ setting: 'MASK_HASH_KEY', problem: 'is the public development key: hashed values can be reversed with a dictionary' }] : []),
    ...(config.registryToken === shared.registryToken.default ? [{ setting: 'REGISTRY_TOKEN', problem: 'is the registry\'s development admin token: give the subgraph its team\'s token' }] : []),
    ...trustDevelopmentDefaults(config),
    ...placeholders(subgraphSettings, config),
  ];
}
