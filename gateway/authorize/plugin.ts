/**
 * Authorization at the gateway, driven by the compiled policy the request
 * was pinned to (the version every subgraph then enforces): denied fields
 * leave the operation before planning (onOperation) and come back as nulls
 * with FORBIDDEN errors (onResult).
 * The rewrite is remembered per operation and principal fingerprint, so a
 * dashboard's repeated query is pruned once.
 */
import { print } from 'graphql';
import type { Decision } from '../../policies/engine/types.ts';
import type { GatewayPlugin } from '../pipeline/plugin.ts';
import { sha256 } from '../../platform/hash.ts';
import { pruneOperation, type Pruned } from './prune.ts';
import { reshape } from './reshape.ts';
import { Memo } from '../../platform/memo.ts';

const NO_POLICY: Decision = { effect: 'deny', mask: null, rule: 'no-valid-policy' };
const MAX_ENTRIES = 2000;

export function authorizationPlugin(): GatewayPlugin {
  const rewrites = new Memo<Pruned & { queryHash: string }>(MAX_ENTRIES);

  return {
    name: 'authorize',
    onRequest(state) {
      let pruned: Pruned | undefined;
      return {
        onOperation() {
          const compiled = state.policy;
          const principal = state.principal!;
          const key = `${state.supergraph.hash}|${state.fingerprint}|${state.queryHash}|${state.params.operationName ?? ''}`;
          const entry = rewrites.get(key, () => {
            const decide = compiled ? (c: string) => compiled.decide(principal, c) : () => NO_POLICY;
            const p = pruneOperation(state.supergraph.apiSchema, state.document!, state.operation!, decide);
            return { ...p, queryHash: p.changed ? sha256(print(p.document)) : state.queryHash! };
          });
          if (!entry.changed) return;
          pruned = entry;
          state.document = entry.document;
          state.operation = entry.document.definitions.find((d) => d.kind === 'OperationDefinition' && (d.name?.value ?? undefined) === (state.operation!.name?.value ?? undefined)) as typeof state.operation;
          state.queryHash = entry.queryHash;
        },
        onResult(result) {
          if (!pruned) return;
          const shaped = reshape(result.data as Record<string, unknown> | null | undefined, pruned);
          result.data = shaped.data;
          state.errors.push(...shaped.errors);
        },
      };
    },
  };
}
