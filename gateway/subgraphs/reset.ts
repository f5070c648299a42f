/**
 * A read the subgraph's connection dropped under it is sent once more.
 *
 * The gateway keeps connections to subgraphs alive. A subgraph closes an idle
 * one after its keep-alive timeout, and when that close crosses the gateway
 * reusing the same socket (a busy machine delays both timers) the fetch fails
 * with a reset before any answer arrives. Repeating a read on a fresh
 * connection is harmless and is what browsers do; a write is never repeated,
 * since it may have run. A refused connection is not retried: the subgraph is
 * down and the caller should hear so at once.
 */
import { isWrite } from './writes.ts';

type Fetch = (url: string, init: RequestInit) => Promise<Response>;

const DROPPED = new Set(['ECONNRESET', 'EPIPE', 'UND_ERR_SOCKET']);

const dropped = (err: unknown) => DROPPED.has(String((err as { cause?: { code?: unknown } }).cause?.code));

export function retryDropped(fetcher: Fetch): Fetch {
  return async (url, init) => {
    try {
      return await fetcher(url, init);
    } catch (err) {
      if (!dropped(err) || isWrite(init.body) || init.signal?.aborted) throw err;
      return fetcher(url, init);
    }
  };
}
