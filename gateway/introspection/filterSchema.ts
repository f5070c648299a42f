/**
 * The API schema as one caller may see it: fields the caller may not read
 * and arguments the caller may not use are hidden, and so is every type left
 * with nothing readable (and whatever only hidden parts referred to). The
 * result is still a valid schema, so GraphiQL and code generators load it.
 *
 * Rules that keep it valid:
 * - an interface shows a field when any implementation may read it;
 * - an object keeps the fields of the interfaces it still implements, even
 *   where it may not read them itself (the interface already names them;
 *   reading still answers FORBIDDEN);
 * - an object or interface with no field left disappears, with every field
 *   and union membership that pointed to it; a union with no member left too;
 * - an input field the caller may not use disappears; an input object left
 *   without fields, or with a required one the caller may not use, too;
 * - an argument the caller may not use (or of an input object that
 *   disappeared) disappears, and a field with such a required argument;
 * - types nothing visible refers to any more disappear.
 * A caller who may read nothing at all gets a Query type without fields.
 *
 * Pure: the caller brings the API schema and the visibility questions.
 */
import {
  buildASTSchema,
  getNamedType,
  isAbstractType,
  isInputObjectType,
  isInterfaceType,
  isNonNullType,
  isObjectType,
  isUnionType,
  Kind,
  parse,
  printSchema,
  visit,
  type DefinitionNode,
  type DocumentNode,
  type GraphQLField,
  type GraphQLInterfaceType,
  type GraphQLObjectType,
  type GraphQLSchema,
} from 'graphql';

export interface Visibility {
  /** May the caller read this concrete `Type.field`? */
  field(coordinate: string): boolean;
  /** May the caller use this argument (`Type.field(arg:)`)? Unset: every argument of a visible field. */
  argument?(coordinate: string): boolean;
  /** May the caller use this input object field (`Input.field`)? Unset: every one. */
  inputField?(coordinate: string): boolean;
}

const required = (v: { type: unknown; defaultValue?: unknown }) => isNonNullType(v.type) && v.defaultValue === undefined;

type Composite = GraphQLObjectType | GraphQLInterfaceType;

