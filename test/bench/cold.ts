/**
 * The honest cold figure: caches off, and every request different (distinct
 * variables), so neither stampede protection, subgraph fetch deduplication
 * nor any cache applies — beside the same operation sent identically, at one
 * connection and at the usual concurrency. And the stampede figure:
 * identical concurrent requests, caches off, against plain @apollo/gateway.
 *
 * Cold variables keep the work per request the same: the joins page through
 * accounts in windows of the same size (`after` slides by one account), the
 * single lookup walks through every account, and the CAC query asks for a
 * page size above the number of rows it has (so the answer is the same rows,
 * under distinct variables).
 */
import autocannon from 'autocannon';
import { table } from './report.ts';
import { percentile, type LoadResult } from './load.ts';
import type { Operation } from './operations.ts';

/** An operation as the cold variant sends it: the same work, different variables every time. */
export interface ColdOperation {
  id: string;
  query: string;
  /** Variables of the i-th request; `i = 0` for every identical request. */
  variables(i: number): Record<string, unknown>;
}

const accountId = (n: number) => `acc-${String(n).padStart(6, '0')}`;

export function coldOperation(op: Operation, accounts: number): ColdOperation {
  if (op.id.startsWith('join')) {
    const first = Number(op.variables?.first ?? 50);
    const windows = Math.max(1, accounts - first);
    return {
      id: op.id,
      query: op.query.replace('($first: Int)', '($first: Int, $after: ID)').replace('accounts(first: $first)', 'accounts(first: $first, after: $after)'),
      // After account k: the next `first` accounts. When there are fewer windows than requests, the page size varies a little too.
      variables: (i) => ({ first: first - (Math.floor(i / windows) % Math.min(50, first)), after: accountId(i % windows) }),
    };
  }
  if (op.id === 'single') return { id: op.id, query: op.query, variables: (i) => ({ id: accountId(1 + (i % accounts)) }) };
  if (op.id === 'cac') {
    return { id: op.id, query: op.query.replace('query Cac {', 'query Cac($first: Int) {').replace('customerAcquisitionCost(first: 200)', 'customerAcquisitionCost(first: $first)'), variables: (i) => ({ first: 1000 - (i % 500) }) };
  }
  throw new Error(`no cold variant for ${op.id}`);
}

// As the main run does: warm up (plans made, JIT), then measure for at least this many median latencies.
const WARMUP_ROUNDS = 2;
const MIN_LATENCIES = 4;
// Cold requests number from here on, so warm-up and measured ones never repeat each other.
let coldCounter = 0;

/**
 * Load with identical (`cold: false`) or all-different (`cold: true`)
 * requests, after two warm-up requests per connection; the run lasts at
 * least four warm-up median latencies, so slow operations complete enough.
 */
export async function loadVarying(url: string, op: ColdOperation, headers: Record<string, string>, options: { connections: number; durationS: number; cold: boolean }): Promise<LoadResult> {
  const body = (i: number) => JSON.stringify({ query: op.query, variables: op.variables(i) });
  const identical = body(0);
  const next = () => (options.cold ? body(++coldCounter) : identical);
  const latencies: number[] = [];
  await Promise.all(
    Array.from({ length: options.connections }, async () => {
      for (let r = 0; r < WARMUP_ROUNDS; r++) {
        const started = performance.now();
        const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: next() });
        await res.arrayBuffer();
        if (!res.ok) throw new Error(`${url} answered ${res.status} to ${op.id} during warm-up`);
        latencies.push(performance.now() - started);
      }
    }),
  );
  const durationS = Math.max(options.durationS, Math.ceil((MIN_LATENCIES * percentile(latencies, 50)) / 1000));
  const result = await autocannon({
    url,
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    connections: options.connections,
    duration: durationS,
    timeout: 60,
    requests: [{ setupRequest: (req: autocannon.Request) => ({ ...req, body: next() }) }],
  });
  const ok = result['2xx'];
  return { requests: ok + result.non2xx, rps: result.requests.average, p50: result.latency.p50, p99: result.latency.p99, non2xx: result.non2xx, errors: result.errors + result.timeouts };
}

export interface ColdRow {
  operation: string;
  connections: number;
  identical: LoadResult;
  cold: LoadResult;
}

