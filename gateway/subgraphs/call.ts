/**
 * What a call to a subgraph carries of the request it serves. `@apollo/gateway`
 * hands the request's context to every data source; the pipeline's request
 * state is that context, and this is the part data sources read and write.
 */
import type { Principal } from '../../policies/principal.ts';
import type { SubgraphAuditRecord } from '../audit/events.ts';

export interface SubgraphCall {
  /** Who the call is made for; absent when the gateway acts for itself. */
  principal?: Principal;
  /** The policy version every service must enforce this request under. */
  policyVersion?: string;
  /** Where subgraphs' audit records for this request are collected. */
  audit: SubgraphAuditRecord[];
}
