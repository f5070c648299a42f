/**
 * Composition as a pure function: subgraph SDLs in, a supergraph or the exact
 * errors out. The registry calls it for every publish and check; nothing is
 * stored unless it succeeds.
 */
import { composeServices } from '@apollo/composition';
import { GraphQLError, parse, type DocumentNode } from 'graphql';
import { sha256 } from '../platform/hash.ts';

export interface SubgraphSource {
  name: string;
  url: string;
  sdl: string;
}

export interface CompositionProblem {
  message: string;
  code: string;
  subgraph?: string;
  locations?: readonly { line: number; column: number }[];
}

export type CompositionResult =
  | { ok: true; supergraphSdl: string; hash: string; hints: string[] }
  | { ok: false; errors: CompositionProblem[] };

export function parseSubgraph(source: SubgraphSource): DocumentNode | CompositionProblem {
  try {
    return parse(source.sdl);
  } catch (err) {
    const e = err as GraphQLError;
    return { message: `[${source.name}] ${e.message}`, code: 'INVALID_GRAPHQL', subgraph: source.name, locations: e.locations?.map(({ line, column }) => ({ line, column })) };
  }
}

export function compose(sources: readonly SubgraphSource[]): CompositionResult {
  const parsed = sources.map((s) => ({ source: s, doc: parseSubgraph(s) }));
  const parseErrors = parsed.filter((p) => !('kind' in p.doc)).map((p) => p.doc as CompositionProblem);
  if (parseErrors.length) return { ok: false, errors: parseErrors };

  // Sorted so the same set of subgraphs always composes to the same text (and hash).
  const services = parsed
    .map(({ source, doc }) => ({ name: source.name, url: source.url, typeDefs: doc as DocumentNode }))
    .sort((a, b) => a.name.localeCompare(b.name));
  const result = composeServices(services);
  if (result.errors) return { ok: false, errors: result.errors.map(toProblem) };
  const supergraphSdl = result.supergraphSdl;
  return { ok: true, supergraphSdl, hash: sha256(supergraphSdl), hints: result.hints.map((h) => h.toString()) };
}

function toProblem(error: GraphQLError): CompositionProblem {
  const subgraph = /^\[([^\]]+)\]/.exec(error.message)?.[1];
  const locations = error.locations ?? error.nodes?.flatMap((n) => (n.loc ? [{ line: n.loc.startToken.line, column: n.loc.startToken.column }] : []));
  return {
    message: error.message,
    code: String(error.extensions?.code ?? 'COMPOSITION_ERROR'),
    ...(subgraph ? { subgraph } : {}),
    ...(locations?.length ? { locations } : {}),
  };
}
