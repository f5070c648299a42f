/** How the audit table backs the AuditEvent type, and which filters the list takes. */
import { defineTable, eq, from, to } from '../kit/table.ts';

export const auditEvents = defineTable({
  type: 'AuditEvent',
  table: 'audit_events',
  key: 'id',
  columns: {
    id: 'id',
    at: 'at',
    subject: 'subject',
    roles: 'roles',
    operationName: 'operation_name',
    operationHash: 'operation_hash',
    path: 'path',
    coordinate: 'coordinate',
    decision: 'decision',
    rule: 'rule',
    policyVersion: 'policy_version',
    source: 'source',
  },
  filters: { subject: eq('subject'), decision: eq('decision'), coordinate: eq('coordinate'), rule: eq('rule'), from: from('at'), to: to('at') },
});
