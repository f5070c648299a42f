/**
 * The subgraphs a supergraph names and their URLs, read from its
 * `join__Graph` enum (`@join__graph(name:, url:)`) without building the
 * supergraph, which needs all of federation and takes most of a second.
 */
export function subgraphUrls(supergraphSdl: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const m of supergraphSdl.matchAll(/@join__graph\(\s*name:\s*"([^"]+)"\s*,?\s*url:\s*"([^"]*)"\s*\)/g)) out[m[1]] = m[2];
  return out;
}
