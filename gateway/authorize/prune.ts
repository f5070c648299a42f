/**
 * Authorization before planning: the operation is rewritten without the
 * fields the principal may not read, so the query planner never asks a
 * subgraph for them. What was removed is remembered as response paths, for
 * reshape.ts to put back as nulls with one FORBIDDEN error each.
 */
import {
  getNamedType,
  isCompositeType,
  Kind,
  TypeInfo,
  visit,
  visitWithTypeInfo,
  type DocumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLCompositeType,
  type GraphQLOutputType,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionSetNode,
} from 'graphql';
import type { Decision } from '../../policies/engine/types.ts';
import type { ArgumentRead } from '../../policies/forbidden.ts';

export interface PathStep {
  /** Response key: the alias, or the field name. */
  key: string;
  type: GraphQLOutputType;
}

export interface DeniedField {
  coordinate: string;
  rule: string;
  path: PathStep[];
  /** Set when the field was denied for what one of its arguments reads (arguments.ts). */
  argument?: ArgumentDenial;
}

/** An argument that reads a field the principal may not read in clear, with that decision. */
export type ArgumentDenial = ArgumentRead & { decision: Decision };

/** Field nodes denied for what their arguments read. */
export type DeniedNodes = ReadonlyMap<FieldNode, ArgumentDenial>;

export interface Pruned {
  document: DocumentNode;
  denied: DeniedField[];
  /** Object paths where `__typename` was added only to keep a selection non-empty; reshape removes it. */
  injectedTypename: PathStep[][];
  changed: boolean;
}

/** Fields every principal may select: they describe the schema, not data. */
const isMeta = (name: string) => name.startsWith('__');

export function pruneOperation(
  schema: GraphQLSchema,
  document: DocumentNode,
  operation: OperationDefinitionNode,
  decide: (coordinate: string) => Decision,
  deniedNodes: DeniedNodes = new Map(),
): Pruned {
  const fragments = new Map(document.definitions.filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION).map((f) => [f.name.value, f]));
  const denied: DeniedField[] = [];

  const requestedTypename = new Set<string>();
  const injected: PathStep[][] = [];
  const keyOf = (path: PathStep[]) => path.map((s) => s.key).join('.');

  /** Walks the operation as the response will be shaped; returns whether anything readable remains in `set`. */
  function walk(set: SelectionSetNode, parent: GraphQLCompositeType, prefix: PathStep[]): boolean {
    let readable = false;
    for (const sel of set.selections) {
      if (sel.kind === Kind.FIELD) {
        const name = sel.name.value;
        if (isMeta(name)) {
          readable = true;
          if (name === '__typename' && !sel.alias) requestedTypename.add(keyOf(prefix));
          continue;
        }
        const def = 'getFields' in parent ? parent.getFields()[name] : undefined;
        if (!def) continue; // validation already ran; nothing to decide
        const coordinate = `${parent.name}.${name}`;
        const path = [...prefix, { key: sel.alias?.value ?? name, type: def.type }];
        const byArgument = deniedNodes.get(sel);
        const decision = byArgument?.decision ?? decide(coordinate);
        if (byArgument || decision.effect === 'deny') {
          if (!denied.some((d) => keyOf(d.path) === keyOf(path))) denied.push({ coordinate, rule: decision.rule, path, ...(byArgument ? { argument: byArgument } : {}) });
          continue;
        }
        readable = true;
        const named = getNamedType(def.type);
        if (sel.selectionSet && isCompositeType(named) && !walk(sel.selectionSet, named, path)) injected.push(path);
      } else {
        const fragment = sel.kind === Kind.INLINE_FRAGMENT ? sel : fragments.get(sel.name.value);
        if (!fragment) continue;
        const condition = fragment.typeCondition ? (schema.getType(fragment.typeCondition.name.value) as GraphQLCompositeType | undefined) : parent;
        // An emptied fragment gets its own __typename, which lands on this object.
        if (walk(fragment.selectionSet, condition ?? parent, prefix)) readable = true;
        else injected.push(prefix);
      }
    }
    return readable;
  }

  const root = schema.getRootType(operation.operation)!;
  if (!walk(operation.selectionSet, root, [])) injected.push([]);
  const injectedTypename = injected.filter((p, i) => !requestedTypename.has(keyOf(p)) && injected.findIndex((q) => keyOf(q) === keyOf(p)) === i);
  if (denied.length === 0) return { document, denied, injectedTypename: [], changed: false };
  return { document: removeDenied(schema, document, decide, deniedNodes), denied, injectedTypename, changed: true };
}

const TYPENAME: FieldNode = { kind: Kind.FIELD, name: { kind: Kind.NAME, value: '__typename' } };

/** The document without denied fields; a selection set left empty keeps `__typename`, so it stays valid GraphQL. */
function removeDenied(schema: GraphQLSchema, document: DocumentNode, decide: (coordinate: string) => Decision, deniedNodes: DeniedNodes): DocumentNode {
  const typeInfo = new TypeInfo(schema);
  const withoutDenied = visit(
    document,
    visitWithTypeInfo(typeInfo, {
      Field(node) {
        if (isMeta(node.name.value)) return undefined;
        if (deniedNodes.has(node)) return null;
        const parent = typeInfo.getParentType();
        return parent && decide(`${parent.name}.${node.name.value}`).effect === 'deny' ? null : undefined;
      },
    }),
  );
  return visit(withoutDenied, {
    SelectionSet: {
      leave: (node) => (node.selections.length ? undefined : { ...node, selections: [TYPENAME] }),
    },
  });
}
