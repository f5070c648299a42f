/**
 * `_service { sdl }` answers the domain's schema file byte for byte — the
 * very text it publishes to the registry — rather than @apollo/subgraph's
 * reprint of it. A gateway composing from the subgraphs themselves
 * (IntrospectAndCompose, `rover subgraph introspect`) then composes exactly
 * what the registry composed, descriptions, directive order and all.
 */
export function withPublishedSdl<R extends Record<string, unknown>>(resolvers: R, sdl: string): R {
  const query = (resolvers.Query ?? {}) as Record<string, unknown>;
  return { ...resolvers, Query: { ...query, _service: () => ({ sdl }) } };
}
