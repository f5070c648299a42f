/**
 * What a call to a subgraph carries of the request it serves. `@apollo/gateway`
 * hands the request's context to every data source; the pipeline's request
 * state is that context, and this is the part data sources read and write.
 */
import type { Context } from '@opentelemetry/api';
import type { Principal } from '../../policies/principal.ts';
import type { SubgraphAuditRecord } from '../audit/events.ts';

export interface SubgraphCall {
  /** Who the call is made for; absent when the gateway acts for itself. */
  principal?: Principal;
  /**
   * Version of the policy the request is decided under (set with the
   * principal); the identity token names it, so every subgraph enforces the
   * same one. Undefined before any valid policy. Part of every response cache key.
   */
  policyVersion?: string;
  /** Where subgraphs' audit records for this request are collected. */
  audit: SubgraphAuditRecord[];
  /** The request's id, sent to every subgraph as x-request-id (absent when the gateway acts for itself). */
  requestId?: string;
  /** The request span's context (gateway/observe): stages and subgraph calls become its children. */
  trace?: Context;
  /** When each data product the subgraphs called last got new data, as they reported it (product id → ISO time or null). */
  refreshedAt?: Record<string, string | null>;
}
