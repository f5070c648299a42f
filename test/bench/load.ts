/** Drives one operation at fixed concurrency with autocannon, and reads the subgraphs' own counters around it. */
import autocannon from 'autocannon';
import type { Operation } from './operations.ts';

export interface LoadResult {
  requests: number;
  rps: number;
  p50: number;
  p99: number;
  non2xx: number;
  errors: number;
}

export interface LoadOptions {
  connections: number;
  /** Measure for this long (seconds)… */
  durationS?: number;
  /** …or for exactly this many requests. */
  amount?: number;
}

export const requestBody = (op: Operation) => JSON.stringify({ query: op.query, variables: op.variables ?? {} });

export async function load(url: string, op: Operation, headers: Record<string, string>, options: LoadOptions): Promise<LoadResult> {
  const result = await autocannon({
    url,
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: requestBody(op),
    connections: options.connections,
    ...(options.amount ? { amount: options.amount } : { duration: options.durationS ?? 5 }),
    timeout: 60,
  });
  const ok = result['2xx'];
  return {
    requests: ok + result.non2xx,
    rps: options.amount ? (ok / result.duration) : result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    non2xx: result.non2xx,
    errors: result.errors + result.timeouts,
  };
}

/**
 * Requests sent by `connections` concurrent workers, `rounds` each, without
 * autocannon (whose runs last whole seconds): for warming up, and for the
 * scale series' one-at-a-time latencies. Resolves to the latencies in ms.
 */
export async function send(url: string, op: Operation, headers: Record<string, string>, connections: number, rounds: number): Promise<number[]> {
  const body = requestBody(op);
  const latencies: number[] = [];
  await Promise.all(
    Array.from({ length: connections }, async () => {
      for (let i = 0; i < rounds; i++) {
        const started = performance.now();
        const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });
        await res.arrayBuffer();
        if (!res.ok) throw new Error(`${url} answered ${res.status} during warm-up`);
        latencies.push(performance.now() - started);
      }
    }),
  );
  return latencies;
}

export function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? NaN;
}

export interface SubgraphCounters {
  sql: number;
  requests: number;
}

/** SQL statements and GraphQL requests the subgraphs have served so far, summed from their /metrics. */
export async function subgraphCounters(subgraphs: Record<string, string>): Promise<SubgraphCounters> {
  const sum = (text: string, metric: string): number => [...text.matchAll(new RegExp(`^${metric}(?:\\{[^}]*\\})? (\\d+(?:\\.\\d+)?)`, 'gm'))].reduce((n, m) => n + Number(m[1]), 0);
  const texts = await Promise.all(Object.values(subgraphs).map(async (url) => (await fetch(`${url}/metrics`)).text()));
  return {
    sql: texts.reduce((n, t) => n + sum(t, 'dpg_sql_statements_total'), 0),
    requests: texts.reduce((n, t) => n + sum(t, 'dpg_graphql_requests_total'), 0),
  };
}

/** Cache store calls that failed or were skipped (Redis timeouts count here), from a gateway's /metrics. */
export async function cacheFailures(gatewayBaseUrl: string): Promise<number> {
  const text = await (await fetch(`${gatewayBaseUrl}/metrics`)).text();
  return [...text.matchAll(/^dpg_cache_failures_total\{[^}]*\} (\d+)/gm)].reduce((n, m) => n + Number(m[1]), 0);
}
