/**
 * The governance domain: the audit trail of access decisions, stored here and
 * published as a data product like any other, so the governance team queries
 * it through the same gateway and under the same policies. It also serves the
 * schema registry's data-product catalog as `dataProducts`.
 */
import { defineDomain } from '../kit/domain.ts';
import { live } from '../kit/freshness.ts';
import { ingestRoute } from './ingest.ts';
import { resolvers } from './resolvers.ts';

export default defineDomain({
  name: 'governance',
  dir: import.meta.dirname,
  defaultPort: 4006,
  resolvers,
  seed: async () => {},
  // The audit trail is appended as events arrive and the catalog is read from the registry at each request.
  refreshedAt: live(['governance.audit-events', 'governance.catalog']),
  extend: ({ db, principalOf }) => ({ routes: { 'POST /audit': ingestRoute(db, principalOf) } }),
});
