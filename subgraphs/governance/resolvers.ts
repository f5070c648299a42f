import { connection } from '../kit/connection.ts';
import { list, reference } from '../kit/resolvers.ts';
import type { SubgraphContext } from '../kit/context.ts';
import { catalogProducts, type DataProductFilter } from './catalog.ts';
import { auditEvents } from './tables.ts';

export const resolvers = {
  Query: {
    auditEvents: list(auditEvents),
    dataProducts: (_: unknown, args: { filter?: DataProductFilter }, ctx: SubgraphContext) =>
      catalogProducts({ url: ctx.config.registryUrl, token: ctx.config.registryToken }, args.filter, ctx.principal),
    auditEventsConnection: connection(auditEvents),
  },
  AuditEvent: { __resolveReference: reference(auditEvents) },
  // Stored lower-case, as the gateway sends them.
  AuditDecision: { DENY: 'deny', ALLOW: 'allow' },
};
