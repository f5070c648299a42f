/**
 * Authorization before planning: the operation is rewritten without the
 * fields the principal may not read, so the query planner never asks a
 * subgraph for them. What was removed is remembered as response paths, for
 * reshape.ts to put back as nulls with one FORBIDDEN error each. A field
 * whose arguments read what the principal may not read in clear
 * (arguments.ts decides which field nodes) is removed the same way, its
 * error naming the argument.
 *
 * A value always has one concrete type, so a field is decided on each
 * concrete type it can be read on: selected on an interface (`products {
 * name }`), it is decided for Book and for Furniture. Where every possible
 * type allows it, it stays; where none does, it goes; where they differ, it
 * moves into inline fragments on the allowed types (`products { ... on Book
 * { name } }`), so those still get their data, and the objects of denied
 * types get null. To tell them apart in the result, every selection on an
 * abstract type also asks for the concrete type under a private alias
 * (`typenameKey`), which reshape removes again.
 *
 * The document rewrite is context-free (a field on a type is kept, moved or
 * removed wherever it appears, so one named fragment serves every place it
 * is spread); which response paths get nulls depends on where a selection
 * sits, so that part walks the operation as the response will be shaped.
 */
import {
  getNamedType,
  isAbstractType,
  isCompositeType,
  isIntrospectionType,
  Kind,
  print,
  TypeInfo,
  visit,
  visitWithTypeInfo,
  type DocumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLCompositeType,
  type GraphQLOutputType,
  type GraphQLSchema,
  type InlineFragmentNode,
  type OperationDefinitionNode,
  type SelectionNode,
  type SelectionSetNode,
} from 'graphql';
import type { Decision } from '../../policies/engine/types.ts';
import type { ArgumentRead } from '../../policies/forbidden.ts';

export interface PathStep {
  /** Response key: the alias, or the field name. */
  key: string;
  /** Field name, to find the field on an object's concrete type. */
  field: string;
  /** The field's type where it was selected (the concrete type's own, when known, wins in reshape). */
  type: GraphQLOutputType;
  /** Set when the selection applies only to objects of these concrete types (it sits in a fragment on a narrower type). */
  only?: readonly string[];
}

export interface Denial {
  coordinate: string;
  rule: string;
  /** Set when the field was denied for what one of its arguments reads (arguments.ts). */
  argument?: ArgumentDenial;
}

/** An argument that reads a field the principal may not read in clear, with that decision. */
export type ArgumentDenial = ArgumentRead & { decision: Decision };

/** Field nodes denied for what their arguments read: per node, the concrete types it is denied on. */
export type DeniedNodes = ReadonlyMap<FieldNode, ReadonlyMap<string, ArgumentDenial>>;

export interface DeniedField extends Denial {
  path: PathStep[];
  /**
   * Set when only objects of some concrete types at this path are denied the
   * field: their `__typename` → that type's denial. Unset: every object at
   * the path is (with `coordinate` and `rule`).
   */
  byType?: Map<string, Denial>;
}

export interface Pruned {
  document: DocumentNode;
  denied: DeniedField[];
  /** Response key under which the rewritten operation asks objects for their concrete type; never one the caller used. */
  typenameKey: string;
  /**
   * Response key the rewritten operation uses for the `__typename` the caller
   * asked for inside objects (reshape renames it back): plain `@apollo/gateway`
   * drops a fragment that selects an unaliased `__typename` next to a field an
   * @interfaceObject contributes, and moving fields into fragments makes that
   * shape common; an aliased `__typename` is planned correctly.
   */
  askedTypenameKey: string;
  /** Paths of every object the operation selects: reshape removes `typenameKey` from them. */
  objectPaths: PathStep[][];
  /** The API schema the operation was pruned against (reshape reads concrete field types from it). */
  schema: GraphQLSchema;
  changed: boolean;
}

export type Decide = (coordinate: string) => Decision;

