/**
 * Publishing a subgraph version: validate the input, compose it with the live
 * versions of every other subgraph, and only if that composes store the new
 * version and the new supergraph — all in one transaction under the registry
 * lock, so concurrent publishes serialize and every stored supergraph composes.
 */
import type { Database } from '../platform/db.ts';
import { descriptorProblems, type DomainDescriptor } from '../policies/dataProduct.ts';
import { compose, sha256, type CompositionProblem } from './compose.ts';
import * as store from './store.ts';

export interface PublishInput {
  name: string;
  sdl: string;
  url: string;
  dataProduct?: DomainDescriptor | null;
  publishedBy?: string | null;
}

export type PublishOutcome =
  | { status: 'published' | 'unchanged'; version: number; supergraph: { id: number; hash: string } }
  | { status: 'invalid'; errors: string[] }
  | { status: 'rejected'; errors: CompositionProblem[] };

export const SUBGRAPH_NAME = /^[a-z][a-z0-9-]{0,62}$/;

export function inputProblems(input: Partial<PublishInput>): string[] {
  const problems: string[] = [];
  if (typeof input.name !== 'string' || !SUBGRAPH_NAME.test(input.name)) problems.push('subgraph name must be lowercase letters, digits and dashes (at most 63)');
  if (typeof input.sdl !== 'string' || !input.sdl.trim()) problems.push('"sdl" must be the subgraph schema as a non-empty string');
  if (typeof input.url !== 'string' || !/^https?:\/\/[^\s]+$/.test(input.url)) problems.push('"url" must be the http(s) URL the gateway reaches the subgraph at');
  if (input.dataProduct != null) problems.push(...descriptorProblems(input.dataProduct).map((p) => `dataProduct: ${p}`));
  return problems;
}

export async function publishSubgraph(db: Database, input: PublishInput): Promise<PublishOutcome> {
  const problems = inputProblems(input);
  if (problems.length) return { status: 'invalid', errors: problems };
  const dataProduct = input.dataProduct ?? null;
  const hash = sha256(JSON.stringify([input.sdl, input.url, dataProduct]));

  return db.transaction(async (tx) => {
    await store.lockRegistry(tx);
    const live = await store.currentVersions(tx);
    const mine = live.find((v) => v.subgraph === input.name);
    const latest = await store.latestSupergraph(tx);
    if (mine && mine.hash === hash && latest) {
      return { status: 'unchanged', version: mine.version, supergraph: { id: latest.id, hash: latest.hash } };
    }

    const sources = [...live.filter((v) => v.subgraph !== input.name), { subgraph: input.name, url: input.url, sdl: input.sdl }];
    const composed = compose(sources.map((s) => ({ name: s.subgraph, url: s.url, sdl: s.sdl })));
    if (!composed.ok) return { status: 'rejected', errors: composed.errors };

    const version = await store.insertVersion(tx, { subgraph: input.name, sdl: input.sdl, url: input.url, dataProduct, hash, publishedBy: input.publishedBy ?? null });
    const versions = Object.fromEntries([...live.filter((v) => v.subgraph !== input.name).map((v) => [v.subgraph, v.version]), [input.name, version]]);
    const supergraph =
      latest?.hash === composed.hash
        ? { id: latest.id, hash: latest.hash }
        : { id: await store.insertSupergraph(tx, { sdl: composed.supergraphSdl, hash: composed.hash, subgraphs: versions, reason: `publish ${input.name} v${version}` }), hash: composed.hash };
    return { status: 'published', version, supergraph };
  });
}
