/** Where supergraphs come from: the registry (polled) or a file (watched). */
import type { Upstream } from '../readiness.ts';

export interface SupergraphUpdate {
  sdl: string;
  /** Content hash: equal ids mean equal supergraphs. */
  hash: string;
  /** The registry's version id, when it came from the registry. */
  version?: number;
  origin: 'registry' | 'file' | 'disk';
}

export interface SupergraphSource {
  /**
   * Starts delivering supergraphs to `onUpdate`, the first as soon as one is
   * available. `onUpdate` resolves false when it refused a supergraph (it does
   * not compose into a gateway), and never throws.
   */
  start(onUpdate: (update: SupergraphUpdate) => Promise<boolean>): void;
  /** For /ready: is the source reachable, and since when not. */
  status(): Record<string, unknown>;
  /** For readiness: what the registry currently has (sources without one leave it out). */
  upstream?(): Upstream;
  stop(): void;
}
