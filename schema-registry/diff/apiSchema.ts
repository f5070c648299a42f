/**
 * The API schema of a supergraph: what clients of the gateway can actually
 * query (no join__ machinery, no @inaccessible elements). Breaking changes are
 * judged on it, because that is the contract consumers hold. Supergraphs are
 * immutable, so results are remembered by the SDL's hash.
 */
import { createHash } from 'node:crypto';
import { Supergraph } from '@apollo/federation-internals';
import type { GraphQLSchema } from 'graphql';

const cache = new Map<string, GraphQLSchema>();
const MAX_ENTRIES = 8;

export function apiSchemaOf(supergraphSdl: string): GraphQLSchema {
  const key = createHash('sha256').update(supergraphSdl).digest('hex');
  let schema = cache.get(key);
  if (!schema) {
    schema = Supergraph.build(supergraphSdl).apiSchema().toGraphQLJSSchema();
    if (cache.size >= MAX_ENTRIES) cache.delete(cache.keys().next().value!);
    cache.set(key, schema);
  }
  return schema;
}
