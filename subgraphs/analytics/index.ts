/**
 * The analytics domain: derived data products (customer acquisition cost,
 * experiment results) computed only from what other domains publish, read
 * through the gateway like any consumer would.
 */
import { defineDomain } from '../kit/domain.ts';
import { gatewayClient } from '../kit/gatewayClient.ts';
import { PRODUCTS, refreshAll, schedule } from './refresh.ts';
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
  extend({ db, config, logger, invalidate }) {
    const gw = gatewayClient({ url: config.gatewayUrl, headers: (): Record<string, string> => (config.gatewayApiKey ? { 'x-api-key': config.gatewayApiKey } : {}) });
    let last: Awaited<ReturnType<typeof refreshAll>> | undefined;
    const run = async () => {
      last = await refreshAll(db, gw, config.maxPageSize, logger);
      // New results replace the old ones: nothing may keep serving the old ones from a cache.
      const changed = PRODUCTS.filter((p) => last!.some((o) => o.product === p.id && o.status === 'ok')).map((p) => typeOfTable.get(p.table)!);
      if (changed.length) await invalidate(changed);
      return last;
    };
    const timer = schedule(run, config.refreshIntervalMs);
    return {
      routes: {
        // Recompute now, e.g. after an upstream domain's load job.
        'POST /refresh': async () => {
          const outcomes = await run();
          return { status: outcomes.every((o) => o.status === 'ok') ? 200 : 502, body: { outcomes } };
        },
      },
      readiness: () => ({ ready: true, lastRefresh: last ?? null }),
      stop: () => timer.stop(),
    };
  },
});