export function coldTable(rows: readonly ColdRow[]): string {
  return table(
    ['operation', 'connections', 'caches off, identical: req/s', 'p50 ms', 'cold, every request differs: req/s', 'p50 ms', 'cold / identical', 'non-2xx + errors'],
    rows.map((r) => [
      r.operation,
      String(r.connections),
      r.identical.rps.toFixed(0),
      r.identical.p50.toFixed(1),
      r.cold.rps.toFixed(0),
      r.cold.p50.toFixed(1),
      `${(r.cold.rps / r.identical.rps).toFixed(2)}×`,
      String(r.identical.non2xx + r.identical.errors + r.cold.non2xx + r.cold.errors),
    ]),
  );
}

/** Query executions a dpg gateway ran and shared, from its /metrics. */
export async function executionCounts(gatewayBaseUrl: string): Promise<{ run: number; shared: number }> {
  const text = await (await fetch(`${gatewayBaseUrl}/metrics`)).text();
  const count = (outcome: string) => [...text.matchAll(new RegExp(`^dpg_gateway_executions_total\\{[^}]*outcome="${outcome}"[^}]*\\} (\\d+)`, 'gm'))].reduce((n, m) => n + Number(m[1]), 0);
  return { run: count('run'), shared: count('shared') };
}

export interface Stampede {
  operation: string;
  connections: number;
  apollo: LoadResult;
  dpg: LoadResult;
  /** Share of dpg's requests that joined an identical execution in flight. */
  sharedShare: number;
  ratio: number;
}

/** Identical concurrent requests, caches off: dpg (stampede protection) against plain @apollo/gateway. */
export async function measureStampede(urls: { apollo: string; dpg: string }, op: ColdOperation, headers: Record<string, string>, options: { connections: number; durationS: number }): Promise<Stampede> {
  const apollo = await loadVarying(urls.apollo, op, headers, { ...options, cold: false });
  const base = new URL(urls.dpg).origin;
  const before = await executionCounts(base);
  const dpg = await loadVarying(urls.dpg, op, headers, { ...options, cold: false });
  const after = await executionCounts(base);
  const shared = after.shared - before.shared;
  const total = shared + after.run - before.run;
  return { operation: op.id, connections: options.connections, apollo, dpg, sharedShare: total ? shared / total : 0, ratio: dpg.rps / apollo.rps };
}

export interface ConcurrencyFigures {
  cold: ColdRow[];
  stampede: Stampede;
}

/** Every operation identical and cold, at one connection and at `connections`; then the stampede at `stampedeConnections`. */
export async function measureColdAndStampede(
  urls: { apollo: string; dpg: string },
  operations: readonly Operation[],
  headers: Record<string, string>,
  options: { accounts: number; connections: number; stampedeConnections: number; durationS: number; log: (line: string) => void },
): Promise<ConcurrencyFigures> {
  const cold: ColdRow[] = [];
  for (const op of operations) {
    const c = coldOperation(op, options.accounts);
    for (const connections of [1, options.connections]) {
      const run = { connections, durationS: options.durationS };
      const identical = await loadVarying(urls.dpg, c, headers, { ...run, cold: false });
      const varying = await loadVarying(urls.dpg, c, headers, { ...run, cold: true });
      cold.push({ operation: op.id, connections, identical, cold: varying });
      options.log(`  ${op.id.padEnd(8)} ${String(connections).padStart(3)} conn: identical ${identical.rps.toFixed(0).padStart(6)} req/s, cold ${varying.rps.toFixed(0).padStart(6)} req/s`);
    }
  }
  const join50 = coldOperation(operations.find((o) => o.id === 'join50')!, options.accounts);
  const stampede = await measureStampede(urls, join50, headers, { connections: options.stampedeConnections, durationS: options.durationS });
  options.log(`  stampede (join50, ${options.stampedeConnections} identical connections): dpg ${stampede.dpg.rps.toFixed(0)} req/s vs plain ${stampede.apollo.rps.toFixed(0)} req/s, ${(100 * stampede.sharedShare).toFixed(0)} % shared`);
  return { cold, stampede };
}

export function stampedeLine(s: Stampede): string {
  return `${s.connections} connections sending the identical \`${s.operation}\` request, caches off: dpg ${s.dpg.rps.toFixed(0)} req/s (p50 ${s.dpg.p50.toFixed(1)} ms), plain @apollo/gateway ${s.apollo.rps.toFixed(0)} req/s (p50 ${s.apollo.p50.toFixed(1)} ms): ${s.ratio.toFixed(2)}× the baseline; ${(100 * s.sharedShare).toFixed(0)} % of dpg's requests joined an identical execution in flight`;
}
