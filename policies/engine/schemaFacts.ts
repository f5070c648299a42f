/**
 * What policies need to know about a schema: every object field with the
 * subgraphs that resolve it, its classification tags and its type's shape;
 * the abstract types (interfaces, unions) with the object types a value of
 * each can be; and the entity key fields federation joins on. Read from the
 * composed supergraph (gateway, CLI, registry — and subgraphs that evaluate
 * policies against the supergraph) or from one subgraph's own SDL.
 *
 * Decisions are made on object types only (a value always has one concrete
 * type), so `types` holds object types; an interface or union is described
 * by `abstractTypes`, and each object field remembers the abstract types a
 * policy may name it by (`interfaces`, `unions`).
 *
 * Also which field each argument or filter input field reads (`@reads`).
 */
import {
  Kind,
  parse,
  type ConstDirectiveNode,
  type DefinitionNode,
  type DocumentNode,
  type FieldDefinitionNode,
  type NamedTypeNode,
  type SelectionSetNode,
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
  /** Interfaces of `type` that declare this field too: `type: <interface>` and `field: <Interface.field>` cover it. */
  interfaces: string[];
  /** Unions `type` is a member of: `type: <union>` covers it. */
  unions: string[];
  /**
   * Subgraphs that do not resolve the field (it is `@external` there) but
   * return it along with another field's value (`@provides`): they serve
   * its values, so they decide them too.
   */
  providedIn: string[];
}

export interface AbstractTypeFacts {
  name: string;
  kind: 'interface' | 'union';
  /** The object types a value of this type can be: implementations, or members. */
  possibleTypes: string[];
  /** An interface's own fields (subgraphs: those resolving the interface field); unions have none. */
  fields: Map<string, FieldFacts>;
  /** Subgraphs that know this interface only as an `@interfaceObject`: they resolve its fields without knowing the concrete type. */
  interfaceObjectIn: string[];
}

export interface SchemaFacts {
  /** object type → field → facts */
  types: Map<string, Map<string, FieldFacts>>;
  /** interface or union → facts */
  abstractTypes: Map<string, AbstractTypeFacts>;
  subgraphs: Set<string>;
  tags: Set<string>;
  /** `Type.field` coordinates that are @key fields of an entity (nested key selections included), on objects and entity interfaces. */
  keys: Set<string>;
  /**
   * What arguments and input fields read, from `@reads(field: "Type.field")`:
   * `Type.field(arg:)` (on an object type or an interface) or `Input.field`
   * → the coordinates they read.
   */
  reads: Map<string, string[]>;
  /** An object type's field. */
  field(coordinate: string): FieldFacts | undefined;
  /** An interface's field. */
  interfaceField(coordinate: string): FieldFacts | undefined;
  /** The object types a value of `type` can be: itself for an object type, the possible types of an abstract one, none for an unknown name. */
  possibleTypes(type: string): string[];
}

type Directed = { directives?: readonly ConstDirectiveNode[] };
const directives = (node: Directed, name: string) => (node.directives ?? []).filter((d) => d.name.value === name);
const arg = (d: ConstDirectiveNode, name: string) => {
  const v = d.arguments?.find((a) => a.name.value === name)?.value;
  return v && (v.kind === Kind.STRING || v.kind === Kind.ENUM || v.kind === Kind.BOOLEAN) ? String(v.value) : undefined;
};
const tagsOf = (node: Directed) => directives(node, 'tag').map((d) => arg(d, 'name')!).filter(Boolean);

function shape(type: TypeNode): Pick<FieldFacts, 'namedType' | 'nullable' | 'list'> {
  const nullable = type.kind !== Kind.NON_NULL_TYPE;
  const inner = type.kind === Kind.NON_NULL_TYPE ? type.type : type;
  let named: TypeNode = inner;
  while (named.kind !== Kind.NAMED_TYPE) named = named.type;
  return { namedType: named.name.value, nullable, list: inner.kind === Kind.LIST_TYPE };
}

/** One composite type as the SDL declares it (definitions and extensions merged). */
interface Declared {
  name: string;
  kind: 'object' | 'interface' | 'union';
  node: Directed[];
  fields: Map<string, FieldDefinitionNode[]>;
  interfaces: Set<string>;
  members: Set<string>;
}

