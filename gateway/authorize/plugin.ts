/**
 * Authorization at the gateway, driven by the same compiled policy the
 * subgraphs enforce: denied fields leave the operation before planning
 * (onOperation) and come back as nulls with FORBIDDEN errors (onResult).
 * The rewrite is remembered per operation and principal fingerprint, so a
 * dashboard's repeated query is pruned once.
 */
import { print } from 'graphql';
import type { CompiledPolicy } from '../../policies/engine/compile.ts';
import type { Decision } from '../../policies/engine/types.ts';
import type { PolicyHolder } from '../../policies/holder.ts';
import type { GatewayPlugin, RequestState } from '../pipeline/plugin.ts';
import { sha256 } from '../../platform/hash.ts';
import { pruneOperation, type Pruned } from './prune.ts';
import { reshape } from './reshape.ts';

const NO_POLICY: Decision = { effect: 'deny', mask: null, rule: 'no-valid-policy' };
const MAX_ENTRIES = 2000;

export interface DenialListener {
  (state: RequestState, pruned: Pruned, policy: CompiledPolicy | undefined): void;
}

export function authorizationPlugin(policy: PolicyHolder, onDenied?: DenialListener): GatewayPlugin {
  const rewrites = new Map<string, Pruned & { queryHash: string }>();
  const perRequest = new WeakMap<RequestState, Pruned>();

  return {
    name: 'authorize',
    onOperation(state) {
      const compiled = policy.current;
      const principal = state.principal!;
      const key = `${state.supergraph.hash}|${state.fingerprint}|${state.queryHash}|${state.params.operationName ?? ''}`;
      let entry = rewrites.get(key);
      if (!entry) {
        const decide = compiled ? (c: string) => compiled.decide(principal, c) : () => NO_POLICY;
        const pruned = pruneOperation(state.supergraph.apiSchema, state.document!, state.operation!, decide);
        entry = { ...pruned, queryHash: pruned.changed ? sha256(print(pruned.document)) : state.queryHash! };
        if (rewrites.size >= MAX_ENTRIES) rewrites.delete(rewrites.keys().next().value!);
        rewrites.set(key, entry);
      }
      if (!entry.changed) return;
      perRequest.set(state, entry);
      state.document = entry.document;
      state.operation = entry.document.definitions.find((d) => d.kind === 'OperationDefinition' && (d.name?.value ?? undefined) === (state.operation!.name?.value ?? undefined)) as typeof state.operation;
      state.queryHash = entry.queryHash;
      onDenied?.(state, entry, compiled);
    },
    onResult(state, result) {
      const pruned = perRequest.get(state);
      if (!pruned) return;
      const shaped = reshape(result.data as Record<string, unknown> | null | undefined, pruned);
      result.data = shaped.data;
      state.errors.push(...shaped.errors);
    },
  };
}
