/**
 * Every domain of the mesh passes the governance lint as the governance team
 * configured it, so a fresh `npm start` publishes them all; and every
 * domain's schema says what its filters read, as its tables do.
 */
import fs from 'node:fs';
import { buildSubgraphSchema } from '@apollo/subgraph';
import { parse } from 'graphql';
import { describe, expect, it } from 'vitest';
import { factsFromSubgraph } from '../policies/engine/schemaFacts.ts';
import { orderReadsProblems } from '../subgraphs/kit/connection.ts';
import { filterReadsProblems } from '../subgraphs/kit/filterReads.ts';
import { scalars } from '../subgraphs/kit/scalars.ts';
import { loadDescriptor } from '../policies/dataProduct.ts';
import { loadLintConfig } from '../policies/lint/config.ts';
import { lint } from '../policies/lint/index.ts';
import { domains } from '../subgraphs/index.ts';
import { domainFiles } from '../subgraphs/kit/domain.ts';

describe('governance lint on every domain', () => {
  const config = loadLintConfig();
  it.each(domains.map((d) => [d.name, d] as const))('%s passes', (_name, domain) => {
    const files = domainFiles(domain);
    const findings = lint(fs.readFileSync(files.schema, 'utf8'), loadDescriptor(files.descriptor), config);
    expect(findings.filter((f) => f.severity !== 'info')).toEqual([]);
  });
});

describe('what every domain\'s filters and orderings read', () => {
  it.each(domains.map((d) => [d.name, d] as const))('%s declares it in its schema as its tables do', (_name, domain) => {
    const sdl = fs.readFileSync(domainFiles(domain).schema, 'utf8');
    const schema = buildSubgraphSchema([{ typeDefs: parse(sdl), resolvers: { ...scalars, ...domain.resolvers } as never }]);
    const facts = factsFromSubgraph(domain.name, sdl);
    expect(filterReadsProblems(schema, domain.resolvers, facts.reads)).toEqual([]);
    expect(orderReadsProblems(schema, domain.resolvers, facts.reads)).toEqual([]);
    // Every filter input field says what it reads: those the tables back are checked above, the rest are written by hand.
    const inputs = parse(sdl).definitions.flatMap((d) => (d.kind === 'InputObjectTypeDefinition' ? (d.fields ?? []).map((f) => `${d.name.value}.${f.name.value}`) : []));
    expect(inputs.filter((c) => !facts.reads.has(c))).toEqual([]);
  });
});
