/** Every type and field of a (super)graph SDL with its @tag names, by schema coordinate. */
import { parse } from 'graphql';
import { schemaElements } from '../../policies/lint/schemaElements.ts';

export function taggedElements(sdl: string): Map<string, string[]> {
  return new Map(
    schemaElements(parse(sdl))
      .filter((e) => e.kind === 'type' || e.kind === 'field' || e.kind === 'inputField')
      .map((e) => [e.coordinate, [...e.tags].sort()]),
  );
}