/** Fields every principal may select: they describe the schema, not data. */
const isMeta = (name: string) => name.startsWith('__');
const keyOf = (path: readonly PathStep[]) => path.map((s) => s.key).join('.');
const possibleTypes = (schema: GraphQLSchema, type: GraphQLCompositeType): string[] =>
  (isAbstractType(type) ? schema.getPossibleTypes(type) : [type]).map((t) => t.name);

export function pruneOperation(
  schema: GraphQLSchema,
  document: DocumentNode,
  operation: OperationDefinitionNode,
  decide: Decide,
  deniedNodes: DeniedNodes = new Map(),
): Pruned {
  const fragments = new Map(document.definitions.filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION).map((f) => [f.name.value, f]));
  const denied = new Map<string, DeniedField>();
  const objectPaths = new Map<string, PathStep[]>();

  const record = (entry: DeniedField) => {
    // Entries for one response path under different fragment conditions stay apart (reshape nulls idempotently).
    const key = entry.path.map((s) => `${s.key}${s.only ? `<${s.only.join('|')}>` : ''}`).join('.');
    const existing = denied.get(key);
    // One entry per response path; one that covers every object wins over one per type.
    if (!existing || !entry.byType) denied.set(key, existing && !existing.byType ? existing : entry);
    else if (existing.byType) for (const [t, d] of entry.byType) existing.byType.set(t, d);
  };

  /**
   * Walks a selection set as the response will be shaped. `runtime`: the
   * concrete types the objects this selection applies to can have; `atPath`:
   * those the objects at this response path can have (wider, inside a
   * fragment on a narrower type).
   */
  function walk(set: SelectionSetNode, parent: GraphQLCompositeType, runtime: readonly string[], atPath: readonly string[], prefix: PathStep[]): void {
    for (const sel of set.selections) {
      if (sel.kind !== Kind.FIELD) {
        const fragment = sel.kind === Kind.INLINE_FRAGMENT ? sel : fragments.get(sel.name.value);
        if (!fragment) continue;
        const condition = fragment.typeCondition ? (schema.getType(fragment.typeCondition.name.value) as GraphQLCompositeType | undefined) : parent;
        if (!condition) continue;
        const within = new Set(possibleTypes(schema, condition));
        const narrowed = runtime.filter((t) => within.has(t));
        if (narrowed.length) walk(fragment.selectionSet, condition, narrowed, atPath, prefix);
        continue;
      }
      const name = sel.name.value;
      if (isMeta(name)) continue;
      const def = 'getFields' in parent ? parent.getFields()[name] : undefined;
      if (!def) continue; // validation already ran; nothing to decide
      const narrowed = runtime.length < atPath.length;
      const path = [...prefix, { key: sel.alias?.value ?? name, field: name, type: def.type, ...(narrowed ? { only: runtime } : {}) }];
      const refusedArguments = deniedNodes.get(sel);
      // Per concrete type: refused for what an argument reads, or the field's own decision.
      const denials = runtime.map((type): { type: string; denial?: Denial } => {
        const argument = refusedArguments?.get(type);
        if (argument) return { type, denial: { coordinate: argument.coordinate, rule: argument.decision.rule, argument } };
        const decision = decide(`${type}.${name}`);
        return { type, denial: decision.effect === 'deny' ? { coordinate: `${type}.${name}`, rule: decision.rule } : undefined };
      });
      const deniedHere = denials.filter((d): d is { type: string; denial: Denial } => d.denial !== undefined);
      if (deniedHere.length) {
        const alike = new Set(deniedHere.map((d) => (d.denial.argument ? `${d.denial.argument.argument}|${d.denial.argument.reads}|${d.denial.rule}` : d.denial.rule)));
        const first = deniedHere[0].denial;
        const everyObject = deniedHere.length === atPath.length && alike.size === 1;
        record(
          everyObject
            ? { coordinate: first.argument ? first.coordinate : `${parent.name}.${name}`, rule: first.rule, path, ...(first.argument ? { argument: first.argument } : {}) }
            : { coordinate: `${parent.name}.${name}`, rule: '', path, byType: new Map(deniedHere.map((d) => [d.type, d.denial])) },
        );
      }
      const named = getNamedType(def.type);
      if (deniedHere.length < denials.length && sel.selectionSet && isCompositeType(named)) {
        objectPaths.set(keyOf(path), path);
        const inside = possibleTypes(schema, named);
        walk(sel.selectionSet, named, inside, inside, path);
      }
    }
  }

  const root = schema.getRootType(operation.operation)!;
  objectPaths.set('', []);
  walk(operation.selectionSet, root, [root.name], [root.name], []);

  const typenameKey = freeKey(document);
  const askedTypenameKey = `${typenameKey}_asked`;
  const rewritten = removeDenied(schema, document, decide, deniedNodes, typenameKey, askedTypenameKey);
  if (!rewritten) return { document, denied: [], typenameKey, askedTypenameKey, objectPaths: [], schema, changed: false };
  return { document: rewritten, denied: [...denied.values()], typenameKey, askedTypenameKey, objectPaths: [...objectPaths.values()], schema, changed: true };
}

