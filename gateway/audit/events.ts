/**
 * Audit events: every denial, and every read of personal data in clear, with
 * who, what operation, which field, which rule and which policy version.
 * Pure: built from what the pipeline already knows once a request has run.
 */
import type { GraphQLFormattedError } from 'graphql';
import type { Principal } from '../../policies/principal.ts';

export interface AuditEvent {
  at: string;
  subject: string;
  roles: string[];
  operationHash: string | null;
  operationName: string | null;
  /** Where in the response (gateway denials) or null (subgraph records). */
  path: string | null;
  coordinate: string;
  decision: 'deny' | 'allow';
  rule: string;
  policyVersion: string;
  /** `gateway`, or the subgraph that enforced it. */
  source: string;
}

export interface SubgraphAuditRecord {
  coordinate: string;
  decision: 'deny' | 'allow';
  rule: string;
  source: string;
}

export function auditEvents(input: {
  principal: Principal;
  operationHash?: string;
  operationName?: string | null;
  policyVersion: string;
  errors: readonly GraphQLFormattedError[];
  subgraphRecords: readonly SubgraphAuditRecord[];
  at?: Date;
}): AuditEvent[] {
  const base = {
    at: (input.at ?? new Date()).toISOString(),
    subject: input.principal.subject,
    roles: input.principal.roles,
    operationHash: input.operationHash ?? null,
    operationName: input.operationName ?? null,
    policyVersion: input.policyVersion,
  };
  const gatewayDenials = input.errors
    .filter((e) => e.extensions?.code === 'FORBIDDEN' && typeof e.extensions.coordinate === 'string' && !e.extensions.serviceName)
    .map((e) => ({ ...base, path: e.path?.join('.') ?? null, coordinate: String(e.extensions!.coordinate), decision: 'deny' as const, rule: String(e.extensions!.rule), source: 'gateway' }));
  // A subgraph reports per request; several fetches of one request may repeat a record.
  const seen = new Set<string>();
  const fromSubgraphs = input.subgraphRecords
    .filter((r) => {
      const key = `${r.source}|${r.coordinate}|${r.decision}`;
      return !seen.has(key) && seen.add(key);
    })
    .map((r) => ({ ...base, path: null, coordinate: r.coordinate, decision: r.decision, rule: r.rule, source: r.source }));
  return [...gatewayDenials, ...fromSubgraphs];
}
