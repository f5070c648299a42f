/**
 * A domain's served schema, built and checked: what a subgraph needs before
 * it has a database or a port. Only CPU, so `npm start` builds every
 * domain's while its database opens on another thread.
 */
import fs from 'node:fs';
import { parse, type GraphQLSchema } from 'graphql';
import { buildSubgraphSchema } from '@apollo/subgraph';
import { loadDescriptor, type DomainDescriptor } from '../../policies/dataProduct.ts';
import { factsFromSubgraph } from '../../policies/engine/schemaFacts.ts';
import { chargeLists } from './budget.ts';
import { orderReadsProblems } from './connection.ts';
import { domainFiles, type Domain } from './domain.ts';
import { filterReadsProblems } from './filterReads.ts';
import { scalars } from './scalars.ts';
import { withPublishedSdl } from './serviceSdl.ts';

export interface PreparedDomain {
  domain: Domain;
  /** The schema text as written, which is what the registry gets. */
  sdl: string;
  descriptor: DomainDescriptor;
  schema: GraphQLSchema;
}

export function prepareDomain(domain: Domain): PreparedDomain {
  const files = domainFiles(domain);
  const sdl = fs.readFileSync(files.schema, 'utf8');
  const descriptor = loadDescriptor(files.descriptor);
  const schema = buildSubgraphSchema([{ typeDefs: parse(sdl), resolvers: withPublishedSdl({ ...scalars, ...domain.resolvers }, sdl) as never }]);
  chargeLists(schema);
  const declaredReads = factsFromSubgraph(domain.name, sdl).reads;
  const readsProblems = [...filterReadsProblems(schema, domain.resolvers, declaredReads), ...orderReadsProblems(schema, domain.resolvers, declaredReads)];
  if (readsProblems.length) throw new Error(`subgraph ${domain.name}: what its filters read and what its schema says they read (@reads) disagree:\n  ${readsProblems.join('\n  ')}`);
  return { domain, sdl, descriptor, schema };
}
