/**
 * The API schema of a supergraph: what clients of the gateway can actually
 * query (no join__ machinery, no @inaccessible elements). Policies are
 * explained and breaking changes judged on it, because that is the contract
 * consumers hold. Supergraphs are immutable, so results are kept by hash.
 */
import { Supergraph } from '@apollo/federation-internals';
import type { GraphQLSchema } from 'graphql';
import { sha256 } from '../../platform/hash.ts';
import { Memo } from '../../platform/memo.ts';

const schemas = new Memo<GraphQLSchema>(8);

export function apiSchemaOf(supergraphSdl: string): GraphQLSchema {
  return schemas.get(sha256(supergraphSdl), () => Supergraph.build(supergraphSdl).apiSchema().toGraphQLJSSchema());
}
