/**
 * Starts one domain subgraph: its database (migrated and seeded), its
 * federated schema, its HTTP endpoint, and its announcement to the registry
 * (schema at start, its products' freshness as it changes).
 */
import { migrate, openDatabase, type Database } from '../../platform/db.ts';
import { createHttpServer, listen } from '../../platform/http.ts';
import { createLogger, type Logger } from '../../platform/log.ts';
import { counter, createMetrics, histogram } from '../../platform/metrics.ts';
import { probeRoutes } from '../../platform/probes.ts';
import { guardDevelopmentDefaults } from '../../platform/safety.ts';
import { pgliteDir } from '../../platform/settings.ts';
import type { EmbeddedCluster } from '../../platform/embedded.ts';
import type { DomainDescriptor } from '../../policies/dataProduct.ts';
import { requestBudget } from './budget.ts';
import { openEntityCaching } from './caching.ts';
import { subgraphDevelopmentDefaults, type SubgraphConfig } from './config.ts';
import { createContext } from './context.ts';
import { subgraphEnforcement } from './enforcement.ts';
import { databaseSchema, domainFiles, type Domain } from './domain.ts';
import { graphqlExecutor } from './execute.ts';
import { prepareDomain, type PreparedDomain } from './prepare.ts';
import { invalidateRoute } from './invalidation.ts';
import { operatorCheck } from './operators.ts';
import { publishInBackground, type Publisher } from './publish.ts';
import { publishReason } from './readiness.ts';
import { reportFreshnessInBackground, type FreshnessReporter } from './reportFreshness.ts';
import { instrumentSchema, startTrace, traceRequested } from './ftv1.ts';
import { seedOnce } from './seed/seedOnce.ts';
import { freshnessReport, loadedAt } from './freshness.ts';
import { requestObserver } from './observe.ts';
import { infoMetric } from '../../platform/telemetry/infoMetric.ts';
import { openTracing } from '../../platform/telemetry/tracing.ts';

export interface RunningSubgraph {
  name: string;
  /** Base URL (health, ready, metrics). */
  url: string;
  /** The GraphQL endpoint published to the registry. */
  graphqlUrl: string;
  port: number;
  sdl: string;
  descriptor: DomainDescriptor;
  db: Database;
  publisher?: Publisher;
  close(): Promise<void>;
}

export interface StartOptions {
  logger?: Logger;
  /** Skip announcing to the registry (tests that publish by hand). */
  publish?: boolean;
  /** The embedded cluster of the process's other services (`npm start`), instead of the domain's own. */
  cluster?: EmbeddedCluster;
}

