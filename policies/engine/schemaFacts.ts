/**
 * What policies need to know about a schema: every object field with the
 * subgraphs that resolve it, its classification tags and its type's shape,
 * and which field each argument or filter input field reads (`@reads`).
 * Read from the composed supergraph (gateway, CLI) or from one subgraph's own
 * SDL (each subgraph enforcing its part).
 */
import {
  Kind,
  parse,
  type ConstDirectiveNode,
  type DocumentNode,
  type FieldDefinitionNode,
  type ObjectTypeDefinitionNode,
  type ObjectTypeExtensionNode,
  type TypeNode,
} from 'graphql';

export interface FieldFacts {
  coordinate: string;
  type: string;
  field: string;
  subgraphs: string[];
  tags: string[];
  namedType: string;
  nullable: boolean;
  list: boolean;
}

export interface SchemaFacts {
  /** type → field → facts */
  types: Map<string, Map<string, FieldFacts>>;
  subgraphs: Set<string>;
  tags: Set<string>;
  /** `Type.field` coordinates that are (top-level) @key fields of an entity. */
  keys: Set<string>;
  /**
   * What arguments and input fields read, from `@reads(field: "Type.field")`:
   * `Type.field(arg:)` or `Input.field` → the coordinates they read.
   */
  reads: Map<string, string[]>;
  field(coordinate: string): FieldFacts | undefined;
}

const directives = (node: { directives?: readonly ConstDirectiveNode[] }, name: string) => (node.directives ?? []).filter((d) => d.name.value === name);
const arg = (d: ConstDirectiveNode, name: string) => {
  const v = d.arguments?.find((a) => a.name.value === name)?.value;
  return v && (v.kind === Kind.STRING || v.kind === Kind.ENUM || v.kind === Kind.BOOLEAN) ? String(v.value) : undefined;
};

function shape(type: TypeNode): Pick<FieldFacts, 'namedType' | 'nullable' | 'list'> {
  const nullable = type.kind !== Kind.NON_NULL_TYPE;
  const inner = type.kind === Kind.NON_NULL_TYPE ? type.type : type;
  let named: TypeNode = inner;
  while (named.kind !== Kind.NAMED_TYPE) named = named.type;
  return { namedType: named.name.value, nullable, list: inner.kind === Kind.LIST_TYPE };
}

type ObjectNode = ObjectTypeDefinitionNode | ObjectTypeExtensionNode;
const objects = (doc: DocumentNode) =>
  doc.definitions.filter((d): d is ObjectNode => d.kind === Kind.OBJECT_TYPE_DEFINITION || d.kind === Kind.OBJECT_TYPE_EXTENSION);

function build(fields: FieldFacts[], subgraphs: Iterable<string>, reads: Map<string, string[]>, keys: Set<string> = new Set()): SchemaFacts {
  const types = new Map<string, Map<string, FieldFacts>>();
  const tags = new Set<string>();
  for (const f of fields) {
    if (!types.has(f.type)) types.set(f.type, new Map());
    const existing = types.get(f.type)!.get(f.field);
    // A type extended in several places (subgraph SDL) lists each field once.
    types.get(f.type)!.set(f.field, existing ? { ...existing, tags: [...new Set([...existing.tags, ...f.tags])] } : f);
    f.tags.forEach((t) => tags.add(t));
  }
  return {
    types,
    subgraphs: new Set(subgraphs),
    tags,
    keys,
    reads,
    field(coordinate) {
      const [type, field] = coordinate.split('.');
      return types.get(type)?.get(field);
    },
  };
}

const fieldFacts = (type: string, f: FieldDefinitionNode, subgraphs: string[]): FieldFacts => ({
  coordinate: `${type}.${f.name.value}`,
  type,
  field: f.name.value,
  subgraphs,
  tags: directives(f, 'tag').map((d) => arg(d, 'name')!).filter(Boolean),
  ...shape(f.type),
});

const isPlumbing = (type: string) => type.startsWith('join__') || type.startsWith('link__') || type === '_Service';

export function factsFromSupergraph(supergraphSdl: string): SchemaFacts {
  const doc = parse(supergraphSdl);
  // join__Graph enum values (SALES) name subgraphs ("sales").
  const graphNames = new Map<string, string>();
  for (const d of doc.definitions) {
    if (d.kind === Kind.ENUM_TYPE_DEFINITION && d.name.value === 'join__Graph') {
      for (const v of d.values ?? []) graphNames.set(v.name.value, arg(directives(v, 'join__graph')[0], 'name') ?? v.name.value.toLowerCase());
    }
  }
  const fields = objects(doc)
    .filter((t) => !isPlumbing(t.name.value))
    .flatMap((t) => {
      const typeGraphs = directives(t, 'join__type').map((d) => graphNames.get(arg(d, 'graph')!)!);
      return (t.fields ?? []).map((f) => {
        const own = directives(f, 'join__field').filter((d) => arg(d, 'external') !== 'true' && arg(d, 'graph'));
        return fieldFacts(t.name.value, f, own.length ? own.map((d) => graphNames.get(arg(d, 'graph')!)!) : typeGraphs);
      });
    });
  const keys = new Set(objects(doc).flatMap((t) => directives(t, 'join__type').flatMap((d) => keyFields(t.name.value, arg(d, 'key')))));
  return build(fields, graphNames.values(), readsOf(doc), keys);
}

/** `Type.field` of each top-level field of a key; nested selections ("id org { id }") count by their top-level field. */
const keyFields = (type: string, fields: string | undefined) =>
  (fields ?? '').replace(/\{[^}]*\}/g, ' ').split(/\s+/).filter(Boolean).map((f) => `${type}.${f}`);

export function factsFromSubgraph(name: string, sdl: string): SchemaFacts {
  const types = objects(parse(sdl));
  const fields = types.flatMap((t) => (t.fields ?? []).map((f) => fieldFacts(t.name.value, f, [name])));
  const keys = new Set(types.flatMap((t) => directives(t, 'key').flatMap((d) => keyFields(t.name.value, arg(d, 'fields')))));
  return build(fields, [name], readsOf(parse(sdl)), keys);
}

/** `@reads(field: …)` on arguments of object fields and on input object fields. */
function readsOf(doc: DocumentNode): Map<string, string[]> {
  const reads = new Map<string, string[]>();
  const add = (coordinate: string, node: { directives?: readonly ConstDirectiveNode[] }) => {
    const fields = directives(node, 'reads').map((d) => arg(d, 'field')).filter((f): f is string => !!f);
    if (fields.length) reads.set(coordinate, [...new Set([...(reads.get(coordinate) ?? []), ...fields])]);
  };
  for (const d of doc.definitions) {
    if (d.kind === Kind.OBJECT_TYPE_DEFINITION || d.kind === Kind.OBJECT_TYPE_EXTENSION) {
      for (const f of d.fields ?? []) for (const a of f.arguments ?? []) add(`${d.name.value}.${f.name.value}(${a.name.value}:)`, a);
    } else if (d.kind === Kind.INPUT_OBJECT_TYPE_DEFINITION || d.kind === Kind.INPUT_OBJECT_TYPE_EXTENSION) {
      for (const f of d.fields ?? []) add(`${d.name.value}.${f.name.value}`, f);
    }
  }
  return reads;
}
