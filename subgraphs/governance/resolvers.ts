import { list, reference } from '../kit/resolvers.ts';
import { registryCatalog, type DataProductFilter } from './catalog.ts';
import { auditEvents } from './tables.ts';

export const catalog = registryCatalog();

export const resolvers = {
  Query: {
    auditEvents: list(auditEvents),
    dataProducts: (_: unknown, args: { filter?: DataProductFilter }) => catalog.products(args.filter),
  },
  AuditEvent: { __resolveReference: reference(auditEvents) },
  // Stored lower-case, as the gateway sends them.
  AuditDecision: { DENY: 'deny', ALLOW: 'allow' },
};
