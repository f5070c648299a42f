import { Kind, parse, type OperationDefinitionNode } from 'graphql';
import { describe, expect, it } from 'vitest';
import { operationDepth, writtenDepth } from './depth.ts';

const measure = (text: string) => {
  const doc = parse(text);
  return operationDepth(doc, doc.definitions.find((d) => d.kind === Kind.OPERATION_DEFINITION) as OperationDefinitionNode);
};
const depthOf = (text: string) => measure(text).depth;

describe('operationDepth', () => {
  it('counts field levels, inline fragments adding none', () => {
    expect(depthOf('{ a }')).toBe(1);
    expect(depthOf('{ a { b { c } } d }')).toBe(3);
    expect(depthOf('{ a { ... on T { b { c } } } }')).toBe(3);
  });

  it('follows spreads where they are written', () => {
    expect(depthOf('{ a { ...F } } fragment F on T { b { c } }')).toBe(3);
    expect(depthOf('{ ...F x } fragment F on Q { a { ...G } } fragment G on T { b { c { d } } }')).toBe(4);
  });

  it('counts every level a walker recurses through as nesting: fields, inline fragments and spreads', () => {
    expect(measure('{ a { b } }')).toEqual({ depth: 2, nesting: 2 });
    expect(measure('{ ... on Q { ... on Q { a } } }')).toEqual({ depth: 1, nesting: 3 });
    // A chain of spreads adds no field depth, but a walker recurses once per spread.
    const chain = Array.from({ length: 50 }, (_, i) => `fragment F${i} on Q { ...F${i + 1} }`).join(' ');
    expect(measure(`{ ...F0 } ${chain} fragment F50 on Q { a }`)).toEqual({ depth: 1, nesting: 52 });
  });

  it('measures a fragment spread many times once (a 2^30 fan-out stays instant)', () => {
    const fragments = Array.from({ length: 30 }, (_, i) => `fragment F${i} on T { a { ...F${i + 1} } b { ...F${i + 1} } }`).join('\n');
    expect(depthOf(`{ ...F0 } ${fragments} fragment F30 on T { leaf }`)).toBe(31);
  });

  it('equals the depth of the same operation written out without fragments', () => {
    for (let levels = 1; levels < 40; levels += 7) {
      const inline = `{ ${'a { '.repeat(levels - 1)}b${' }'.repeat(levels - 1)} }`;
      const viaFragments = `{ ...F1 } ${Array.from({ length: levels - 1 }, (_, i) => `fragment F${i + 1} on T { a { ...F${i + 2} } }`).join(' ')} fragment F${levels} on T { b }`;
      expect(depthOf(inline)).toBe(levels);
      expect(depthOf(viaFragments)).toBe(levels);
    }
  });

  it('counts no field depth inside introspection, which is answered from the schema, but counts its nesting', () => {
    expect(measure('{ __schema { types { fields { type { ofType { ofType { name } } } } } } }')).toEqual({ depth: 0, nesting: 7 });
    expect(measure('{ __type(name: "T") { name } a { b } }')).toEqual({ depth: 2, nesting: 2 });
    // Through fragments: one spread inside introspection, one spread by it, one holding it.
    expect(measure('{ __schema { types { ...T } } } fragment T on __Type { fields { type { name } } }')).toEqual({ depth: 0, nesting: 6 });
    expect(measure('{ ...I a { ...T } } fragment I on Query { __schema { types { name } } } fragment T on T { b { c } }')).toEqual({ depth: 3, nesting: 4 });
  });

  it('does not loop on fragment cycles (which validation refuses later)', () => {
    expect(depthOf('{ ...A } fragment A on T { x { ...B } } fragment B on T { ...A }')).toBeGreaterThan(0);
    expect(writtenDepth(parse('{ ...A } fragment A on T { x { y { ...A } } }'))).toEqual({ depth: 2, nesting: 3 });
  });
});