/** `domain`, or its schema already built (prepare.ts), as `npm start` does while its database opens. */
export async function startSubgraph(what: Domain | PreparedDomain, config: SubgraphConfig, options: StartOptions = {}): Promise<RunningSubgraph> {
  const { domain, sdl, descriptor, schema } = 'schema' in what ? what : prepareDomain(what);
  const logger = options.logger ?? createLogger(`subgraph:${domain.name}`, config.logLevel);
  guardDevelopmentDefaults(config.deployment, subgraphDevelopmentDefaults(config), logger);
  const files = domainFiles(domain);

  const db = await openDatabase({ url: config.databaseUrl, dataDir: pgliteDir(config.dataDir, domain.name), cluster: options.cluster, schema: databaseSchema(domain) });
  await migrate(db, files.migrations);
  await seedOnce(db, domain, config.seedScale);

  const metrics = createMetrics(`subgraph:${domain.name}`);
  const sqlTotal = counter(metrics, 'dpg_sql_statements_total', 'SQL statements sent by GraphQL requests');
  const sqlPerRequest = histogram(metrics, 'dpg_sql_statements_per_request', 'SQL statements per GraphQL request', [], [0, 1, 2, 3, 5, 8, 13, 21, 50]);
  const requests = counter(metrics, 'dpg_graphql_requests_total', 'GraphQL requests', ['status']);
  const tracing = await openTracing(`subgraph:${domain.name}`, config);
  const observe = requestObserver(domain.name, tracing, logger);

  const caching = await openEntityCaching(domain.name, config, descriptor, { logger, metrics });
  const governance = await subgraphEnforcement(domain.name, sdl, schema, config, logger);
  infoMetric(metrics, 'dpg_policy_info', 'The newest policy version this subgraph holds (1)', ['version'], () => governance.policy.current && { version: governance.policy.current.version });
  const principalOf = async (authorization: string | string[] | undefined) => (await governance.callOf(authorization)).principal;
  const authorizeOperator = operatorCheck({ subgraph: domain.name, registryUrl: config.registryUrl, principalOf });
  const extension = domain.extend?.({ db, config, logger, invalidate: caching.invalidate, principalOf, authorizeOperator });
  const freshness = freshnessReport(db, domain.refreshedAt ?? loadedAt(descriptor.products.map((p) => p.id)));
  const run = graphqlExecutor(instrumentSchema(governance.schema), domain.name, logger);
  let runPerRow: typeof run | undefined;
  const perRow = () => (runPerRow ??= graphqlExecutor(instrumentSchema(governance.perRowSchema()), domain.name, logger));
  let publisher: Publisher | undefined;
  let reporter: FreshnessReporter | undefined;

  const server = createHttpServer({
    bodyLimit: config.maxBodyBytes,
    onError: (err) => logger.error({ err }, 'request failed'),
    routes: {
      'POST /graphql': (req) => observe(req, async (seen) => {
        const { principal, policyVersion, deadline } = await governance.callOf(req.headers.authorization);
        seen.subject = principal.subject;
        const budget = requestBudget(deadline, config, domain.name);
        // Enforced under the policy version the gateway decided the request with, or not at all.
        const chosen = await governance.policyFor(policyVersion);
        if ('unavailable' in chosen) {
          requests.inc({ status: 200 });
          return { body: { errors: [{ message: chosen.unavailable, extensions: { code: 'POLICY_VERSION_UNAVAILABLE', policyVersion, subgraph: domain.name } }] } };
        }
        seen.fingerprint = chosen.compiled?.fingerprint(principal);
        const access = governance.forRequest(principal, chosen.compiled);
        const context = createContext(db, { config, entities: caching.cache, principal, access, budget });
        const trace = traceRequested(req.headers) ? startTrace(context) : undefined;
        const result = await (access.anyPerRow() ? perRow() : run)(req, context);
        result.body = budget.settle(result.body);
        if (trace) result.body.extensions = { ...result.body.extensions, ftv1: trace.finish() };
        // Audit records travel back to the gateway, which keeps the trail.
        const audit = access.audit();
        if (audit.length) result.body.extensions = { ...result.body.extensions, dpgAudit: audit };
        // When this domain's products last got new data; the gateway reports it against their SLAs.
        result.body.extensions = { ...result.body.extensions, dpgFreshness: await freshness().catch(() => ({})) };
        sqlTotal.inc(context.statements);
        sqlPerRequest.observe(context.statements);
        requests.inc({ status: result.status });
        Object.assign(seen, { statements: context.statements, errors: result.body.errors?.length ?? 0 });
        return result;
      }),
      ...invalidateRoute(caching.invalidate, authorizeOperator),
      ...extension?.routes,
      ...probeRoutes(
        `subgraph:${domain.name}`,
        () => {
          const extra = extension?.readiness?.() ?? { ready: true };
          const policy = governance.policy.status();
          // Ready once its policy is checked against the supergraph, as the gateway's is.
          const reason = publishReason(domain.name, publisher?.status) ?? (!governance.policy.current
            ? 'no valid policy loaded yet'
            : policy.schema?.kind !== 'supergraph'
              ? 'no supergraph with this subgraph yet: the policy is checked against its own schema only'
              : extra.ready
                ? undefined
                : String(extra.reason ?? `${domain.name} is not ready`));
          return { ...extra, ready: reason === undefined, state: reason === undefined ? 'ready' : 'starting', ...(reason ? { reason } : {}), policy, database: db.engine, registry: publisher?.status ?? { state: 'disabled' } };
        },
        metrics,
        { metricsToken: config.metricsToken },
      ),
    },
  });

  let running: Awaited<ReturnType<typeof listen>>;
  try {
    running = await listen(server, config.port ?? domain.defaultPort, config.host);
  } catch (err) {
    // Close what was opened, cleanly, so that a failed start leaves the database as it was.
    governance.policy.stop();
    await extension?.stop?.();
    await caching.close();
    await db.close();
    await tracing.close();
    throw err;
  }
  const graphqlUrl = config.publicUrl ?? `${running.url}/graphql`;
  if (options.publish !== false) {
    publisher = publishInBackground({ registryUrl: config.registryUrl, token: config.registryToken, name: domain.name, url: graphqlUrl, sdl, dataProduct: descriptor }, logger);
    reporter = reportFreshnessInBackground({ registryUrl: config.registryUrl, token: config.registryToken, name: domain.name, intervalMs: config.freshnessReportIntervalMs, times: freshness, published: publisher.settled }, logger);
  }
  logger.info({ url: graphqlUrl, database: db.engine }, 'subgraph listening');

  return {
    name: domain.name,
    url: running.url,
    graphqlUrl,
    port: running.port,
    sdl,
    descriptor,
    db,
    publisher,
    async close() {
      publisher?.stop();
      reporter?.stop();
      governance.policy.stop();
      await extension?.stop?.();
      await running.close();
      await caching.close();
      await db.close();
      await tracing.close();
    },
  };
}
