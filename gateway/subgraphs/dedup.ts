/**
 * Identical subgraph requests in flight at the same time are sent once. Fifty
 * dashboards opening the same report produce the same fetches (same
 * subgraph, same query and variables, same caller identity header); the first
 * goes out, the rest wait for its answer. Each waiter gets its own Response
 * over the same bytes, so each parses its own copy and nothing is shared
 * that the executor might later change.
 *
 * The key includes every request header, so callers with different identity
 * tokens never share — except those that only say which request a fetch
 * serves (request id, trace context): a fetch that joins another is served
 * under the first one's request id and trace. Mutations are never merged: two identical mutations
 * are two intended writes.
 */
import { singleFlight } from '../../platform/cache/singleFlight.ts';
import { digest } from '../../platform/cache/keys.ts';
import { TRACE_HEADERS } from '../../platform/telemetry/propagation.ts';
import { REQUEST_ID_HEADER } from '../../platform/telemetry/requestId.ts';
import { isWrite } from './writes.ts';

type Fetch = (url: string, init: RequestInit) => Promise<Response>;

interface Fetched {
  status: number;
  statusText: string;
  headers: [string, string][];
  body: string;
}

const PER_REQUEST = new Set([REQUEST_ID_HEADER, ...TRACE_HEADERS]);

function headerList(headers: RequestInit['headers']): string {
  const entries = headers instanceof Headers ? [...headers.entries()] : Array.isArray(headers) ? headers : Object.entries(headers ?? {});
  return entries.filter(([k]) => !PER_REQUEST.has(k.toLowerCase())).map(([k, v]) => `${k.toLowerCase()}:${v}`).sort().join('\n');
}

export function dedupFetcher(fetcher: Fetch, onShared?: () => void): Fetch {
  const flights = singleFlight<Fetched>();
  return async (url, init) => {
    const body = typeof init.body === 'string' ? init.body : undefined;
    if (body === undefined || isWrite(body)) return fetcher(url, init);
    const key = digest(init.method ?? 'POST', url, headerList(init.headers), body);
    const { value, shared } = await flights.run(key, async () => {
      const res = await fetcher(url, init);
      return { status: res.status, statusText: res.statusText, headers: [...res.headers.entries()], body: await res.text() };
    });
    if (shared) onShared?.();
    return new Response(value.body, { status: value.status, statusText: value.statusText, headers: value.headers });
  };
}
