/**
 * Whether a subgraph fetch writes. The query planner prints each fetch's
 * operation itself, so a write always starts with `mutation`; the fetch
 * layers that may merge or repeat a request (dedup.ts, reset.ts) ask here.
 */
const MUTATION = /^\{"query":"\s*mutation\b/;

export const isWrite = (body: RequestInit['body']): boolean => typeof body === 'string' && MUTATION.test(body);
