/**
 * The static demand of an operation, measured before anything runs, in the
 * spirit of the IBM GraphQL Cost Directive specification and Apollo's demand
 * control:
 *
 *   - every object (or interface, union) a field returns costs 1, a scalar or
 *     enum 0, unless `@cost(weight:)` on the field or its type says otherwise;
 *   - a list multiplies what it holds by its size: the slicing argument
 *     (`first`, or those `@listSize(slicingArguments:)` names) as given in
 *     the operation or its variables, else that argument's default in the
 *     schema, else `@listSize(assumedSize:)`, else the configured assumed size;
 *   - a field resolved by another subgraph than the one its parent object
 *     came from costs one entity fetch per parent object;
 *   - fragments count where they are spread; inline fragments on several
 *     types all count (an upper bound);
 *   - introspection (`__schema`, `__type`) costs nothing and adds no depth:
 *     the gateway answers it from the schema, and graphql-js's
 *     MaxIntrospectionDepthRule (validation) bounds how its lists nest.
 *
 * Besides the cost: field depth, aliases, root fields and directives, with
 * fragments counted each time they are spread. Pure; fragments are measured
 * once per subgraph context. The gateway bounds nesting before this runs
 * (pipeline/prepare.ts), so the recursion here stays shallow.
 */
import {
  getNamedType,
  getNullableType,
  isCompositeType,
  isInterfaceType,
  isListType,
  isObjectType,
  Kind,
  SchemaMetaFieldDef,
  TypeMetaFieldDef,
  type DocumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLField,
  type GraphQLNamedType,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionSetNode,
} from 'graphql';
import { operationDepth } from '../pipeline/depth.ts';
import type { CostModel, ListSize } from './costModel.ts';

/** What one entity fetched from another subgraph costs, per parent object. */
const ENTITY_FETCH_WEIGHT = 1;
/** The slicing argument of every paged list the kit builds. */
const DEFAULT_SLICING_ARGUMENT = 'first';

export interface Measurement {
  cost: number;
  depth: number;
  aliases: number;
  rootFields: number;
  directives: number;
  /** Variables whose values set list sizes: the measurement holds for every request giving them the same values. */
  sizeVariables: string[];
}

export interface MeasureInput {
  schema: GraphQLSchema;
  model: CostModel;
  document: DocumentNode;
  operation: OperationDefinitionNode;
  variables: Record<string, unknown>;
  /** Size of a list that names no size in the operation, its schema or `@listSize`. */
  assumedListSize: number;
}

interface Totals {
  cost: number;
  aliases: number;
  directives: number;
}

const add = (a: Totals, b: Totals) => {
  a.cost += b.cost;
  a.aliases += b.aliases;
  a.directives += b.directives;
};

