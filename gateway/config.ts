/** The gateway's settings, read and checked once at start. */
import { CACHE_MODES } from '../platform/cache/open.ts';
import { bool, int, oneOf, port, readConfig, text, url, type ConfigOf } from '../platform/config.ts';
import { cacheSettings, shared } from '../platform/settings.ts';
import { placeholders, type DevelopmentDefault } from '../platform/safety.ts';
import { policySettings } from '../policies/settings.ts';
import { DEV_AUDIENCE, DEV_ISSUER } from './identity/devSecret.ts';
import { httpSettings } from './http/settings.ts';
import { limitSettings } from './limits/settings.ts';
import { registryOf } from './standalone/registry.ts';
import { telemetrySettings } from '../platform/telemetry/settings.ts';

export const gatewaySettings = {
  port: port('GATEWAY_PORT', 4000, 'Gateway port; GraphQL is served at /graphql.'),
  // Unset is not the same as the default here: a gateway on SUPERGRAPH_FILE
  // talks to a registry only when told where it is (standalone/registry.ts).
  registryUrl: {
    ...shared.registryUrl,
    default: undefined,
    defaultDoc: 'http://127.0.0.1:4100',
    doc: 'Schema registry base URL (subgraphs: default http://127.0.0.1:4100). Gateway: default http://127.0.0.1:$REGISTRY_PORT, except on SUPERGRAPH_FILE, where unset means no registry at all: no usage reports, no data-product catalog, no request to any registry.',
  },
  registryPort: shared.registryPort,
  registryToken: shared.registryToken,
  usageFlushIntervalMs: int('USAGE_FLUSH_INTERVAL_MS', 5000, 'How often the gateway sends field usage (per client and operation) to the registry, whose breaking-change checks rely on it. A gateway without a registry (SUPERGRAPH_FILE, no REGISTRY_URL) records and sends none.', 10),
  supergraphFile: shared.supergraphFile,
  pollIntervalMs: int('SUPERGRAPH_POLL_INTERVAL_MS', 1000, 'How often the gateway asks the registry (or checks the file) for a new supergraph.', 50),
  apolloTelemetryDisabled: bool('APOLLO_TELEMETRY_DISABLED', true, '@apollo/gateway\'s own telemetry: unless this is false, the product turns it off, so the gateway neither probes cloud metadata endpoints (AWS, GCP, Azure, Alibaba) nor sends host metrics to Apollo.'),
  subgraphTraces: bool('SUBGRAPH_TRACES', false, 'Ask every subgraph for a federated trace (ftv1) and record the resolver time of each field, batched loads included, in the histogram dpg_subgraph_field_seconds{subgraph,type,field} on /metrics. Off by default: traces cost the subgraphs a little per field.'),
  queryPlanCacheMb: int('QUERY_PLAN_CACHE_MB', 30, 'Budget of the query planner\'s cache of plans, in MiB of plan JSON (about twice that on the heap): the gateway\'s largest bounded store when callers send many distinct operations.', 1),
  subgraphTimeoutMs: int('SUBGRAPH_TIMEOUT_MS', 10_000, 'Longest wait for one subgraph request before it counts as failed.', 1),
  responseCache: oneOf('RESPONSE_CACHE', 'auto', CACHE_MODES, 'Response cache in the gateway: auto = Redis when configured, else in-process; off, memory or redis. Only errorless query results whose types all allow caching are kept, for their shortest lifetime: from RESPONSE_CACHE_RULES_FILE when set, else from the data products\' freshness SLAs in the registry\'s catalog; with neither, nothing is cached.'),
  responseCacheRulesFile: text('RESPONSE_CACHE_RULES_FILE', undefined, 'YAML file of response-cache rules (which subgraphs or types may be cached, and for how long), used instead of the registry\'s data-product catalog, e.g. on SUPERGRAPH_FILE without a registry. A file that does not read or check refuses the start.'),
  responseCacheMaxTtlSeconds: int('RESPONSE_CACHE_MAX_TTL_SECONDS', 3600, 'Longest time any response stays cached, whatever the freshness SLAs allow.', 1),
  persistedQueries: oneOf('PERSISTED_QUERIES', 'apq', ['off', 'apq', 'safelist'] as const, 'Persisted queries: apq = automatic persisted queries (clients may send a sha256 hash instead of the text); safelist = only operations in PERSISTED_QUERIES_DIR run; off.'),
  introspection: oneOf('INTROSPECTION', 'on', ['on', 'off'] as const, 'Introspection (__schema, __type): on = answered with the schema filtered to what the caller may read (hidden: denied fields and arguments, and types left with nothing readable); off = every introspection query is refused with a GraphQL error (400).'),
  persistedQueriesDir: text('PERSISTED_QUERIES_DIR', 'operations', 'Folder of .graphql files that make up the safelist (PERSISTED_QUERIES=safelist).'),
  ...cacheSettings,
  jwtSecret: text('JWT_SECRET', undefined, 'HS256 secret for callers\' JWTs (development). Unset: a secret generated once under DATA_DIR, which `dpg token` also uses.'),
  jwtJwksUrl: url('JWT_JWKS_URL', undefined, 'JWKS URL of the identity provider, for RS256/ES256 JWTs (production).'),
  jwtJwksFile: text('JWT_JWKS_FILE', undefined, 'JWKS file of the identity provider, for RS256/ES256 JWTs.'),
  jwtIssuer: text('JWT_ISSUER', DEV_ISSUER, 'Required `iss` of callers\' JWTs.'),
  jwtAudience: text('JWT_AUDIENCE', DEV_AUDIENCE, 'Required `aud` of callers\' JWTs.'),
  anonymousRole: text('ANONYMOUS_ROLE', undefined, 'Role of callers who send no credential at all, for public graphs: they are served as the principal {subject: "", roles: [ANONYMOUS_ROLE]}, under the policy like anyone else; grants `to: {}` do not reach them, only rules naming the role. Unset: no credential is a 401. A credential that does not verify is a 401 either way.'),
  apiKeysFile: text('API_KEYS_FILE', undefined, 'YAML file of API keys (SHA-256 hashes) and the principals they stand for, for BI tools without OAuth.'),
  signingKey: text('GATEWAY_SIGNING_KEY', undefined, 'Private Ed25519 JWK (JSON) the gateway signs subgraph identity tokens with; replicas must share it. Unset: generated once under DATA_DIR.'),
  graphiql: oneOf('GRAPHIQL', 'auto', ['auto', 'on', 'off'] as const, 'GraphiQL, the in-browser IDE, at / and at /graphql for browsers: auto = on unless DPG_ENV=production; on; off. The data-product portal at /portal is always served.'),
  auditFlushMs: int('AUDIT_FLUSH_INTERVAL_MS', 1000, 'How often buffered audit events are sent to the governance subgraph.', 10),
  ...policySettings,
  ...limitSettings,
  ...telemetrySettings,
  ...httpSettings,
  dataDir: shared.dataDir,
  host: shared.host,
  deployment: shared.deployment,
  metricsToken: shared.metricsToken,
  maxBodyBytes: shared.maxBodyBytes,
  logLevel: shared.logLevel,
};

