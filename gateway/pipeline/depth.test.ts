import { Kind, parse, type OperationDefinitionNode } from 'graphql';
import { describe, expect, it } from 'vitest';
import { operationDepth, writtenDepth } from './depth.ts';

const depthOf = (text: string) => {
  const doc = parse(text);
  return operationDepth(doc, doc.definitions.find((d) => d.kind === Kind.OPERATION_DEFINITION) as OperationDefinitionNode);
};

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

  it('measures a fragment spread many times once (a thousand-fold fan-out stays instant)', () => {
    const fragments = Array.from({ length: 30 }, (_, i) => `fragment F${i} on T { a { ...F${i + 1} } b { ...F${i + 1} } }`).join('\n');
    expect(depthOf(`{ ...F0 } ${fragments} fragment F30 on T { leaf }`)).toBe(31);
  });

  it('equals the nesting of the same operation written out without fragments', () => {
    for (let levels = 1; levels < 40; levels += 7) {
      const inline = `{ ${'a { '.repeat(levels - 1)}b${' }'.repeat(levels - 1)} }`;
      const viaFragments = `{ ...F1 } ${Array.from({ length: levels - 1 }, (_, i) => `fragment F${i + 1} on T { a { ...F${i + 2} } }`).join(' ')} fragment F${levels} on T { b }`;
      expect(depthOf(inline)).toBe(levels);
      expect(depthOf(viaFragments)).toBe(levels);
    }
  });

  it('does not loop on fragment cycles (which validation refuses later)', () => {
    expect(depthOf('{ ...A } fragment A on T { x { ...B } } fragment B on T { ...A }')).toBeGreaterThan(0);
    expect(writtenDepth(parse('{ ...A } fragment A on T { x { y { ...A } } }'))).toBe(2);
  });
});
