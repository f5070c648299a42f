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

export interface SubgraphCounters {
  sql: number;
  requests: number;
}

/** SQL statements and GraphQL requests the subgraphs have served so far, summed from their /metrics. */
export async function subgraphCounters(subgraphs: Record<string, string>): Promise<SubgraphCounters> {
  const sum = (text: string, metric: string) => [...text.matchAll(new RegExp(`^${metric}(?:\\{[^}]*\\})? (\\d+(?:\\.\\d+)?)`, 'gm'))].reduce((n, m) => n + Number(m[1]), 0);
  let sql = 0;
  let requests = 0;
  for (const url of Object.values(subgraphs)) {
    const text = await (await fetch(`${url}/metrics`)).text();
    sql += sum(text, 'dpg_sql_statements_total');
    requests += sum(text, 'dpg_graphql_requests_total');
  }
  return { sql, requests };
}
