/**
 * Audit as a pipeline stage: after authorization has shaped the result, the
 * denials it reported and the records subgraphs sent back become audit events.
 */
import type { GatewayPlugin } from '../pipeline/plugin.ts';
import { auditEvents } from './events.ts';
import type { AuditSink } from './sink.ts';

export function auditPlugin(sink: AuditSink): GatewayPlugin {
  return {
    name: 'audit',
    onRequest: (state) => ({
      onResult() {
        if (!state.principal) return;
        const events = auditEvents({
          principal: state.principal,
          operationHash: state.queryHash,
          operationName: state.operation?.name?.value ?? null,
          policyVersion: state.policyVersion ?? 'none',
          errors: state.errors,
          subgraphRecords: state.audit,
        });
        if (events.length) sink.record(events);
      },
    }),
  };
}
