/**
 * The governance domain: the audit trail of access decisions, stored here and
 * published as a data product like any other, so the governance team queries
 * it through the same gateway and under the same policies. It also serves the
 * schema registry's data-product catalog as `dataProducts`.
 */
import { defineDomain } from '../kit/domain.ts';
import { ingestRoute } from './ingest.ts';
import { resolvers } from './resolvers.ts';

export default defineDomain({
  name: 'governance',
  dir: import.meta.dirname,
  defaultPort: 4006,
  resolvers,
  seed: async () => {},
  extend: ({ db, principalOf }) => ({ routes: { 'POST /audit': ingestRoute(db, principalOf) } }),
});
