import { list, reference } from '../kit/resolvers.ts';
import { auditEvents } from './tables.ts';

export const resolvers = {
  Query: { auditEvents: list(auditEvents) },
  AuditEvent: { __resolveReference: reference(auditEvents) },
  // Stored lower-case, as the gateway sends them.
  AuditDecision: { DENY: 'deny', ALLOW: 'allow' },
};
