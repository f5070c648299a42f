/**
 * The schema registry's HTTP face: check, publish and roll back subgraph
 * versions (writes need the owning team's token), serve the composed
 * supergraph to gateways (with ETag so polling is nearly free), history,
 * field usage reported by gateways, the products' freshness reported by their
 * subgraphs, and the data-product catalog. Reads stay
 * open (gateways poll /supergraph without a token), except what reveals who
 * uses what: /usage needs a token, and the catalog names clients only for one.
 */
import path from 'node:path';
import { migrate, openDatabase, type Database } from '../platform/db.ts';
import { createHttpServer, HttpError, listen, type HttpRequest } from '../platform/http.ts';
import { createLogger, type Logger } from '../platform/log.ts';
import { counter, createMetrics } from '../platform/metrics.ts';
import { probeRoutes } from '../platform/probes.ts';
import { guardDevelopmentDefaults } from '../platform/safety.ts';
import { pgliteDir } from '../platform/settings.ts';
import type { EmbeddedCluster } from '../platform/embedded.ts';
import { authenticator } from './auth/authenticate.ts';
import { allOwners, ownerOf } from './auth/owners.ts';
import { catalogClientsFor, decideOperate, decideWrite, decideTokenCreation, describePrincipal, mayReportUsage, ROLES, TEAM_NAME, type Role } from './auth/permissions.ts';
import { createToken } from './auth/tokens.ts';
import { buildCatalog } from './catalog.ts';
import type { Finding } from './checks/finding.ts';
import type { Governance } from './checks/gather.ts';
import { registryDevelopmentDefaults, type RegistryConfig } from './config.ts';
import { freshnessTimes, parseFreshnessReport, recordFreshness } from './freshness.ts';
import { governanceFrom } from './governance.ts';
import { checkSubgraph, publishSubgraph, type PublishInput } from './publish.ts';
import { latestPolicyBundle, policyRoutes } from './policies.ts';
import { rollbackSubgraph } from './rollback.ts';
import * as store from './store.ts';
import { byClient } from './usage/clients.ts';
import { parseUsageReport, PERSONAL_KINDS, usageRows } from './usage/report.ts';
import { daysBefore, isoDay, operationDaysSince, recordUsage, usageSince } from './usage/store.ts';

export interface RunningRegistry {
  url: string;
  port: number;
  db: Database;
  close(): Promise<void>;
}

export interface RegistryOptions {
  logger?: Logger;
  /** Replaces the policies-folder governance (tests). */
  governance?: Governance;
  /** The embedded cluster of the process's other services (`npm start`), instead of the registry's own. */
  cluster?: EmbeddedCluster;
}

const PUBLISH_STATUS = { published: 201, unchanged: 200, invalid: 400, rejected: 422, forbidden: 403 } as const;
const ROLLBACK_STATUS = { 'rolled-back': 200, unchanged: 200, 'unknown-subgraph': 404, 'unknown-version': 404, forbidden: 403, rejected: 422 } as const;

function objectBody(req: HttpRequest): Record<string, unknown> {
  const body = req.body ?? {};
  if (typeof body !== 'object' || Array.isArray(body)) throw new HttpError(400, 'request body must be a JSON object');
  return body as Record<string, unknown>;
}

/**
 * A refused publish, check or rollback answers with its full report; its
 * `errors` are the findings that refused it, each also carrying
 * `extensions.code` so the body has the shape of every other error reply.
 */
function reportBody(subgraph: string, outcome: object): Record<string, unknown> {
  const body: Record<string, unknown> = { subgraph, ...outcome };
  const errors = 'errors' in outcome && Array.isArray(outcome.errors) ? outcome.errors : undefined;
  const findings = 'findings' in outcome && Array.isArray(outcome.findings) ? (outcome.findings as Finding[]) : [];
  // An invalid request lists its problems as text; its findings say the same with a code.
  const refusing = errors?.every((e) => typeof e === 'string') ? findings.filter((f) => f.severity === 'error') : (errors as Finding[] | undefined);
  if (refusing) body.errors = refusing.map((f) => ({ ...f, extensions: { code: f.code } }));
  return body;
}

function publishInput(req: HttpRequest): PublishInput {
  const { sdl, url, dataProduct, label } = objectBody(req);
  return { name: req.params.name, sdl, url, dataProduct, label } as PublishInput;
}

