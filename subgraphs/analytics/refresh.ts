/**
 * Recomputes the derived products: read inputs through the gateway, compute,
 * and replace the product's rows in one transaction, so readers see either
 * the previous result or the new one, never a mix. Each run is recorded, which
 * is what `analyticsFreshness` reports against the SLA.
 */
import type { Database, Queryable } from '../../platform/db.ts';
import type { Logger } from '../../platform/log.ts';
import { live, type RefreshTimes } from '../kit/freshness.ts';
import type { GatewayClient } from '../kit/gatewayClient.ts';
import { insertRows } from '../kit/seed/insert.ts';
import { acquisitionCosts, experimentResults } from './compute.ts';
import { readCampaigns, readCustomers, readPlayers } from './inputs.ts';

interface Product {
  id: string;
  table: string;
  /** Reads and computes; returns the rows to store and how many source records were read. */
  compute(gw: GatewayClient, pageSize: number): Promise<{ rows: Record<string, unknown>[]; sourceRows: number }>;
}

export const PRODUCTS: readonly Product[] = [
  {
    id: 'analytics.customer-acquisition-cost',
    table: 'acquisition_costs',
    async compute(gw, pageSize) {
      const [campaigns, customers] = await Promise.all([readCampaigns(gw, pageSize), readCustomers(gw, pageSize)]);
      const rows = acquisitionCosts(campaigns, customers).map((r) => ({
        id: r.id,
        quarter: r.quarter,
        channel: r.channel,
        spend: r.spend,
        new_customers: r.newCustomers,
        cac: r.cac,
        campaign_ids: r.campaignIds,
      }));
      return { rows, sourceRows: campaigns.length + customers.length };
    },
  },
  {
    id: 'analytics.experiment-results',
    table: 'experiment_results',
    async compute(gw, pageSize) {
      const players = await readPlayers(gw, pageSize);
      const rows = experimentResults(players).map((r) => ({
        id: r.id,
        experiment_id: r.experimentId,
        variant: r.variant,
        players: r.players,
        churned_players: r.churnedPlayers,
        churn_rate: r.churnRate,
        sessions: r.sessions,
        average_session_seconds: r.averageSessionSeconds,
        average_play_seconds_per_player: r.averagePlaySecondsPerPlayer,
      }));
      return { rows, sourceRows: players.length };
    },
  },
];

export interface RefreshOutcome {
  product: string;
  status: 'ok' | 'failed';
  rows?: number;
  sourceRows?: number;
  error?: string;
}

async function record(db: Queryable, product: string, status: 'ok' | 'failed', sourceRows: number, error: string | null): Promise<void> {
  await db.query(
    `INSERT INTO refreshes (product, refreshed_at, source_rows, status, error) VALUES ($1, CASE WHEN $2 = 'ok' THEN now() END, $3, $2, $4)
     ON CONFLICT (product) DO UPDATE SET status = EXCLUDED.status, error = EXCLUDED.error,
       refreshed_at = COALESCE(EXCLUDED.refreshed_at, refreshes.refreshed_at),
       source_rows = CASE WHEN EXCLUDED.status = 'ok' THEN EXCLUDED.source_rows ELSE refreshes.source_rows END`,
    [product, status, sourceRows, error],
  );
}

export async function refreshAll(db: Database, gw: GatewayClient, pageSize: number, logger: Logger): Promise<RefreshOutcome[]> {
  return Promise.all(
    PRODUCTS.map(async (p): Promise<RefreshOutcome> => {
      try {
        const { rows, sourceRows } = await p.compute(gw, pageSize);
        await db.transaction(async (tx) => {
          await tx.query(`DELETE FROM ${p.table}`);
          await insertRows(tx, p.table, rows);
          await record(tx, p.id, 'ok', sourceRows, null);
        });
        return { product: p.id, status: 'ok', rows: rows.length, sourceRows };
      } catch (err) {
        const error = (err as Error).message;
        logger.warn({ product: p.id, err: error }, 'refresh failed; keeping the previous result');
        await record(db, p.id, 'failed', 0, error);
        return { product: p.id, status: 'failed', error };
      }
    }),
  );
}

/**
 * Runs refreshes on a timer. Until the first run succeeds it retries quickly
 * with backoff: at start the gateway may not yet serve every domain. A
 * restart is no reason to recompute: when every product's last refresh
 * succeeded (`lastRefreshed`, the oldest of them), the first run waits until
 * that is an interval old.
 */
export function schedule(run: () => Promise<RefreshOutcome[]>, intervalMs: number, lastRefreshed: () => Promise<Date | null>) {
  if (intervalMs === 0) return { stop: async () => {} };
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;
  let running: Promise<unknown> = Promise.resolve();
  const loop = async (retryMs: number, succeededOnce: boolean) => {
    if (stopped) return;
    const outcomes = await (running = run());
    const ok = outcomes.every((o) => o.status === 'ok');
    const next = ok || succeededOnce ? intervalMs : retryMs;
    if (!stopped && next > 0) timer = setTimeout(() => void loop(Math.min(retryMs * 2, 30_000), succeededOnce || ok), next);
  };
  void lastRefreshed().catch(() => null).then((at) => {
    if (stopped) return;
    const due = at ? at.getTime() + intervalMs - Date.now() : 0;
    timer = setTimeout(() => void loop(1000, at !== null), Math.max(500, due));
  });
  return {
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await running.catch(() => {});
    },
  };
}

/** The oldest of the products' last successful refreshes; null when one has never succeeded or its last run failed. */
export async function lastFullRefresh(db: Queryable): Promise<Date | null> {
  const rows = await db.query<{ product: string; refreshed_at: Date | null; status: string }>('SELECT product, refreshed_at, status FROM refreshes');
  const times = PRODUCTS.map((p) => rows.find((r) => r.product === p.id && r.status === 'ok')?.refreshed_at ?? null);
  return times.some((t) => t === null) ? null : new Date(Math.min(...times.map((t) => t!.getTime())));
}

/**
 * When each derived product was last computed (null until its first
 * successful refresh); the freshness report itself is read live.
 */
export const refreshedAt: RefreshTimes = async (db) => {
  const rows = await db.query<{ product: string; refreshed_at: Date | null }>('SELECT product, refreshed_at FROM refreshes');
  const at = new Map(rows.map((r) => [r.product, r.refreshed_at]));
  return { ...Object.fromEntries(PRODUCTS.map((p) => [p.id, at.get(p.id) ?? null])), ...(await live(['analytics.freshness'])(db)) };
};
