/**
 * The kit as a library: everything a domain folder imports, in one place, so
 * a domain can live anywhere (see loadDomain.ts) and depends on this surface
 * only, not on the kit's files.
 */
export { defineDomain, type Domain, type DomainExtension, type DomainServices } from './domain.ts';
export { carrying, contains, defineTable, eq, from, missing, oneOf, present, through, to, type Row, type TableDef } from './table.ts';
export { aggregate, belongsTo, children, entityRef, extension, list, lookup, one, reference, referenceList, type Resolver } from './resolvers.ts';
export { defineSource, fromSource, type SourceDef } from './source.ts';
export { insertRows } from './seed/insert.ts';
export type { Universe } from './seed/universe.ts';
export type { SubgraphContext } from './context.ts';
export { readSubgraphConfig, type SubgraphConfig } from './config.ts';
export { loadDomain } from './loadDomain.ts';
export { checkDomain } from './checkDomain.ts';
export { startSubgraph, type RunningSubgraph } from './server.ts';