const KINDS: Partial<Record<DefinitionNode['kind'], Declared['kind']>> = {
  [Kind.OBJECT_TYPE_DEFINITION]: 'object',
  [Kind.OBJECT_TYPE_EXTENSION]: 'object',
  [Kind.INTERFACE_TYPE_DEFINITION]: 'interface',
  [Kind.INTERFACE_TYPE_EXTENSION]: 'interface',
  [Kind.UNION_TYPE_DEFINITION]: 'union',
  [Kind.UNION_TYPE_EXTENSION]: 'union',
};

const isPlumbing = (type: string) => type.startsWith('join__') || type.startsWith('link__') || type === '_Service' || type === '_Entity';

function declared(doc: DocumentNode): Map<string, Declared> {
  const out = new Map<string, Declared>();
  for (const d of doc.definitions) {
    const kind = KINDS[d.kind];
    if (!kind || !('name' in d) || !d.name || isPlumbing(d.name.value)) continue;
    const name = d.name.value;
    const t: Declared = out.get(name) ?? { name, kind, node: [], fields: new Map(), interfaces: new Set(), members: new Set() };
    out.set(name, t);
    t.node.push(d as Directed);
    const node = d as { fields?: readonly FieldDefinitionNode[]; interfaces?: readonly NamedTypeNode[]; types?: readonly NamedTypeNode[] };
    for (const f of node.fields ?? []) t.fields.set(f.name.value, [...(t.fields.get(f.name.value) ?? []), f]);
    for (const i of node.interfaces ?? []) t.interfaces.add(i.name.value);
    for (const m of node.types ?? []) t.members.add(m.name.value);
  }
  return out;
}

/** Top-level and nested fields of a field set (a key's `id sku { code }`, a @provides'), as coordinates, given how to find a field's type. */
function fieldSetCoordinates(type: string, fieldSet: string, typeOf: (type: string, field: string) => string | undefined): string[] {
  let selection: SelectionSetNode;
  try {
    const op = parse(`{${fieldSet}}`).definitions[0];
    if (op.kind !== Kind.OPERATION_DEFINITION) return [];
    selection = op.selectionSet;
  } catch {
    return [];
  }
  const out: string[] = [];
  const walk = (set: SelectionSetNode, parent: string) => {
    for (const s of set.selections) {
      if (s.kind === Kind.FIELD) {
        out.push(`${parent}.${s.name.value}`);
        const named = typeOf(parent, s.name.value);
        if (s.selectionSet && named) walk(s.selectionSet, named);
      } else if (s.kind === Kind.INLINE_FRAGMENT) walk(s.selectionSet, s.typeCondition?.name.value ?? parent);
    }
  };
  walk(selection, type);
  return out;
}

interface Reading {
  types: Map<string, Declared>;
  /** Subgraphs resolving a field, from its definitions (undefined: "the same as its interface's"). */
  subgraphsOf(type: Declared, field: string, defs: FieldDefinitionNode[]): string[] | undefined;
  /** Key field sets per type. */
  keys(type: Declared): string[];
  /** The `@provides` of a field: which graph returns which fields of its type along with it. */
  provides(defs: FieldDefinitionNode[]): { graph: string; fields: string }[];
  interfaceObjectIn(type: Declared): string[];
  subgraphs: Iterable<string>;
  reads: Map<string, string[]>;
}