/** An alias for the injected `__typename` that no selection of the caller uses. */
function freeKey(document: DocumentNode): string {
  const text = print(document);
  let key = '_dpg_typename';
  for (let i = 1; text.includes(key); i++) key = `_dpg_typename${i}`;
  return key;
}

const field = (name: string, alias?: string): FieldNode => ({ kind: Kind.FIELD, name: { kind: Kind.NAME, value: name }, ...(alias ? { alias: { kind: Kind.NAME, value: alias } } : {}) });
const on = (type: string, selection: SelectionNode): InlineFragmentNode => ({
  kind: Kind.INLINE_FRAGMENT,
  typeCondition: { kind: Kind.NAMED_TYPE, name: { kind: Kind.NAME, value: type } },
  selectionSet: { kind: Kind.SELECTION_SET, selections: [selection] },
});

/**
 * The document with each field kept, moved into fragments on the concrete
 * types that may read it, or removed, wherever it appears (a field node
 * refused for what its arguments read: that node); selection sets on
 * abstract types ask for the concrete type, and a selection set left empty
 * keeps only that, so it stays valid GraphQL. Undefined when nothing is denied.
 */
function removeDenied(schema: GraphQLSchema, document: DocumentNode, decide: Decide, deniedNodes: DeniedNodes, typenameKey: string, askedTypenameKey: string): DocumentNode | undefined {
  const typeInfo = new TypeInfo(schema);
  const typename = field('__typename', typenameKey);
  const asked = field('__typename', askedTypenameKey);
  const roots = new Set([schema.getQueryType(), schema.getMutationType(), schema.getSubscriptionType()]);
  let changed = false;
  const rewritten = visit(
    document,
    visitWithTypeInfo(typeInfo, {
      SelectionSet: {
        enter(node) {
          const parent = typeInfo.getParentType();
          // Introspection describes the schema, not data (introspection/ answers it per caller).
          if (!parent || isIntrospectionType(parent)) return undefined;
          const types = possibleTypes(schema, parent);
          const selections = node.selections.flatMap((sel): SelectionNode[] => {
            if (sel.kind === Kind.FIELD && sel.name.value === '__typename' && !sel.alias && !roots.has(parent as never)) return [asked];
            if (sel.kind !== Kind.FIELD || isMeta(sel.name.value)) return [sel];
            const refused = deniedNodes.get(sel);
            const allowed = types.filter((t) => !refused?.has(t) && decide(`${t}.${sel.name.value}`).effect !== 'deny');
            if (allowed.length === types.length) return [sel];
            changed = true;
            return allowed.map((t) => on(t, sel));
          });
          if (isAbstractType(parent)) selections.push(typename);
          return { ...node, selections };
        },
        leave: (node) => (node.selections.length ? undefined : { ...node, selections: [typename] }),
      },
    }),
  );
  return changed ? rewritten : undefined;
}
