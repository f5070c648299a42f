/**
 * How deeply an operation nests its fields, fragments counted where they are
 * spread. Computed without recursion and with each fragment measured once,
 * so neither a deep document nor fragments spread many times over can make
 * the measurement itself expensive. `{ a { b } }` has depth 2.
 */
import { Kind, type DocumentNode, type ExecutableDefinitionNode, type SelectionSetNode } from 'graphql';

interface Shape {
  /** Deepest field level written in the definition itself. */
  own: number;
  /** Fragments it spreads, with the field level of the selection set holding the spread. */
  spreads: { name: string; level: number }[];
}

function shapeOf(set: SelectionSetNode): Shape {
  const shape: Shape = { own: 0, spreads: [] };
  const stack: { set: SelectionSetNode; level: number }[] = [{ set, level: 1 }];
  while (stack.length) {
    const { set: s, level } = stack.pop()!;
    for (const sel of s.selections) {
      if (sel.kind === Kind.FIELD) {
        if (level > shape.own) shape.own = level;
        if (sel.selectionSet) stack.push({ set: sel.selectionSet, level: level + 1 });
      } else if (sel.kind === Kind.INLINE_FRAGMENT) stack.push({ set: sel.selectionSet, level });
      else shape.spreads.push({ name: sel.name.value, level });
    }
  }
  return shape;
}

/** The deepest nesting written in any one definition, spreads not followed (safe before validation, which refuses fragment cycles). */
export function writtenDepth(document: DocumentNode): number {
  return document.definitions.reduce((d, def) => ('selectionSet' in def && def.selectionSet ? Math.max(d, shapeOf(def.selectionSet).own) : d), 0);
}

/** Depth of each named fragment and of `definition`, following spreads (a cycle, which validation refuses, counts as nothing). */
export function operationDepth(document: DocumentNode, definition: ExecutableDefinitionNode): number {
  const fragments = new Map(document.definitions.filter((d) => d.kind === Kind.FRAGMENT_DEFINITION).map((d) => [d.name.value, d]));
  const shapes = new Map<string, Shape>();
  const depths = new Map<string, number>();
  const shape = (name: string) => {
    let s = shapes.get(name);
    if (!s) shapes.set(name, (s = shapeOf(fragments.get(name)!.selectionSet)));
    return s;
  };
  const depthFrom = (s: Shape) => s.spreads.reduce((d, sp) => Math.max(d, sp.level - 1 + (depths.get(sp.name) ?? 0)), s.own);

  // Post-order over the spread graph with an explicit stack.
  const root = shapeOf(definition.selectionSet);
  const visiting = new Set<string>();
  const stack: { name: string; expanded: boolean }[] = root.spreads.filter((sp) => fragments.has(sp.name)).map((sp) => ({ name: sp.name, expanded: false }));
  while (stack.length) {
    const top = stack[stack.length - 1];
    if (depths.has(top.name)) {
      stack.pop();
      continue;
    }
    if (top.expanded) {
      stack.pop();
      visiting.delete(top.name);
      depths.set(top.name, depthFrom(shape(top.name)));
      continue;
    }
    top.expanded = true;
    visiting.add(top.name);
    for (const sp of shape(top.name).spreads) if (fragments.has(sp.name) && !depths.has(sp.name) && !visiting.has(sp.name)) stack.push({ name: sp.name, expanded: false });
  }
  return depthFrom(root);
}
