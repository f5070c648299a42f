/**
 * What the registry will say about a domain before it is published: the
 * governance lint (policies/lint.yaml) and whether its filters read what its
 * schema says they read. A domain's own test calls it.
 */
import fs from 'node:fs';
import { buildSubgraphSchema } from '@apollo/subgraph';
import { parse } from 'graphql';
import { loadDescriptor } from '../../policies/dataProduct.ts';
import { factsFromSubgraph } from '../../policies/engine/schemaFacts.ts';
import { loadLintConfig } from '../../policies/lint/config.ts';
import { lint } from '../../policies/lint/index.ts';
import { domainFiles, type Domain } from './domain.ts';
import { filterReadsProblems } from './filterReads.ts';
import { scalars } from './scalars.ts';

/** Every problem found, as a line of text; empty when the domain is fit to publish. */
export function checkDomain(domain: Domain): string[] {
  const files = domainFiles(domain);
  const sdl = fs.readFileSync(files.schema, 'utf8');
  const findings = lint(sdl, loadDescriptor(files.descriptor), loadLintConfig())
    .filter((f) => f.severity !== 'info')
    .map((f) => `${f.severity} ${f.rule}: ${f.message}`);
  const schema = buildSubgraphSchema([{ typeDefs: parse(sdl), resolvers: { ...scalars, ...domain.resolvers } as never }]);
  return [...findings, ...filterReadsProblems(schema, domain.resolvers, factsFromSubgraph(domain.name, sdl).reads)];
}
