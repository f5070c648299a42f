/**
 * How deeply an operation nests, fragments counted where they are spread,
 * in two measures:
 *
 *   depth    field levels only: `{ a { b } }` is 2, whatever fragments hold
 *            them (the demand-control depth limit). Introspection
 *            (`__schema`, `__type`: names no schema field may take) adds
 *            none: it is answered from the schema without reaching a
 *            subgraph, and graphql-js's MaxIntrospectionDepthRule, among the
 *            validation rules, bounds how its lists nest — the standard
 *            introspection query is 15 levels deep through `ofType`;
 *   nesting  every level a walker recurses through: fields, inline fragments
 *            and fragment spreads each add one (what the gateway bounds so
 *            that its own walkers, the validators and the planner never run
 *            out of stack).
 *
 * Computed without recursion and with each fragment measured once, so
 * neither a deep document nor fragments spread many times over can make the
 * measurement itself expensive.
 */
import { Kind, type DocumentNode, type ExecutableDefinitionNode, type SelectionSetNode } from 'graphql';

export interface Depth {
  depth: number;
  nesting: number;
}

interface Shape extends Depth {
  /**
   * Fragments it spreads: the field level and the nesting of the selection
   * set holding the spread, and whether that is inside introspection (whose
   * fields count as nesting only).
   */
  spreads: { name: string; level: number; nesting: number; introspection: boolean }[];
}

const INTROSPECTION_ROOTS = new Set(['__schema', '__type']);

function shapeOf(set: SelectionSetNode): Shape {
  const shape: Shape = { depth: 0, nesting: 0, spreads: [] };
  const stack: { set: SelectionSetNode; level: number; nesting: number; introspection: boolean }[] = [{ set, level: 1, nesting: 1, introspection: false }];
  while (stack.length) {
    const { set: s, level, nesting, introspection } = stack.pop()!;
    if (nesting > shape.nesting) shape.nesting = nesting;
    for (const sel of s.selections) {
      if (sel.kind === Kind.FIELD) {
        const inside = introspection || INTROSPECTION_ROOTS.has(sel.name.value);
        if (!inside && level > shape.depth) shape.depth = level;
        if (sel.selectionSet) stack.push({ set: sel.selectionSet, level: level + 1, nesting: nesting + 1, introspection: inside });
      } else if (sel.kind === Kind.INLINE_FRAGMENT) stack.push({ set: sel.selectionSet, level, nesting: nesting + 1, introspection });
      else shape.spreads.push({ name: sel.name.value, level, nesting, introspection });
    }
  }
  return shape;
}

/** The deepest nesting written in any one definition, spreads not followed (safe before validation, which refuses fragment cycles). */
export function writtenDepth(document: DocumentNode): Depth {
  const out: Depth = { depth: 0, nesting: 0 };
  for (const def of document.definitions) {
    if (!('selectionSet' in def) || !def.selectionSet) continue;
    const s = shapeOf(def.selectionSet);
    out.depth = Math.max(out.depth, s.depth);
    out.nesting = Math.max(out.nesting, s.nesting);
  }
  return out;
}

/** Depth and nesting of `definition`, following spreads (a cycle, which validation refuses, counts as nothing). */
export function operationDepth(document: DocumentNode, definition: ExecutableDefinitionNode): Depth {
  const fragments = new Map(document.definitions.filter((d) => d.kind === Kind.FRAGMENT_DEFINITION).map((d) => [d.name.value, d]));
  const shapes = new Map<string, Shape>();
  const measured = new Map<string, Depth>();
  const shape = (name: string) => {
    let s = shapes.get(name);
    if (!s) shapes.set(name, (s = shapeOf(fragments.get(name)!.selectionSet)));
    return s;
  };
  const measure = (s: Shape): Depth =>
    s.spreads.reduce(
      (d, sp) => {
        const inner = measured.get(sp.name);
        if (!inner) return d;
        return { depth: sp.introspection ? d.depth : Math.max(d.depth, sp.level - 1 + inner.depth), nesting: Math.max(d.nesting, sp.nesting + inner.nesting) };
      },
      { depth: s.depth, nesting: s.nesting },
    );

  // Post-order over the spread graph with an explicit stack.
  const root = shapeOf(definition.selectionSet);
  const visiting = new Set<string>();
  const stack: { name: string; expanded: boolean }[] = root.spreads.filter((sp) => fragments.has(sp.name)).map((sp) => ({ name: sp.name, expanded: false }));
  while (stack.length) {
    const top = stack[stack.length - 1];
    if (measured.has(top.name)) {
      stack.pop();
      continue;
    }
    if (top.expanded) {
      stack.pop();
      visiting.delete(top.name);
      measured.set(top.name, measure(shape(top.name)));
      continue;
    }
    top.expanded = true;
    visiting.add(top.name);
    for (const sp of shape(top.name).spreads) if (fragments.has(sp.name) && !measured.has(sp.name) && !visiting.has(sp.name)) stack.push({ name: sp.name, expanded: false });
  }
  return measure(root);
}
