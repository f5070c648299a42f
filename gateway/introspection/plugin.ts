/**
 * Introspection per principal: `__schema` and `__type` answer with the API
 * schema filtered to what the caller may read and the arguments and filters
 * it may use (filterSchema.ts), not the whole supergraph. `@apollo/gateway` answers introspection itself, from the
 * full schema; this plugin replaces those answers after execution with ones
 * computed on the caller's schema. The filtered schema is remembered per
 * supergraph and policy fingerprint (which holds everything a decision can
 * depend on), bounded.
 *
 * With INTROSPECTION=off, the handler refuses introspection at validation
 * (graphql-js's NoSchemaIntrospectionCustomRule), so this plugin is not used.
 */
import { executeSync, Kind, type DocumentNode, type FragmentDefinitionNode, type GraphQLSchema, type OperationDefinitionNode, type SelectionNode, type SelectionSetNode } from 'graphql';
import { Memo } from '../../platform/memo.ts';
import type { GatewayPlugin } from '../pipeline/plugin.ts';
import { filterSchema } from './filterSchema.ts';

const INTROSPECTION_FIELDS = new Set(['__schema', '__type']);
const MAX_SCHEMAS = 64;

/**
 * The operation reduced to its root introspection fields (through fragments
 * on the root type), and their response keys; undefined when it has none.
 */
export function introspectionPart(document: DocumentNode, operation: OperationDefinitionNode): { document: DocumentNode; keys: Set<string> } | undefined {
  const keys = new Set<string>();
  const fragments = new Map(document.definitions.filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION).map((f) => [f.name.value, f]));
  const rootFragments = new Set<string>();
  const only = (set: SelectionSetNode): SelectionSetNode => {
    const selections = set.selections.flatMap((s): SelectionNode[] => {
      if (s.kind === Kind.FIELD) {
        if (!INTROSPECTION_FIELDS.has(s.name.value)) return [];
        keys.add(s.alias?.value ?? s.name.value);
        return [s];
      }
      if (s.kind === Kind.INLINE_FRAGMENT) return [{ ...s, selectionSet: only(s.selectionSet) }];
      const f = fragments.get(s.name.value);
      if (!f) return [];
      if (!rootFragments.has(f.name.value)) {
        rootFragments.add(f.name.value);
        fragments.set(f.name.value, { ...f, selectionSet: only(f.selectionSet) });
      }
      return [s];
    });
    return { ...set, selections: selections.length ? selections : [{ kind: Kind.FIELD, name: { kind: Kind.NAME, value: '__typename' } }] };
  };
  const root = { ...operation, selectionSet: only(operation.selectionSet) };
  if (!keys.size) return undefined;
  return { document: { kind: Kind.DOCUMENT, definitions: [root, ...fragments.values()] }, keys };
}

export function introspectionPlugin(): GatewayPlugin {
  const schemas = new Memo<GraphQLSchema>(MAX_SCHEMAS);
  return {
    name: 'introspection',
    onRequest(state) {
      return {
        onResult(result) {
          const part = introspectionPart(state.document!, state.operation!);
          const data = result.data as Record<string, unknown> | null | undefined;
          if (!part || !data) return;
          // The policy the identity plugin pinned for this request, as for authorization.
          const compiled = state.policy;
          const principal = state.principal!;
          // Keyed on the fingerprint of the policy that filters (it names the policy version).
          const fingerprint = compiled?.fingerprint(principal) ?? 'no-policy';
          // An argument or input field that reads a field (@reads) is usable only by callers who may read that field in clear (authorize/arguments.ts).
          const usable = (c: string) => compiled !== undefined && (compiled.facts.reads.get(c) ?? []).every((read) => compiled.decideRead(principal, read).effect === 'allow');
          const schema = schemas.get(`${state.supergraph.hash}|${fingerprint}`, () =>
            filterSchema(state.supergraph.apiSchema, { field: (c) => compiled !== undefined && compiled.decide(principal, c).effect !== 'deny', argument: usable, inputField: usable }),
          );
          const answer = executeSync({ schema, document: part.document, variableValues: state.params.variables, operationName: state.operation!.name?.value });
          const own = (answer.data ?? {}) as Record<string, unknown>;
          for (const key of part.keys) if (key in data) data[key] = own[key] ?? null;
        },
      };
    },
  };
}