export type GatewayConfig = ConfigOf<typeof gatewaySettings>;

/** Whether the gateway serves GraphiQL: on in development, off in production unless asked for. */
export const graphiqlEnabled = (config: Pick<GatewayConfig, 'graphiql' | 'deployment'>): boolean =>
  config.graphiql === 'on' || (config.graphiql === 'auto' && config.deployment !== 'production');

export const readGatewayConfig = (env: NodeJS.ProcessEnv = process.env): GatewayConfig => readConfig(gatewaySettings, env);

/** Development defaults in force (platform/safety.ts). */
export function gatewayDevelopmentDefaults(config: GatewayConfig): DevelopmentDefault[] {
  const found: DevelopmentDefault[] = [];
  if (!config.jwtSecret && !config.jwtJwksUrl && !config.jwtJwksFile) found.push({ setting: 'JWT_SECRET', problem: 'is unset and no JWKS is configured: callers\' tokens are checked with a secret generated under DATA_DIR' });
  if (!config.signingKey) found.push({ setting: 'GATEWAY_SIGNING_KEY', problem: 'is unset: subgraph identity tokens are signed with a key generated under DATA_DIR, which replicas do not share' });
  if (registryOf(config) && config.registryToken === shared.registryToken.default) found.push({ setting: 'REGISTRY_TOKEN', problem: 'is the registry\'s development admin token: give the gateway a gateway-role token' });
  return [...found, ...placeholders(gatewaySettings, config)];
}
