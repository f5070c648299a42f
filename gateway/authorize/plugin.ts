/**
 * Authorization at the gateway, driven by the compiled policy the request
 * was pinned to (the version every subgraph then enforces): denied fields,
 * and fields whose arguments read what the principal may not read in clear
 * (arguments.ts), leave the operation before planning (onOperation) and
 * come back as nulls with FORBIDDEN errors (onResult). The rewrite is
 * remembered per operation, principal fingerprint and set of refused
 * arguments, so a dashboard's repeated query is pruned once.
 */
import { print, type DocumentNode, type GraphQLSchema } from 'graphql';
import type { SchemaFacts } from '../../policies/engine/schemaFacts.ts';
import type { Decision } from '../../policies/engine/types.ts';
import type { GatewayPlugin } from '../pipeline/plugin.ts';
import { sha256 } from '../../platform/hash.ts';
import { deniedArguments, readingSites, type ReadingSite } from './arguments.ts';
import { pruneOperation, type Pruned } from './prune.ts';
import { reshape } from './reshape.ts';
import { DOCUMENT_BYTES_PER_CHAR, Memo } from '../../platform/memo.ts';

const NO_POLICY: Decision = { effect: 'deny', mask: null, rule: 'no-valid-policy' };
const MAX_ENTRIES = 2000;
const MAX_BYTES = 32 * 1024 * 1024;

export function authorizationPlugin(): GatewayPlugin {
  const rewrites = new Memo<Pruned & { queryHash: string }>(MAX_ENTRIES, MAX_BYTES);
  // Sites are field nodes of one parsed document: kept by that document, so a re-parsed one never meets stale nodes.
  const sites = new WeakMap<DocumentNode, { reads: SchemaFacts['reads']; sites: ReadingSite[] }>();
  const sitesOf = (schema: GraphQLSchema, reads: SchemaFacts['reads'], document: DocumentNode) => {
    let found = sites.get(document);
    if (found?.reads !== reads) sites.set(document, (found = { reads, sites: readingSites(schema, reads, document) }));
    return found.sites;
  };

  return {
    name: 'authorize',
    onRequest(state) {
      let pruned: Pruned | undefined;
      return {
        onOperation() {
          const compiled = state.policy;
          const principal = state.principal!;
          const schema = state.supergraph.apiSchema;
          // Which fields' arguments read other fields depends on the document alone; whether they are refused, on the principal and the variables.
          const reading = compiled ? sitesOf(schema, compiled.facts.reads, state.document!) : [];
          const refused = compiled ? deniedArguments(schema, compiled.facts.reads, state.operation!, reading, state.params.variables, (c) => compiled.decideRead(principal, c)) : new Map();
          // What was refused, where and why, in the rewrite's key: the same operation with other variables may refuse other reads.
          const refusedKey = reading.flatMap((s, i) => [...(refused.get(s.node) ?? [])].map(([type, d]) => `${i}:${type}:${d.argument}:${d.reads}`)).join(',');
          const key = `${state.supergraph.hash}|${state.fingerprint}|${state.queryHash}|${state.params.operationName ?? ''}|${refusedKey}`;
          const entry = rewrites.get(key, () => {
            const decide = compiled ? (c: string) => compiled.decide(principal, c) : () => NO_POLICY;
            const p = pruneOperation(schema, state.document!, state.operation!, decide, refused);
            return { ...p, queryHash: p.changed ? sha256(print(p.document)) : state.queryHash! };
            // A rewritten document weighs about what the one it came from does.
          }, (state.params.query?.length ?? 0) * DOCUMENT_BYTES_PER_CHAR);
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