export function measureOperation(input: MeasureInput): Measurement {
  const { schema, model, document, operation, variables, assumedListSize } = input;
  const fragments = new Map(document.definitions.filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION).map((d) => [d.name.value, d]));
  const defaults = new Map(operation.variableDefinitions?.map((v) => [v.variable.name.value, v.defaultValue]) ?? []);
  const sizeVariables = new Set<string>();
  const measured = new Map<string, Totals>();

  /** The number an argument is given, from a literal, a variable or a default; undefined when it has none. */
  function numberArgument(node: FieldNode, def: GraphQLField<unknown, unknown>, name: string): number | undefined {
    const given = node.arguments?.find((a) => a.name.value === name)?.value;
    if (given?.kind === Kind.INT) return Number(given.value);
    if (given?.kind === Kind.VARIABLE) {
      const variable = given.name.value;
      sizeVariables.add(variable);
      const value = variables[variable];
      if (typeof value === 'number') return value;
      const fallback = value == null ? defaults.get(variable) : undefined;
      if (fallback?.kind === Kind.INT) return Number(fallback.value);
    }
    if (given && given.kind !== Kind.VARIABLE && given.kind !== Kind.NULL) return undefined;
    const fallback = def.args.find((a) => a.name === name)?.defaultValue;
    return typeof fallback === 'number' ? fallback : undefined;
  }

  function listSize(node: FieldNode, def: GraphQLField<unknown, unknown>, sizing: ListSize | undefined): number {
    const slicing = sizing?.slicingArguments ?? (def.args.some((a) => a.name === DEFAULT_SLICING_ARGUMENT) ? [DEFAULT_SLICING_ARGUMENT] : []);
    let size: number | undefined;
    for (const name of slicing) {
      const n = numberArgument(node, def, name);
      if (n !== undefined) size = Math.max(size ?? 0, n);
    }
    return Math.max(0, size ?? sizing?.assumedSize ?? assumedListSize);
  }

  function fieldDef(parent: GraphQLNamedType, name: string): GraphQLField<unknown, unknown> | undefined {
    if (name === SchemaMetaFieldDef.name && parent === schema.getQueryType()) return SchemaMetaFieldDef;
    if (name === TypeMetaFieldDef.name && parent === schema.getQueryType()) return TypeMetaFieldDef;
    return isObjectType(parent) || isInterfaceType(parent) ? parent.getFields()[name] : undefined;
  }

  /** `sized`: children of a `@listSize(sizedFields:)` field, which carry its size instead of it. */
  function selectionSet(set: SelectionSetNode, parent: GraphQLNamedType, from: readonly string[] | undefined, sized?: { fields: string[]; size: number }): Totals {
    const totals: Totals = { cost: 0, aliases: 0, directives: 0 };
    for (const sel of set.selections) {
      totals.directives += sel.directives?.length ?? 0;
      if (sel.kind === Kind.FIELD) add(totals, field(sel, parent, from, sized));
      else if (sel.kind === Kind.INLINE_FRAGMENT) add(totals, selectionSet(sel.selectionSet, (sel.typeCondition && schema.getType(sel.typeCondition.name.value)) || parent, from, sized));
      else {
        const fragment = fragments.get(sel.name.value);
        if (!fragment) continue;
        const key = `${sel.name.value}|${from?.join(',') ?? ''}|${sized ? `${sized.fields.join(',')}:${sized.size}` : ''}`;
        let inner = measured.get(key);
        if (!inner) {
          inner = selectionSet(fragment.selectionSet, schema.getType(fragment.typeCondition.name.value) ?? parent, from, sized);
          inner.directives += fragment.directives?.length ?? 0;
          measured.set(key, inner);
        }
        add(totals, inner);
      }
    }
    return totals;
  }

  function field(node: FieldNode, parent: GraphQLNamedType, from: readonly string[] | undefined, sized?: { fields: string[]; size: number }): Totals {
    const aliases = node.alias ? 1 : 0;
    const def = fieldDef(parent, node.name.value);
    if (!def) return { cost: 0, aliases, directives: 0 }; // __typename
    const returns = getNamedType(def.type);
    const meta = model.field(parent.name, node.name.value);
    const subgraphs = meta?.subgraphs ?? [];
    const shared = from ? subgraphs.filter((s) => from.includes(s)) : subgraphs;
    const crosses = from !== undefined && subgraphs.length > 0 && shared.length === 0;
    const childFrom = subgraphs.length === 0 ? from : shared.length ? shared : subgraphs;
    const weight = meta?.weight ?? model.typeWeight(returns.name) ?? (isCompositeType(returns) ? 1 : 0);

    const sizedByParent = sized?.fields.includes(node.name.value) ?? false;
    let size = sizedByParent ? sized!.size : 1;
    let childSized: { fields: string[]; size: number } | undefined;
    if (isListType(getNullableType(def.type)) || meta?.listSize?.sizedFields) {
      const n = listSize(node, def, meta?.listSize);
      if (meta?.listSize?.sizedFields?.length) childSized = { fields: meta.listSize.sizedFields, size: n };
      // A list its parent sizes (a connection's `nodes`) holds the parent's size, not that times an assumed one.
      else if (!sizedByParent) size *= n;
    }
    const inner = node.selectionSet ? selectionSet(node.selectionSet, returns, childFrom, childSized) : { cost: 0, aliases: 0, directives: 0 };
    // Introspection is answered from the schema, never by a subgraph; MaxIntrospectionDepthRule bounds its lists.
    if (def === SchemaMetaFieldDef || def === TypeMetaFieldDef) return { cost: 0, aliases: aliases + inner.aliases, directives: inner.directives };
    return { cost: (crosses ? ENTITY_FETCH_WEIGHT : 0) + size * (weight + inner.cost), aliases: aliases + inner.aliases, directives: inner.directives };
  }

  function rootFields(set: SelectionSetNode, seen: Set<string>): number {
    let n = 0;
    for (const sel of set.selections) {
      if (sel.kind === Kind.FIELD) n++;
      else if (sel.kind === Kind.INLINE_FRAGMENT) n += rootFields(sel.selectionSet, seen);
      else if (!seen.has(sel.name.value) && fragments.has(sel.name.value)) n += rootFields(fragments.get(sel.name.value)!.selectionSet, new Set([...seen, sel.name.value]));
    }
    return n;
  }

  const root = schema.getRootType(operation.operation);
  const totals = root ? selectionSet(operation.selectionSet, root, undefined) : { cost: 0, aliases: 0, directives: 0 };
  const directives = totals.directives + (operation.directives?.length ?? 0) + (operation.variableDefinitions ?? []).reduce((n, v) => n + (v.directives?.length ?? 0), 0);
  return {
    cost: Math.min(Math.round(totals.cost), Number.MAX_SAFE_INTEGER),
    depth: operationDepth(document, operation).depth,
    aliases: totals.aliases,
    rootFields: rootFields(operation.selectionSet, new Set()),
    directives,
    sizeVariables: [...sizeVariables].sort(),
  };
}
