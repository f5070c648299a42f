/**
 * The analytics domain: derived data products (customer acquisition cost,
 * experiment results) computed only from what other domains publish, read
 * through the gateway like any consumer would.
 */
import { errorBody } from '../../platform/http.ts';
import { defineDomain } from '../kit/domain.ts';
import { gatewayClient } from '../kit/gatewayClient.ts';
import { lastFullRefresh, PRODUCTS, refreshAll, refreshedAt, schedule } from './refresh.ts';
import { resolvers } from './resolvers.ts';
import { acquisitionCosts, experimentResults } from './tables.ts';

const typeOfTable = new Map([acquisitionCosts, experimentResults].map((t) => [t.table, t.type]));

export default defineDomain({
  name: 'analytics',
  dir: import.meta.dirname,
  defaultPort: 4005,
  resolvers,
  // Nothing to seed: every row is derived by a refresh.
  seed: async () => {},
  refreshedAt,
  extend({ db, config, logger, invalidate, authorizeOperator }) {
    const gw = gatewayClient({ url: config.gatewayUrl, headers: (): Record<string, string> => (config.gatewayApiKey ? { 'x-api-key': config.gatewayApiKey } : {}) });
    let last: Awaited<ReturnType<typeof refreshAll>> | undefined;
    const run = async () => {
      last = await refreshAll(db, gw, config.maxPageSize, logger);
      // New results replace the old ones: nothing may keep serving the old ones from a cache.
      const changed = PRODUCTS.filter((p) => last!.some((o) => o.product === p.id && o.status === 'ok')).map((p) => typeOfTable.get(p.table)!);
      if (changed.length) await invalidate(changed);
      return last;
    };
    const timer = schedule(run, config.refreshIntervalMs, () => lastFullRefresh(db));
    return {
      routes: {
        // Recompute now, e.g. after an upstream domain's load job: for the owning team and the mesh's admins only.
        'POST /refresh': async (req) => {
          await authorizeOperator(req);
          const outcomes = await run();
          const failed = outcomes.filter((o) => o.status !== 'ok');
          if (!failed.length) return { body: { outcomes } };
          return { status: 502, body: { ...errorBody(502, `${failed.length} of ${outcomes.length} products could not be refreshed: ${failed.map((o) => `${o.product}: ${o.error}`).join('; ')}`), outcomes } };
        },
      },
      readiness: () => ({ ready: true, lastRefresh: last ?? null }),
      stop: () => timer.stop(),
    };
  },
});
