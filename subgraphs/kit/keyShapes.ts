/**
 * An entity's `@key`s as a table answers them, pure. A type may have several
 * keys — `@key(fields: "id") @key(fields: "sku package") @key(fields: "sku
 * variation { id }")` — and the gateway sends each representation with the
 * fields of one of them. Each key is a shape: the paths of its fields in a
 * representation and the table field each path reads. Lookups are batched per
 * (table, shape), so a representation is always looked up by the key it
 * came with, never by another key's column.
 */
import { Kind, parse, type SelectionSetNode } from 'graphql';
import type { Row, TableDef } from './table.ts';

export interface KeyPart {
  /** Where the value sits in a representation: `['sku']`, `['variation', 'id']`. */
  path: readonly string[];
  /** The table field (a key of `columns`) holding it. */
  field: string;
}

export interface KeyShape {
  /** The field set as `@key` writes it, in one canonical spelling: `sku variation { id }`. */
  fields: string;
  parts: readonly KeyPart[];
}

/** The leaf paths of a field set: `sku variation { id }` → [['sku'], ['variation', 'id']]. */
export function fieldSetPaths(fields: string): string[][] {
  let selection: SelectionSetNode;
  try {
    const document = parse(`{ ${fields} }`, { noLocation: true });
    const op = document.definitions[0];
    if (document.definitions.length !== 1 || op.kind !== Kind.OPERATION_DEFINITION) throw new Error('not one selection set');
    selection = op.selectionSet;
  } catch (err) {
    throw new Error(`key field set "${fields}" is not a valid selection: ${(err as Error).message}`);
  }
  const paths: string[][] = [];
  const walk = (set: SelectionSetNode, prefix: string[]) => {
    for (const s of set.selections) {
      if (s.kind !== Kind.FIELD || s.alias || s.arguments?.length || s.directives?.length) throw new Error(`key field set "${fields}" may only name fields`);
      const path = [...prefix, s.name.value];
      if (s.selectionSet) walk(s.selectionSet, path);
      else paths.push(path);
    }
  };
  walk(selection, []);
  if (paths.length === 0) throw new Error(`key field set "${fields}" names no field`);
  return paths;
}

/** The default table field of a nested path: its names in camelCase (`variation.id` → `variationId`). */
const camel = (path: readonly string[]) => path.map((p, i) => (i === 0 ? p : p[0].toUpperCase() + p.slice(1))).join('');

function canonical(paths: readonly string[][]): string {
  // Rebuild the field set from its paths, so spacing and order of writing do not make two shapes of one key.
  type Tree = Map<string, Tree>;
  const tree: Tree = new Map();
  for (const path of paths) {
    let node = tree;
    for (const name of path) node = node.get(name) ?? node.set(name, new Map()).get(name)!;
  }
  const print = (node: Tree): string => [...node].map(([name, sub]) => (sub.size ? `${name} { ${print(sub)} }` : name)).join(' ');
  return print(tree);
}

/**
 * The shape of one `@key` field set on table `t`: each leaf path reads the
 * table field `t.keyFields` names for it (`'variation.id': 'variationId'`),
 * else the path in camelCase — which must be a column of the table.
 */
export function keyShape(t: Pick<TableDef, 'table' | 'columns' | 'keyFields'>, fields: string): KeyShape {
  const paths = fieldSetPaths(fields);
  const parts = paths.map((path) => {
    const field = t.keyFields?.[path.join('.')] ?? camel(path);
    if (!t.columns[field]) throw new Error(`table ${t.table}: key "${fields}" reads ${path.join('.')} from field "${field}", which has no column`);
    return { path, field };
  });
  return { fields: canonical(paths), parts };
}

const shapes = new WeakMap<TableDef, readonly KeyShape[]>();

/** Every key shape table `t` answers: its primary `key` first, then each of `keys`, without repeats. */
export function keyShapesOf(t: TableDef): readonly KeyShape[] {
  let found = shapes.get(t);
  if (!found) {
    const all = [t.key, ...(t.keys ?? [])].map((fields) => keyShape(t, fields));
    found = all.filter((s, i) => all.findIndex((o) => o.fields === s.fields) === i);
    shapes.set(t, found);
  }
  return found;
}

const at = (value: unknown, path: readonly string[]): unknown => path.reduce<unknown>((v, name) => (v !== null && typeof v === 'object' ? (v as Row)[name] : undefined), value);

/** The first shape whose every value the representation carries (null or missing values do not identify an entity). */
export function shapeFor(candidates: readonly KeyShape[], representation: Row): KeyShape | undefined {
  return candidates.find((s) => s.parts.every((p) => at(representation, p.path) != null));
}

/** The key values of a representation for one shape, in the shape's order. */
export const keyValues = (shape: KeyShape, representation: Row): unknown[] => shape.parts.map((p) => at(representation, p.path));

/**
 * The identity of a composite key's values, alike whether a value came as a
 * GraphQL ID (a string) or from the database (a number, a string).
 */
export const tupleId = (values: readonly unknown[]): string => JSON.stringify(values.map((v) => (v == null ? null : String(v))));
