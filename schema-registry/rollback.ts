/**
 * Rolling a subgraph back to a version it published before: the stored
 * version becomes current again and a new supergraph is composed from it, so
 * history only ever grows. Refused when that version no longer composes with
 * the other live subgraphs. Only composition is checked: a rollback is how a
 * team undoes a bad publish, and must not be held up by the checks that
 * failed to catch it.
 */
import type { Database } from '../platform/db.ts';
import { ownerOf } from './auth/owners.ts';
import { decideWrite, type RegistryPrincipal } from './auth/permissions.ts';
import { compose } from './compose.ts';
import { compositionFindings } from './checks/composition.ts';
import type { Finding } from './checks/finding.ts';
import * as store from './store.ts';

export type RollbackOutcome =
  | { status: 'rolled-back' | 'unchanged'; version: number; previousVersion: number; supergraph: { id: number; hash: string } }
  | { status: 'unknown-subgraph' | 'unknown-version' | 'forbidden'; error: string }
  | { status: 'rejected'; errors: Finding[] };

export async function rollbackSubgraph(db: Database, name: string, version: number, principal: RegistryPrincipal): Promise<RollbackOutcome> {
  return db.transaction(async (tx): Promise<RollbackOutcome> => {
    await store.lockRegistry(tx);
    const live = await store.currentVersions(tx);
    const mine = live.find((v) => v.subgraph === name);
    if (!mine) return { status: 'unknown-subgraph', error: `unknown subgraph "${name}"` };
    const decision = decideWrite(principal, name, await ownerOf(tx, name), null);
    if (!decision.allowed) return { status: 'forbidden', error: decision.reason };
    const target = await store.versionOf(tx, name, version);
    if (!target) return { status: 'unknown-version', error: `subgraph "${name}" has no version ${version}` };
    const latest = (await store.latestSupergraph(tx))!;
    if (mine.version === version) return { status: 'unchanged', version, previousVersion: version, supergraph: { id: latest.id, hash: latest.hash } };

    const others = live.filter((v) => v.subgraph !== name);
    const composed = compose([...others, target].map((v) => ({ name: v.subgraph, url: v.url, sdl: v.sdl })));
    if (!composed.ok) return { status: 'rejected', errors: compositionFindings(composed.errors, name) };
    await store.setCurrent(tx, name, version);
    const subgraphs = Object.fromEntries([...others.map((v) => [v.subgraph, v.version]), [name, version]]);
    const id = await store.insertSupergraph(tx, { sdl: composed.supergraphSdl, hash: composed.hash, subgraphs, reason: `rollback ${name} from v${mine.version} to v${version}` });
    return { status: 'rolled-back', version, previousVersion: mine.version, supergraph: { id, hash: composed.hash } };
  });
}