function build(r: Reading): SchemaFacts {
  const objects = [...r.types.values()].filter((t) => t.kind === 'object');
  const interfaces = [...r.types.values()].filter((t) => t.kind === 'interface');
  const unions = [...r.types.values()].filter((t) => t.kind === 'union');
  const tags = new Set<string>();

  const fieldFacts = (t: Declared, field: string, defs: FieldDefinitionNode[], extra: Partial<FieldFacts>): FieldFacts => {
    const own = [...new Set(defs.flatMap(tagsOf))];
    own.forEach((tag) => tags.add(tag));
    return { coordinate: `${t.name}.${field}`, type: t.name, field, subgraphs: [], tags: own, ...shape(defs[0].type), interfaces: [], unions: [], providedIn: [], ...extra };
  };

  // Interfaces first: an object field inherits the tags (and, for fields an
  // @interfaceObject contributes, the subgraphs) of the interface field it implements.
  const abstractTypes = new Map<string, AbstractTypeFacts>();
  for (const i of interfaces) {
    const fields = new Map<string, FieldFacts>();
    for (const [name, defs] of i.fields) fields.set(name, fieldFacts(i, name, defs, { subgraphs: r.subgraphsOf(i, name, defs) ?? [] }));
    const possibleTypes = objects.filter((o) => o.interfaces.has(i.name)).map((o) => o.name);
    abstractTypes.set(i.name, { name: i.name, kind: 'interface', possibleTypes, fields, interfaceObjectIn: r.interfaceObjectIn(i) });
  }
  for (const u of unions) {
    abstractTypes.set(u.name, { name: u.name, kind: 'union', possibleTypes: [...u.members].filter((m) => r.types.get(m)?.kind === 'object'), fields: new Map(), interfaceObjectIn: [] });
  }
  // Interfaces of interfaces are listed on every implementation (GraphQL requires it), so one level is enough.
  const memberOf = (type: string) => unions.filter((u) => u.members.has(type)).map((u) => u.name);

  const types = new Map<string, Map<string, FieldFacts>>();
  for (const o of objects) {
    const fields = new Map<string, FieldFacts>();
    const unionsOfType = memberOf(o.name);
    for (const [name, defs] of o.fields) {
      const via = [...o.interfaces].filter((i) => abstractTypes.get(i)?.fields.has(name));
      const inherited = via.map((i) => abstractTypes.get(i)!.fields.get(name)!);
      const facts = fieldFacts(o, name, defs, { interfaces: via, unions: unionsOfType });
      facts.tags = [...new Set([...facts.tags, ...inherited.flatMap((f) => f.tags)])];
      facts.subgraphs = r.subgraphsOf(o, name, defs) ?? [...new Set(inherited.flatMap((f) => f.subgraphs))];
      fields.set(name, facts);
    }
    types.set(o.name, fields);
  }
  // An interface field's tags and subgraphs also include its implementations':
  // a subgraph enforcing it without knowing the concrete type (an
  // @interfaceObject) must mask what any implementation masks.
  for (const a of abstractTypes.values()) {
    for (const f of a.fields.values()) {
      const impls = a.possibleTypes.map((t) => types.get(t)?.get(f.field)).filter((x): x is FieldFacts => Boolean(x));
      f.tags = [...new Set([...f.tags, ...impls.flatMap((x) => x.tags)])];
    }
  }

  const typeOf = (type: string, field: string) => (types.get(type)?.get(field) ?? abstractTypes.get(type)?.fields.get(field))?.namedType;
  const keys = new Set<string>();
  for (const t of [...objects, ...interfaces]) {
    for (const fieldSet of r.keys(t)) fieldSetCoordinates(t.name, fieldSet, typeOf).forEach((k) => keys.add(k));
  }
  for (const t of [...objects, ...interfaces]) {
    for (const [name, defs] of t.fields) {
      for (const p of r.provides(defs)) {
        const named = typeOf(t.name, name);
        const provided = named ? fieldSetCoordinates(named, p.fields, typeOf) : [];
        for (const c of provided) {
          const [type, field] = c.split('.');
          const f = types.get(type)?.get(field) ?? abstractTypes.get(type)?.fields.get(field);
          if (f && !f.providedIn.includes(p.graph)) f.providedIn.push(p.graph);
        }
      }
    }
  }
  // An entity interface's key is a key of each implementation too.
  for (const a of abstractTypes.values()) {
    for (const k of [...keys]) {
      const [type, field] = k.split('.');
      if (type === a.name) a.possibleTypes.forEach((t) => keys.add(`${t}.${field}`));
    }
  }

  return {
    types,
    abstractTypes,
    subgraphs: new Set(r.subgraphs),
    tags,
    keys,
    reads: r.reads,
    field(coordinate) {
      const [type, field] = coordinate.split('.');
      return types.get(type)?.get(field);
    },
    interfaceField(coordinate) {
      const [type, field] = coordinate.split('.');
      const a = abstractTypes.get(type);
      return a?.kind === 'interface' ? a.fields.get(field) : undefined;
    },
    possibleTypes(type) {
      if (types.has(type)) return [type];
      return abstractTypes.get(type)?.possibleTypes ?? [];
    },
  };
}

