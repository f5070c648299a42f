/**
 * Freshness in the answer: after execution (onResult), `extensions.freshness`
 * for each data product the answer touched (report.ts), from what the
 * subgraphs reported on this request's calls and the catalog's SLAs, and
 * `extensions.warnings` with STALE_DATA for each stale one. A response-cache
 * hit is the stored body: the freshness of when it was stored, with `Age`.
 */
import { Memo } from '../../platform/memo.ts';
import type { ProductCatalog } from '../catalog/products.ts';
import type { GatewayPlugin, RequestState } from '../pipeline/plugin.ts';
import { touchedTypes } from '../responseCache/touchedTypes.ts';
import { freshnessReport } from './report.ts';

const MAX_OPERATIONS = 2000;

export function freshnessPlugin(catalog: ProductCatalog, now = Date.now): GatewayPlugin {
  const types = new Memo<Set<string>>(MAX_OPERATIONS);
  const typesOf = (state: RequestState) => types.get(`${state.supergraph.hash}|${state.queryHash}|${state.params.operationName ?? ''}`, () => touchedTypes(state.supergraph.apiSchema, state.document!));

  return {
    name: 'freshness',
    onRequest(state) {
      return {
        onResult(result) {
          const products = catalog.current();
          if (!products || !state.document || !state.refreshedAt) return;
          const { freshness, warnings } = freshnessReport(products, typesOf(state), state.refreshedAt, now());
          if (!Object.keys(freshness).length) return;
          const previous = (result.extensions?.warnings as unknown[] | undefined) ?? [];
          result.extensions = { ...result.extensions, freshness, ...(warnings.length ? { warnings: [...previous, ...warnings] } : {}) };
        },
      };
    },
  };
}
