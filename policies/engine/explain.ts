/**
 * Why a request gets what it gets: every field of an operation with its
 * decision and the rule that made it, and for every entity type it reaches
 * the rows the principal will see. A field selected on an interface is
 * explained once per concrete type it can have (`Book.name`, `Furniture.name`),
 * as it is decided. Pure: the caller brings the compiled policy, the API
 * schema and the principal.
 */
import { getNamedType, isAbstractType, isCompositeType, Kind, type DocumentNode, type FragmentDefinitionNode, type GraphQLCompositeType, type GraphQLSchema, type OperationDefinitionNode, type SelectionSetNode } from 'graphql';
import type { Principal } from '../principal.ts';
import type { CompiledPolicy } from './compile.ts';
import { show } from './conditions.ts';
import type { Decision } from './types.ts';

export interface FieldExplanation {
  path: string;
  coordinate: string;
  decision: Decision['effect'];
  mask: string | null;
  rule: string;
}

export interface RowExplanation {
  type: string;
  subgraph: string;
  rows: string;
  rules: string[];
}

export interface Explanation {
  policyVersion: string;
  principal: Principal;
  fingerprint: string;
  fields: FieldExplanation[];
  rows: RowExplanation[];
}

export function explainOperation(policy: CompiledPolicy, schema: GraphQLSchema, document: DocumentNode, principal: Principal, operationName?: string): Explanation {
  const operation = document.definitions.find(
    (d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION && (!operationName || d.name?.value === operationName),
  );
  if (!operation) throw new Error(operationName ? `no operation named "${operationName}"` : 'the document holds no operation');
  const fragments = new Map(document.definitions.filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION).map((f) => [f.name.value, f]));
  const fields: FieldExplanation[] = [];
  const types = new Set<string>();

  const walk = (set: SelectionSetNode, parent: GraphQLCompositeType, prefix: string) => {
    for (const sel of set.selections) {
      if (sel.kind !== Kind.FIELD) {
        const fragment = sel.kind === Kind.INLINE_FRAGMENT ? sel : fragments.get(sel.name.value);
        if (fragment) walk(fragment.selectionSet, fragment.typeCondition ? (schema.getType(fragment.typeCondition.name.value) as GraphQLCompositeType) : parent, prefix);
        continue;
      }
      const name = sel.name.value;
      if (name.startsWith('__') || !('getFields' in parent)) continue;
      const def = parent.getFields()[name];
      if (!def) continue;
      const path = prefix ? `${prefix}.${sel.alias?.value ?? name}` : sel.alias?.value ?? name;
      const concrete = isAbstractType(parent) ? schema.getPossibleTypes(parent).map((t) => t.name) : [parent.name];
      let readable = false;
      for (const type of concrete) {
        const coordinate = `${type}.${name}`;
        const d = policy.decide(principal, coordinate);
        fields.push({ path, coordinate, decision: d.effect, mask: d.mask, rule: d.rule });
        readable ||= d.effect !== 'deny';
      }
      const named = getNamedType(def.type);
      if (readable && sel.selectionSet && isCompositeType(named)) {
        for (const t of isAbstractType(named) ? schema.getPossibleTypes(named) : [named]) types.add(t.name);
        walk(sel.selectionSet, named, path);
      }
    }
  };
  walk(operation.selectionSet, schema.getRootType(operation.operation)!, '');

  return { policyVersion: policy.version, principal, fingerprint: policy.fingerprint(principal), fields, rows: explainRows(policy, principal, types) };
}

/** The rows of each type the principal sees, as decided by each subgraph that stores the type (resolves its non-key fields). */
export function explainRows(policy: CompiledPolicy, principal: Principal, types: Iterable<string>): RowExplanation[] {
  return [...types].flatMap((type) => {
    const owners = new Set([...(policy.facts.types.get(type)?.values() ?? [])].filter((f) => !policy.facts.keys.has(f.coordinate)).flatMap((f) => f.subgraphs));
    return [...owners].sort().map((subgraph) => {
      const r = policy.rows(principal, type, subgraph);
      return { type, subgraph, rows: show(r.condition), rules: r.rules };
    });
  });
}

/** A plain-text table, for the CLI. */
export function formatExplanation(e: Explanation): string {
  const width = Math.max(5, ...e.fields.map((f) => f.path.length));
  const lines = [
    `policy ${e.policyVersion} · principal ${e.principal.subject} roles=[${e.principal.roles.join(',')}] scopes=[${e.principal.scopes.join(',')}] attributes=${JSON.stringify(e.principal.attributes)}`,
    '',
    `${'field'.padEnd(width)}  decision          rule`,
    ...e.fields.map((f) => `${f.path.padEnd(width)}  ${(f.decision === 'mask' ? `mask (${f.mask})` : f.decision).padEnd(16)}  ${f.rule}`),
  ];
  if (e.rows.length) lines.push('', 'rows', ...e.rows.map((r) => `  ${r.type} in ${r.subgraph}: ${r.rows}${r.rules.length ? `  [${r.rules.join(', ')}]` : ''}`));
  return lines.join('\n');
}