export async function startRegistry(config: RegistryConfig, options: RegistryOptions = {}): Promise<RunningRegistry> {
  const logger = options.logger ?? createLogger('registry', config.logLevel);
  guardDevelopmentDefaults(config.deployment, registryDevelopmentDefaults(config), logger);
  const governance = options.governance ?? governanceFrom({ policiesDir: config.policiesDir, usageWindowDays: config.usageWindowDays, logger });
  const db = await openDatabase({ url: config.databaseUrl, dataDir: pgliteDir(config.dataDir, 'registry'), cluster: options.cluster, schema: 'registry' });
  await migrate(db, path.join(import.meta.dirname, 'migrations'));
  const auth = authenticator(db, config.adminToken);
  const windowStart = () => daysBefore(governance.now(), governance.usageWindowDays);

  const metrics = createMetrics('registry');
  const publishes = counter(metrics, 'dpg_registry_publishes_total', 'Subgraph publishes by outcome', ['outcome']);
  const checks = counter(metrics, 'dpg_registry_checks_total', 'Subgraph checks by result', ['result']);

  const routes = {
    'POST /subgraphs/:name': async (req: HttpRequest) => {
      const principal = await auth.required(req.headers.authorization);
      const outcome = await publishSubgraph(db, publishInput(req), principal, governance);
      publishes.inc({ outcome: outcome.status });
      if (outcome.status === 'forbidden') throw new HttpError(403, outcome.error);
      if (outcome.status === 'rejected') logger.warn({ subgraph: req.params.name, errors: outcome.errors.map((e) => `${e.code}: ${e.message}`) }, 'publish rejected');
      if (outcome.status === 'published') logger.info({ subgraph: req.params.name, version: outcome.version, supergraph: outcome.supergraph.id, by: describePrincipal(principal) }, 'published');
      return { status: PUBLISH_STATUS[outcome.status], body: reportBody(req.params.name, outcome) };
    },

    'POST /subgraphs/:name/check': async (req: HttpRequest) => {
      const principal = await auth.optional(req.headers.authorization);
      const outcome = await checkSubgraph(db, publishInput(req), principal, governance);
      if (outcome.status === 'invalid') return { status: 400, body: reportBody(req.params.name, outcome) };
      checks.inc({ result: outcome.summary.ok ? 'passed' : 'failed' });
      return { body: { subgraph: req.params.name, ...outcome, ok: outcome.summary.ok } };
    },

    'POST /subgraphs/:name/rollback': async (req: HttpRequest) => {
      const principal = await auth.required(req.headers.authorization);
      const { version, label } = objectBody(req);
      if (label !== undefined && version !== undefined) throw new HttpError(400, 'send either "version" or "label", not both');
      const resolved = typeof label === 'string' ? await store.versionLabelled(db, req.params.name, label) : version;
      if (typeof label === 'string' && resolved === undefined) throw new HttpError(404, `subgraph "${req.params.name}" has no version labelled "${label}"`);
      if (!Number.isInteger(resolved) || (resolved as number) < 1) throw new HttpError(400, '"version" must be a version number (1, 2, …), or send "label"');
      const outcome = await rollbackSubgraph(db, req.params.name, resolved as number, principal);
      if ('error' in outcome) throw new HttpError(ROLLBACK_STATUS[outcome.status], outcome.error);
      if (outcome.status === 'rolled-back') logger.info({ subgraph: req.params.name, from: outcome.previousVersion, to: outcome.version, by: describePrincipal(principal) }, 'rolled back');
      return { status: ROLLBACK_STATUS[outcome.status], body: reportBody(req.params.name, outcome) };
    },

    'GET /subgraphs': async () => {
      const owners = await allOwners(db);
      return { body: (await store.currentVersions(db)).map(({ sdl, dataProduct, ...v }) => ({ ...v, team: owners.get(v.subgraph) ?? dataProduct?.team ?? null })) };
    },

    'GET /subgraphs/:name': async (req: HttpRequest) => {
      const current = (await store.currentVersions(db)).find((v) => v.subgraph === req.params.name);
      if (!current) throw new HttpError(404, `unknown subgraph "${req.params.name}"`);
      return { body: { ...current, team: await ownerOf(db, req.params.name) } };
    },

    // Subgraphs ask this before running a control request (POST /invalidate, /refresh) sent with a registry token.
    'GET /subgraphs/:name/access': async (req: HttpRequest) => {
      const principal = await auth.required(req.headers.authorization);
      const decision = decideOperate(principal, req.params.name, await ownerOf(db, req.params.name));
      if (!decision.allowed) throw new HttpError(403, decision.reason);
      return { headers: { 'cache-control': 'no-store' }, body: { subgraph: req.params.name, team: principal.team, role: principal.role } };
    },

    'GET /subgraphs/:name/versions': async (req: HttpRequest) => {
      const versions = await store.history(db, req.params.name);
      if (!versions.length) throw new HttpError(404, `unknown subgraph "${req.params.name}"`);
      return { body: versions };
    },

    'GET /supergraph': async (req: HttpRequest) => {
      // Every gateway and subgraph polls here: an unchanged supergraph is answered without reading its text.
      const newest = await store.latestSupergraphHash(db);
      if (!newest) throw new HttpError(404, 'no supergraph yet: no subgraph has been published');
      const etag = `"${newest.hash}"`;
      if (req.headers['if-none-match'] === etag) return { status: 304, headers: { etag, 'x-supergraph-id': newest.id, 'cache-control': 'no-cache' } };
      const latest = (await store.latestSupergraph(db))!;
      const headers = { etag: `"${latest.hash}"`, 'x-supergraph-id': latest.id, 'cache-control': 'no-cache' };
      return { headers: { ...headers, 'content-type': 'text/plain; charset=utf-8' }, body: latest.sdl };
    },

    'GET /supergraph/versions': async () => ({ body: await store.supergraphHistory(db) }),

    // Usage is shown only with a registry token, and people only to governance and admin (catalogClientsFor).
    'GET /catalog': async (req: HttpRequest) => {
      const view = catalogClientsFor(await auth.optional(req.headers.authorization));
      const usage = view === 'none' ? [] : await operationDaysSince(db, windowStart());
      return { body: buildCatalog(await store.currentVersions(db), view === 'all' ? usage : usage.filter((u) => !PERSONAL_KINDS.includes(u.clientKind)), await freshnessTimes(db)) };
    },

    // Each subgraph reports when its products last got new data; whoever may publish it may report for it.
    'PUT /subgraphs/:name/freshness': async (req: HttpRequest) => {
      const principal = await auth.required(req.headers.authorization);
      const current = (await store.currentVersions(db)).find((v) => v.subgraph === req.params.name);
      if (!current) throw new HttpError(404, `unknown subgraph "${req.params.name}": publish it before reporting its freshness`);
      const decision = decideWrite(principal, req.params.name, await ownerOf(db, req.params.name), null);
      if (!decision.allowed) throw new HttpError(403, decision.reason);
      const report = parseFreshnessReport(req.body, current.dataProduct?.products.map((p) => p.id) ?? []);
      if ('problems' in report) throw new HttpError(400, report.problems.join('; '), { problems: report.problems });
      await db.transaction((tx) => recordFreshness(tx, req.params.name, report.times));
      return { body: { subgraph: req.params.name, recorded: Object.keys(report.times).length, ignored: report.ignored } };
    },

    'POST /usage': async (req: HttpRequest) => {
      const principal = await auth.required(req.headers.authorization);
      if (!mayReportUsage(principal)) throw new HttpError(403, `a ${principal.role} token cannot report usage`);
      const { lines, problems } = parseUsageReport(req.body);
      if (problems.length) throw new HttpError(400, 'invalid usage report', { problems });
      const now = governance.now();
      const rows = usageRows(lines, isoDay(now));
      await db.transaction((tx) => recordUsage(tx, rows, now));
      return { status: 202, body: { accepted: lines.length, rows: rows.length } };
    },

    'GET /usage': async (req: HttpRequest) => {
      await auth.required(req.headers.authorization);
      const types = req.query.getAll('type').flatMap((t) => t.split(',')).filter(Boolean);
      const usage = await usageSince(db, windowStart(), types.length ? types : undefined);
      const coordinates = [...new Set(usage.map((u) => u.coordinate))];
      return { body: { since: windowStart(), coordinates: coordinates.map((coordinate) => ({ coordinate, clients: byClient(usage.filter((u) => u.coordinate === coordinate)) })) } };
    },

    'POST /tokens': async (req: HttpRequest) => {
      const principal = await auth.required(req.headers.authorization);
      const { team, role, label } = objectBody(req);
      const problems = [
        ...(typeof team === 'string' && TEAM_NAME.test(team) ? [] : ['"team" must be lowercase letters, digits and dashes (at most 63)']),
        ...(ROLES.includes(role as Role) ? [] : [`"role" must be one of ${ROLES.join(', ')}`]),
        ...(label === undefined || (typeof label === 'string' && label.length > 0 && label.length <= 100) ? [] : ['"label" must be text of 1 to 100 characters']),
      ];
      if (problems.length) throw new HttpError(400, problems.join('; '), { problems });
      const decision = decideTokenCreation(principal, role as Role);
      if (!decision.allowed) throw new HttpError(403, decision.reason);
      const created = await createToken(db, { team: team as string, role: role as Role, label: (label as string | undefined) ?? null, createdBy: describePrincipal(principal) });
      logger.info({ id: created.id, team: created.team, role: created.role, by: describePrincipal(principal) }, 'token created');
      return { status: 201, body: created };
    },

    ...policyRoutes(db, auth),

    ...probeRoutes(
      'registry',
      async () => ({ ready: true, database: db.engine, supergraph: (await store.latestSupergraphHash(db))?.id ?? null, policyBundle: (await latestPolicyBundle(db))?.version ?? null }),
      metrics,
      { metricsToken: config.metricsToken },
    ),
  };

  const server = createHttpServer({ routes, bodyLimit: config.maxBodyBytes, onError: (err) => logger.error({ err }, 'request failed') });
  let running: Awaited<ReturnType<typeof listen>>;
  try {
    running = await listen(server, config.port, config.host);
  } catch (err) {
    // The database was opened: close it cleanly so that a failed start leaves it as it was.
    await db.close();
    throw err;
  }
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
