/**
 * Which parts of the schema an operation uses, as schema coordinates — the
 * registry's unit of usage (see schema-registry/usage/report.ts):
 *
 *   Type.field         a selected field (parent type as the schema declares it)
 *   Type.field(arg:)   an argument passed to it
 *   Input.field        an input field sent, in the query text or in variables
 *   Input              an input object sent at all
 *   Enum.VALUE         an enum value sent
 *   @directive         a directive used
 *
 * Computed from the operation as the client wrote it (not as authorization
 * pruned it): removing a field a client asks for breaks that client's
 * operation even if a policy hides the field from it today. Pure.
 */
import {
  getNamedType,
  getNullableType,
  isEnumType,
  isInputObjectType,
  isListType,
  Kind,
  TypeInfo,
  typeFromAST,
  visit,
  visitWithTypeInfo,
  type DocumentNode,
  type FragmentDefinitionNode,
  type GraphQLInputType,
  type GraphQLSchema,
  type OperationDefinitionNode,
} from 'graphql';

export interface OperationUsage {
  /** Coordinates fixed by the operation text. */
  coordinates: string[];
  /** Variables whose values may add coordinates (they hold input objects or enums), with their types. */
  variables: { name: string; type: GraphQLInputType }[];
}

const carriesInputs = (type: GraphQLInputType) => {
  const named = getNamedType(type);
  return isInputObjectType(named) || isEnumType(named);
};

/** The fragments an operation reaches, so a document's other operations do not count. */
function reachableFragments(doc: DocumentNode, operation: OperationDefinitionNode): FragmentDefinitionNode[] {
  const fragments = new Map(doc.definitions.filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION).map((f) => [f.name.value, f]));
  const reached = new Map<string, FragmentDefinitionNode>();
  const walk = (node: OperationDefinitionNode | FragmentDefinitionNode) =>
    visit(node, {
      FragmentSpread(spread) {
        const f = fragments.get(spread.name.value);
        if (f && !reached.has(f.name.value)) {
          reached.set(f.name.value, f);
          walk(f);
        }
      },
    });
  walk(operation);
  return [...reached.values()];
}

export function operationUsage(schema: GraphQLSchema, doc: DocumentNode, operation: OperationDefinitionNode): OperationUsage {
  const found = new Set<string>();
  const typeInfo = new TypeInfo(schema);
  const visitor = visitWithTypeInfo(typeInfo, {
    Field(node) {
      const parent = typeInfo.getParentType();
      if (parent && !node.name.value.startsWith('__')) found.add(`${parent.name}.${node.name.value}`);
    },
    Argument(node) {
      const parent = typeInfo.getParentType();
      const field = typeInfo.getFieldDef();
      if (!typeInfo.getDirective() && parent && field) found.add(`${parent.name}.${field.name}(${node.name.value}:)`);
    },
    ObjectValue() {
      const type = typeInfo.getInputType();
      if (type) found.add(getNamedType(type).name);
    },
    ObjectField(node) {
      const parent = typeInfo.getParentInputType();
      const named = parent && getNamedType(parent);
      if (named && isInputObjectType(named)) found.add(`${named.name}.${node.name.value}`);
    },
    EnumValue(node) {
      const type = typeInfo.getInputType();
      if (type) found.add(`${getNamedType(type).name}.${node.value}`);
    },
    Directive(node) {
      found.add(`@${node.name.value}`);
    },
  });
  for (const node of [operation, ...reachableFragments(doc, operation)]) visit(node, visitor);

  const variables = (operation.variableDefinitions ?? []).flatMap((v) => {
    const type = typeFromAST(schema, v.type as never) as GraphQLInputType | undefined;
    return type && carriesInputs(type) ? [{ name: v.variable.name.value, type }] : [];
  });
  return { coordinates: [...found], variables };
}

/** Coordinates a variable's value adds: the input fields and enum values it holds. */
export function valueCoordinates(type: GraphQLInputType, value: unknown, out: Set<string> = new Set(), budget = { nodes: 10_000 }): Set<string> {
  if (value == null || budget.nodes-- <= 0) return out;
  const inner = getNullableType(type);
  if (isListType(inner)) {
    for (const item of Array.isArray(value) ? value : [value]) valueCoordinates(inner.ofType, item, out, budget);
  } else if (isEnumType(inner) && typeof value === 'string') {
    out.add(`${inner.name}.${value}`);
  } else if (isInputObjectType(inner) && typeof value === 'object') {
    out.add(inner.name);
    const fields = inner.getFields();
    for (const [name, v] of Object.entries(value as Record<string, unknown>)) {
      if (!fields[name]) continue;
      out.add(`${inner.name}.${name}`);
      valueCoordinates(fields[name].type, v, out, budget);
    }
  }
  return out;
}
