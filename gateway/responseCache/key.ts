/**
 * Response cache keys, pure, computed from the raw request before anything is
 * parsed: which operation (the sha256 of its text, which is also its
 * persisted-query hash, so both ways of sending it share entries), its
 * variables and operation name, and everything the answer depends on beyond
 * them — the principal's policy fingerprint, the supergraph and the policy
 * version. A new supergraph or policy therefore starts from an empty cache.
 */
import { digest, stableJson } from '../../platform/cache/keys.ts';
import type { GraphQLParams } from '../pipeline/plugin.ts';
import { sha256 } from '../../platform/hash.ts';

export interface ResponseKeyParts {
  queryId: string;
  operationName?: string;
  variables: Record<string, unknown>;
  fingerprint: string;
  supergraph: string;
  policyVersion: string;
}

const SHA256_HEX = /^[0-9a-f]{64}$/;


/** The persisted-query hash a request carries, when it carries a well-formed one. */
export function persistedQueryHash(params: GraphQLParams): string | undefined {
  const pq = params.extensions.persistedQuery as { sha256Hash?: unknown } | undefined;
  return typeof pq?.sha256Hash === 'string' && SHA256_HEX.test(pq.sha256Hash) ? pq.sha256Hash : undefined;
}

/** sha256 of the operation text, from the text when sent, else from the persisted-query hash. */
export function queryIdOf(params: GraphQLParams): string | undefined {
  return params.query !== undefined ? sha256(params.query) : persistedQueryHash(params);
}

export function responseKey(namespace: string, p: ResponseKeyParts): string {
  return `${namespace}:r:${digest(p.queryId, p.operationName ?? '', stableJson(p.variables), p.fingerprint, p.supergraph, p.policyVersion)}`;
}

/** Every stored response is recorded under the tag of each type it was built from. */
export const responseTag = (namespace: string, type: string) => `${namespace}:rt:${type}`;
