/**
 * Why a request gets what it gets: every field of an operation with its
 * decision (the best case over the principal's ways in) and the rule that
 * made it, every argument that reads a field and whether it may, and for
 * every entity type it reaches the rows the principal will see — with the
 * ways in, when they decide that type's fields differently row by row. A
 * field selected on an interface is explained once per concrete type it can
 * have (`Book.name`, `Furniture.name`), as it is decided. Pure: the caller
 * brings the compiled policy, the API schema and the principal.
 */
import {
  getArgumentValues,
  getNamedType,
  isAbstractType,
  isCompositeType,
  Kind,
  type DocumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLCompositeType,
  type GraphQLField,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionSetNode,
} from 'graphql';
import type { Principal } from '../principal.ts';
import type { CompiledPolicy } from './compile.ts';
import { show } from './conditions.ts';
import { readingInputs, readsGiven, type ReadingInput } from './reads.ts';
import type { Decision } from './types.ts';

export interface FieldExplanation {
  path: string;
  coordinate: string;
  decision: Decision['effect'];
  mask: string | null;
  rule: string;
}

export interface ArgumentExplanation {
  path: string;
  coordinate: string;
  /** `minChurnRisk`, `filter.emailContains` */
  argument: string;
  reads: string;
  /** Allowed only when the principal may read the field in clear on every row it sees. */
  decision: Decision['effect'];
  mask: string | null;
  rule: string;
}

export interface RowExplanation {
  type: string;
  subgraph: string;
  rows: string;
  rules: string[];
  /** When the ways in decide the type's fields differently: each way (grant as role) and the rows it shows. */
  ways?: string[];
}

export interface Explanation {
  policyVersion: string;
  principal: Principal;
  fingerprint: string;
  fields: FieldExplanation[];
  arguments: ArgumentExplanation[];
  rows: RowExplanation[];
}

export function explainOperation(policy: CompiledPolicy, schema: GraphQLSchema, document: DocumentNode, principal: Principal, operationName?: string): Explanation {
  const operation = document.definitions.find(
    (d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION && (!operationName || d.name?.value === operationName),
  );
  if (!operation) throw new Error(operationName ? `no operation named "${operationName}"` : 'the document holds no operation');
  const fragments = new Map(document.definitions.filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION).map((f) => [f.name.value, f]));
  const fields: FieldExplanation[] = [];
  const args: ArgumentExplanation[] = [];
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
      const concrete = isAbstractType(parent) ? schema.getPossibleTypes(parent) : [parent];
      let readable = false;
      for (const type of concrete) {
        const coordinate = `${type.name}.${name}`;
        const d = policy.decide(principal, coordinate);
        fields.push({ path, coordinate, decision: d.effect, mask: d.mask, rule: d.rule });
        readable ||= d.effect !== 'deny';
      }
      // What the arguments read: as declared where the field is selected, and (on an interface) on each implementation.
      const explained = new Set<string>();
      for (const type of isAbstractType(parent) ? [parent, ...concrete] : [parent]) {
        const own = type.getFields()[name];
        if (!own) continue;
        for (const input of argumentReads(policy.facts.reads, type.name, own, sel)) {
          for (const reads of input.reads) {
            const argument = input.path.join('.');
            if (explained.has(`${argument}|${reads}`)) continue;
            explained.add(`${argument}|${reads}`);
            const r = policy.decideRead(principal, reads);
            args.push({ path, coordinate: `${type.name}.${name}`, argument, reads, decision: r.effect, mask: r.mask, rule: r.rule });
          }
        }
      }
      const named = getNamedType(def.type);
      if (readable && sel.selectionSet && isCompositeType(named)) {
        for (const t of isAbstractType(named) ? schema.getPossibleTypes(named) : [named]) types.add(t.name);
        walk(sel.selectionSet, named, path);
      }
    }
  };
  walk(operation.selectionSet, schema.getRootType(operation.operation)!, '');

  return { policyVersion: policy.version, principal, fingerprint: policy.fingerprint(principal), fields, arguments: args, rows: explainRows(policy, principal, types) };
}

/** The rows of each type the principal sees, as decided by each subgraph that stores the type (resolves its non-key fields). */
export function explainRows(policy: CompiledPolicy, principal: Principal, types: Iterable<string>): RowExplanation[] {
  return [...types].flatMap((type) => {
    const owners = new Set([...(policy.facts.types.get(type)?.values() ?? [])].filter((f) => !policy.facts.keys.has(f.coordinate)).flatMap((f) => f.subgraphs));
    return [...owners].sort().map((subgraph) => {
      const r = policy.rows(principal, type, subgraph);
      const w = policy.ways(principal, type, subgraph);
      const ways = w.uniform ? {} : { ways: w.groups.map((g) => `${g.ways.map((x) => (x.role ? `${x.grant} as ${x.role}` : x.grant)).join(', ')}: ${show(g.condition)}`) };
      return { type, subgraph, rows: show(r.condition), rules: r.rules, ...ways };
    });
  });
}

/** What a field's arguments read as written; an argument given by a variable counts as given in full. */
function argumentReads(reads: ReadonlyMap<string, readonly string[]>, typeName: string, def: GraphQLField<unknown, unknown>, node: FieldNode): ReadingInput[] {
  const possible = readingInputs(reads, typeName, def);
  if (!possible.length) return [];
  const byVariable = new Set((node.arguments ?? []).filter((a) => a.value.kind === Kind.VARIABLE).map((a) => a.name.value));
  let literal: Record<string, unknown> = {};
  try {
    literal = getArgumentValues(def as never, { ...node, arguments: (node.arguments ?? []).filter((a) => !byVariable.has(a.name.value)) }, {});
  } catch {
    return possible;
  }
  return [...readsGiven(reads, typeName, def, literal), ...possible.filter((p) => byVariable.has(p.path[0]))];
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
  if (e.arguments.length) {
    lines.push('', 'arguments that read fields');
    for (const a of e.arguments) lines.push(`  ${a.path}(${a.argument}) reads ${a.reads}: ${a.decision === 'allow' ? 'allowed' : `refused (${a.decision === 'mask' ? `masked ${a.mask}` : 'denied'})`}  ${a.rule}`);
  }
  if (e.rows.length) {
    lines.push('', 'rows');
    for (const r of e.rows) {
      lines.push(`  ${r.type} in ${r.subgraph}: ${r.rows}${r.rules.length ? `  [${r.rules.join(', ')}]` : ''}`);
      for (const w of r.ways ?? []) lines.push(`    decided per row, way ${w}`);
    }
  }
  return lines.join('\n');
}