export function filterSchema(schema: GraphQLSchema, visibility: Visibility): GraphQLSchema {
  const types = Object.values(schema.getTypeMap()).filter((t) => !t.name.startsWith('__'));
  const composites = types.filter((t): t is Composite => isObjectType(t) || isInterfaceType(t));

  // Input objects the caller can still fill in, with the fields it may use.
  // One left without fields, or without a required one, cannot be given at
  // all, and neither can an input field of that type: until nothing changes.
  const inputs = types.filter(isInputObjectType);
  const inputShown = new Map(inputs.map((t) => [t.name, new Set(Object.values(t.getFields()).filter((f) => !visibility.inputField || visibility.inputField(`${t.name}.${f.name}`)).map((f) => f.name))]));
  const inputHidden = new Set<string>();
  for (let changed = true; changed; ) {
    changed = false;
    for (const t of inputs) {
      if (inputHidden.has(t.name)) continue;
      const fields = inputShown.get(t.name)!;
      for (const f of Object.values(t.getFields())) if (inputHidden.has(getNamedType(f.type).name)) fields.delete(f.name);
      if (fields.size === 0 || Object.values(t.getFields()).some((f) => required(f) && !fields.has(f.name))) (inputHidden.add(t.name), (changed = true));
    }
  }
  const usable = (owner: string, f: GraphQLField<unknown, unknown>, arg: string) =>
    !inputHidden.has(getNamedType(f.args.find((a) => a.name === arg)!.type).name) && (!visibility.argument || visibility.argument(`${owner}.${f.name}(${arg}:)`));

  // What the caller may read: each object's own fields, each interface's through its implementations.
  const shown = new Map<string, Set<string>>();
  for (const t of composites) {
    const concrete = isAbstractType(t) ? schema.getPossibleTypes(t).map((p) => p.name) : [t.name];
    const fields = Object.values(t.getFields()).filter(
      (f) => concrete.some((c) => visibility.field(`${c}.${f.name}`)) && f.args.every((a) => !required(a) || usable(t.name, f, a.name)),
    );
    shown.set(t.name, new Set(fields.map((f) => f.name)));
  }
  const unionMembers = new Map(types.filter(isUnionType).map((u) => [u.name, new Set(u.getTypes().map((m) => m.name))]));
  const roots = [schema.getQueryType(), schema.getMutationType(), schema.getSubscriptionType()].filter(Boolean).map((t) => t!.name);

  // Hide what became empty, and what pointed to it, until nothing changes.
  const hidden = (name: string) => (shown.has(name) ? shown.get(name)!.size === 0 && name !== schema.getQueryType()?.name : unionMembers.has(name) ? unionMembers.get(name)!.size === 0 : false);
  for (let changed = true; changed; ) {
    changed = false;
    const drop = <T>(set: Set<T>, item: T) => set.delete(item) && (changed = true);
    for (const members of unionMembers.values()) for (const m of members) if (hidden(m)) drop(members, m);
    for (const t of composites) {
      const fields = shown.get(t.name)!;
      for (const f of fields) if (hidden(getNamedType(t.getFields()[f].type).name)) drop(fields, f);
      // An implementation keeps what the interfaces it still implements show.
      if (fields.size === 0) continue;
      for (const i of t.getInterfaces()) {
        if (hidden(i.name)) continue;
        for (const f of shown.get(i.name)!) if (!fields.has(f)) (fields.add(f), (changed = true));
      }
    }
  }

  const document = parse(printSchema(schema));
  const keptRoots = new Set(roots.filter((r) => !hidden(r) || r === schema.getQueryType()?.name));
  const filtered: DocumentNode = visit(document, {
    SchemaDefinition: (node) => ({ ...node, operationTypes: node.operationTypes.filter((o) => keptRoots.has(o.type.name.value)) }),
    ObjectTypeDefinition: (node) => (hidden(node.name.value) ? null : { ...node, interfaces: node.interfaces?.filter((i) => !hidden(i.name.value)), fields: node.fields?.filter((f) => shown.get(node.name.value)!.has(f.name.value)) }),
    InterfaceTypeDefinition: (node) => (hidden(node.name.value) ? null : { ...node, interfaces: node.interfaces?.filter((i) => !hidden(i.name.value)), fields: node.fields?.filter((f) => shown.get(node.name.value)!.has(f.name.value)) }),
    InputObjectTypeDefinition: (node) => (inputHidden.has(node.name.value) ? null : { ...node, fields: node.fields?.filter((f) => inputShown.get(node.name.value)!.has(f.name.value)) }),
    UnionTypeDefinition: (node) => (hidden(node.name.value) ? null : { ...node, types: node.types?.filter((m) => unionMembers.get(node.name.value)!.has(m.name.value)) }),
    FieldDefinition: {
      enter(node, _key, _parent, _path, ancestors) {
        const owner = ancestors[ancestors.length - 1] as { kind: string; name?: { value: string } };
        if (owner.kind !== Kind.OBJECT_TYPE_DEFINITION && owner.kind !== Kind.INTERFACE_TYPE_DEFINITION) return undefined;
        const def = (schema.getType(owner.name!.value) as unknown as Composite).getFields()[node.name.value];
        return { ...node, arguments: node.arguments?.filter((a) => usable(owner.name!.value, def, a.name.value)) };
      },
    },
  });
  return buildASTSchema(withoutUnreachable(filtered, [...keptRoots]), { assumeValidSDL: true });
}

/** Drops type definitions no root reaches any more: their names would still tell what is hidden. */
function withoutUnreachable(document: DocumentNode, roots: string[]): DocumentNode {
  const byName = new Map<string, DefinitionNode>();
  for (const d of document.definitions) if ('name' in d && d.name && d.kind !== Kind.DIRECTIVE_DEFINITION) byName.set(d.name.value, d);
  const reached = new Set<string>();
  const reach = (name: string) => {
    if (reached.has(name) || !byName.has(name)) return;
    reached.add(name);
    visit(byName.get(name)!, { NamedType: (n) => reach(n.name.value) });
  };
  roots.forEach(reach);
  // Implementations of a reached interface stay reachable: a value can be one.
  for (let grew = true; grew; ) {
    grew = false;
    for (const d of document.definitions) {
      if (d.kind === Kind.OBJECT_TYPE_DEFINITION && !reached.has(d.name.value) && d.interfaces?.some((i) => reached.has(i.name.value))) {
        reach(d.name.value);
        grew = true;
      }
    }
  }
  // Directive definitions stay, with what their arguments need.
  for (const d of document.definitions) if (d.kind === Kind.DIRECTIVE_DEFINITION) visit(d, { NamedType: (n) => reach(n.name.value) });
  return { ...document, definitions: document.definitions.filter((d) => !('name' in d) || !d.name || d.kind === Kind.DIRECTIVE_DEFINITION || reached.has(d.name.value)) };
}
