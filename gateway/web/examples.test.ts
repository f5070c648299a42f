import fs from 'node:fs';
import { composeServices } from '@apollo/composition';
import { parse, validate } from 'graphql';
import { describe, expect, it } from 'vitest';
import { apiSchemaOf } from '../../policies/engine/apiSchema.ts';
import { domains } from '../../subgraphs/index.ts';
import { domainFiles } from '../../subgraphs/kit/domain.ts';
import { EXAMPLES, exampleTab } from './examples.ts';

const readme = fs.readFileSync(new URL('../../README.md', import.meta.url), 'utf8');

/** The one-line queries of the README's "More to try" block. */
function moreToTry(): string[] {
  const block = /More to try:\s*```graphql\n([\s\S]*?)```/.exec(readme)?.[1];
  if (!block) throw new Error('README has no "More to try" graphql block');
  return block.split('\n').filter((line) => line.startsWith('{'));
}

describe('example operations', () => {
  it('are the README\'s text, verbatim', () => {
    for (const e of EXAMPLES) expect(readme, e.name).toContain(e.query);
  });

  it('include every query of the README\'s "More to try" block', () => {
    const queries = moreToTry();
    expect(queries.length).toBeGreaterThan(0);
    for (const q of queries) expect(EXAMPLES.map((e) => e.query)).toContain(q);
  });

  it('have unique names and make tabs that parse as one named operation', () => {
    expect(new Set(EXAMPLES.map((e) => e.name)).size).toBe(EXAMPLES.length);
    for (const e of EXAMPLES) {
      const doc = parse(exampleTab(e));
      expect(doc.definitions).toHaveLength(1);
      expect(doc.definitions[0]).toMatchObject({ kind: 'OperationDefinition', name: { value: e.name } });
    }
  });

  it('are valid operations on the schema the domains publish', () => {
    const composed = composeServices(domains.map((d) => ({ name: d.name, url: `http://${d.name}/graphql`, typeDefs: parse(fs.readFileSync(domainFiles(d).schema, 'utf8')) })));
    expect(composed.errors ?? []).toEqual([]);
    const schema = apiSchemaOf(composed.supergraphSdl!);
    for (const e of EXAMPLES) expect(validate(schema, parse(exampleTab(e))).map((x) => x.message), e.name).toEqual([]);
  });
});