export function factsFromSupergraph(supergraphSdl: string): SchemaFacts {
  const doc = parse(supergraphSdl);
  // join__Graph enum values (SALES) name subgraphs ("sales").
  const graphNames = new Map<string, string>();
  for (const d of doc.definitions) {
    if (d.kind === Kind.ENUM_TYPE_DEFINITION && d.name.value === 'join__Graph') {
      for (const v of d.values ?? []) graphNames.set(v.name.value, arg(directives(v, 'join__graph')[0], 'name') ?? v.name.value.toLowerCase());
    }
  }
  const graph = (d: ConstDirectiveNode) => graphNames.get(arg(d, 'graph')!)!;
  const joinTypes = (t: Declared) => t.node.flatMap((n) => directives(n, 'join__type'));
  return build({
    types: declared(doc),
    subgraphs: graphNames.values(),
    reads: readsOf(doc),
    subgraphsOf(t, _field, defs) {
      const joins = defs.flatMap((f) => directives(f, 'join__field'));
      // A bare @join__field marks a field an @interfaceObject contributes to
      // an implementation: it is resolved where the interface field is.
      if (joins.length && joins.every((d) => !arg(d, 'graph'))) return undefined;
      // Resolved by: every graph that declares it, except as @external (which
      // only reads it for @requires/@key) or as the loser of an @override.
      const own = joins.filter((d) => arg(d, 'graph') && arg(d, 'external') !== 'true' && arg(d, 'usedOverridden') !== 'true');
      if (own.length) return [...new Set(own.map(graph))];
      return [...new Set(joinTypes(t).map(graph))];
    },
    keys: (t) => joinTypes(t).map((d) => arg(d, 'key')).filter((k): k is string => Boolean(k)),
    provides: (defs) => defs.flatMap((f) => directives(f, 'join__field')).flatMap((d) => (arg(d, 'graph') && arg(d, 'provides') ? [{ graph: graph(d), fields: arg(d, 'provides')! }] : [])),
    interfaceObjectIn: (t) => [...new Set(joinTypes(t).filter((d) => arg(d, 'isInterfaceObject') === 'true').map(graph))],
  });
}

export function factsFromSubgraph(name: string, sdl: string): SchemaFacts {
  const doc = parse(sdl);
  return build({
    types: declared(doc),
    subgraphs: [name],
    reads: readsOf(doc),
    subgraphsOf: () => [name],
    keys: (t) => t.node.flatMap((n) => directives(n, 'key')).map((d) => arg(d, 'fields')).filter((k): k is string => Boolean(k)),
    // A subgraph's own SDL names the subgraph as resolving every field it declares: nothing more to add.
    provides: () => [],
    interfaceObjectIn: () => [],
  });
}

/** `@reads(field: …)` on arguments of object and interface fields and on input object fields. */
function readsOf(doc: DocumentNode): Map<string, string[]> {
  const reads = new Map<string, string[]>();
  const add = (coordinate: string, node: Directed) => {
    const fields = directives(node, 'reads').map((d) => arg(d, 'field')).filter((f): f is string => !!f);
    if (fields.length) reads.set(coordinate, [...new Set([...(reads.get(coordinate) ?? []), ...fields])]);
  };
  for (const d of doc.definitions) {
    if (d.kind === Kind.OBJECT_TYPE_DEFINITION || d.kind === Kind.OBJECT_TYPE_EXTENSION || d.kind === Kind.INTERFACE_TYPE_DEFINITION || d.kind === Kind.INTERFACE_TYPE_EXTENSION) {
      for (const f of d.fields ?? []) for (const a of f.arguments ?? []) add(`${d.name.value}.${f.name.value}(${a.name.value}:)`, a);
    } else if (d.kind === Kind.INPUT_OBJECT_TYPE_DEFINITION || d.kind === Kind.INPUT_OBJECT_TYPE_EXTENSION) {
      for (const f of d.fields ?? []) add(`${d.name.value}.${f.name.value}`, f);
    }
  }
  return reads;
}
