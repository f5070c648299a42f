/**
 * Stampede protection without the response cache: identical queries in
 * flight at the same time share one execution (plan and subgraph calls).
 * Fifty dashboards refreshing the same report at once cost one execution,
 * whether or not the response cache is on.
 *
 * Identical means the same operation as the planner will run it (its hash
 * after authorization has rewritten it for this principal), operation name,
 * variables, supergraph, policy version and principal fingerprint — the
 * digest of everything any policy decision can depend on (roles, the
 * attributes rules read, the policy version), so two callers share only when
 * every decision for them is the same. Without a policy there is no
 * fingerprint, and only callers with exactly the same identity share.
 * Per-request headers (traceparent, x-request-id) are not part of it.
 *
 * Only the execution is shared: every request still runs its own plugins
 * before and after it (authorization's reshaping, demand control, audit),
 * on its own copy of the result; what the subgraphs reported for the audit
 * trail is copied into each request's state. Mutations are never shared.
 */
import type { ExecutionResult } from 'graphql';
import { digest, stableJson } from '../../platform/cache/keys.ts';
import { singleFlight } from '../../platform/cache/singleFlight.ts';
import { claimsOf } from '../../policies/principal.ts';
import type { SubgraphAuditRecord } from '../audit/events.ts';
import type { RequestState } from './plugin.ts';

interface Outcome {
  result: ExecutionResult;
  audit: SubgraphAuditRecord[];
}

/** Key of an execution: undefined for what must never be shared. */
export function executionKey(state: RequestState): string | undefined {
  if (state.operation?.operation !== 'query' || !state.queryHash) return undefined;
  const who = state.fingerprint && state.fingerprint !== 'no-policy' ? `f:${state.fingerprint}` : `p:${stableJson(state.principal ? claimsOf(state.principal) : null)}`;
  return digest(state.supergraph.hash, state.policyVersion ?? 'none', who, state.queryHash, state.params.operationName ?? '', stableJson(state.params.variables));
}

// Each request gets its own copy: plugins change results in place.
const copy = (o: Outcome): Outcome => ({ result: { ...o.result, data: structuredClone(o.result.data), errors: o.result.errors?.slice(), extensions: structuredClone(o.result.extensions) }, audit: [...o.audit] });

export function sharedExecution(execute: (state: RequestState) => Promise<ExecutionResult>, onExecution?: (shared: boolean) => void) {
  const flights = singleFlight<Outcome>(copy);
  return async function run(state: RequestState): Promise<ExecutionResult> {
    const key = executionKey(state);
    if (key === undefined) return execute(state);
    const { value, shared } = await flights.run(key, async () => ({ result: await execute(state), audit: state.audit }));
    onExecution?.(shared);
    // The leader's own state already holds what its subgraphs reported.
    if (shared) state.audit.push(...value.audit);
    return value.result;
  };
}
