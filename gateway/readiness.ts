/**
 * Whether the gateway serves what it should, as one of three states:
 *
 * - `ready`: it serves the supergraph its source currently has (the
 *   registry's current one, as of the last poll; or the configured file) and
 *   a valid policy.
 * - `degraded`: it serves traffic, but not the registry's current
 *   supergraph, for a reason it names — the registry cannot be reached (it
 *   serves the copy saved on disk, or the last one it had), or the registry's
 *   current supergraph was refused (it keeps the previous one). `/ready`
 *   answers 200, so a registry outage never takes the gateways out of a load
 *   balancer, and `ready: false`, so nothing waiting for the real thing
 *   (`npm start`'s banner) mistakes it for ready.
 * - `starting`: not able to serve the registry's current supergraph yet
 *   (nothing loaded, no policy, the registry has no supergraph yet while a
 *   stale disk copy is loaded, or the current one is still being loaded): 503.
 *
 * A pure function of what the runtime, the policy and the source report.
 */
import type { ReadinessState } from '../platform/probes.ts';

export interface Served {
  hash: string;
  origin: 'registry' | 'file' | 'disk';
}

/** What a supergraph source knows of its upstream (the registry), for readiness. */
export interface Upstream {
  kind: 'registry' | 'file';
  /** undefined: not asked yet. */
  reachable?: boolean;
  /** Hash of the registry's current supergraph as of the last answer; null: it has none. */
  currentHash?: string | null;
  lastError?: string;
}

export interface GatewayReadiness {
  state: ReadinessState;
  ready: boolean;
  reason?: string;
}

const short = (hash: string) => hash.slice(0, 12);

export function gatewayReadiness(input: { served?: Served; policyLoaded: boolean; upstream?: Upstream; lastRejected?: { hash: string; error: string } }): GatewayReadiness {
  const { served, upstream } = input;
  const starting = (reason: string): GatewayReadiness => ({ state: 'starting', ready: false, reason });
  if (!served) {
    const why = upstream?.reachable === false ? `; the registry cannot be reached (${upstream.lastError ?? 'no answer'}) and there is no copy on disk` : '';
    return starting(`no supergraph loaded yet${why}`);
  }
  if (!input.policyLoaded) return starting('no valid policy loaded yet');
  // A file (or a source that reports no upstream) is current by definition once loaded.
  if (!upstream || upstream.kind === 'file') return { state: 'ready', ready: true };

  if (upstream.reachable === false) {
    const what = served.origin === 'disk' ? 'the copy saved on disk' : 'the last supergraph it sent';
    return { state: 'degraded', ready: false, reason: `the registry cannot be reached (${upstream.lastError ?? 'no answer'}); serving ${what} (${short(served.hash)}), which may be stale` };
  }
  if (upstream.currentHash === null) return starting(`the registry has no supergraph yet; the one loaded (${short(served.hash)}, from ${served.origin}) is not the registry's`);
  if (upstream.currentHash === undefined || upstream.currentHash !== served.hash) {
    if (upstream.currentHash && input.lastRejected?.hash === upstream.currentHash) {
      return { state: 'degraded', ready: false, reason: `the registry's current supergraph (${short(upstream.currentHash)}) was refused (${input.lastRejected.error}); serving the previous one (${short(served.hash)})` };
    }
    return starting(`loading the registry's current supergraph${upstream.currentHash ? ` (${short(upstream.currentHash)})` : ''}; serving ${short(served.hash)} from ${served.origin}`);
  }
  return { state: 'ready', ready: true };
}
