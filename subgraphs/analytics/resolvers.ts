import { connection } from '../kit/connection.ts';
import path from 'node:path';
import type { Queryable } from '../../platform/db.ts';
import { durationSeconds, loadDescriptor } from '../../policies/dataProduct.ts';
import type { SubgraphContext } from '../kit/context.ts';
import { entityRef, list } from '../kit/resolvers.ts';
import type { Row } from '../kit/table.ts';
import { PRODUCTS } from './refresh.ts';
import { acquisitionCosts, experimentResults } from './tables.ts';

/** Freshness SLA per product, in seconds, as this domain's descriptor declares it. */
const freshnessSla = new Map(
  loadDescriptor(path.join(import.meta.dirname, 'data-product.yaml')).products.map((p) => [p.id, durationSeconds(p.sla.freshness)]),
);

async function freshness(db: Queryable) {
  const rows = await db.query<{ product: string; refreshedAt: Date | null; sourceRows: number; status: string; error: string | null }>(
    `SELECT product, refreshed_at AS "refreshedAt", source_rows AS "sourceRows", status, error FROM refreshes`,
  );
  const byProduct = new Map(rows.map((r) => [r.product, r]));
  return PRODUCTS.map(({ id }) => {
    const r = byProduct.get(id);
    const age = r?.refreshedAt ? (Date.now() - r.refreshedAt.getTime()) / 1000 : Infinity;
    return {
      product: id,
      refreshedAt: r?.refreshedAt ?? null,
      sourceRows: r?.sourceRows ?? 0,
      status: r?.status ?? 'pending',
      error: r?.error ?? null,
      stale: age > (freshnessSla.get(id) ?? Infinity),
    };
  });
}

export const resolvers = {
  Query: {
    customerAcquisitionCost: list(acquisitionCosts),
    experimentResults: list(experimentResults),
    analyticsFreshness: (_: unknown, _args: unknown, ctx: SubgraphContext) => freshness(ctx.db),
    customerAcquisitionCostConnection: connection(acquisitionCosts),
    experimentResultsConnection: connection(experimentResults),
  },
  AcquisitionCost: {
    campaigns: (row: Row) => (row.campaignIds as string[]).map((id) => ({ __typename: 'Campaign', id })),
  },
  ExperimentResult: {
    experiment: entityRef('Experiment', 'experimentId'),
  },
};
