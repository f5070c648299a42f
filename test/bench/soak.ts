/**
 * `npm run bench -- --soak`: memory that stays flat. One gateway (caches
 * off) receives at least 50,000 distinct requests — every one with its own
 * variables, and every fourth with an operation text of its own, so the
 * per-operation memos (parse, authorization, demand control, usage, the
 * query planner's) fill and must hold at their bounds. Every 1,000 requests
 * the gateway collects garbage and its heap in use and RSS are read; the
 * figure is the least-squares slope after warm-up, in KB per 1,000 requests.
 */
import { memoryOf } from './processes.ts';
import { percentile } from './load.ts';

export interface SoakSample {
  requests: number;
  heapMb: number;
  rssMb: number;
}

export interface SoakResult {
  requests: number;
  warmup: number;
  seconds: number;
  errors: number;
  heapKbPer1000: number;
  rssKbPer1000: number;
  p50: number;
  samples: SoakSample[];
}

/** The i-th request: distinct variables always, a distinct operation text every fourth time. */
export function soakRequest(i: number, accounts: number): string {
  const name = i % 4 === 0 ? `Soak${i}` : 'Soak';
  const query = `query ${name}($id: ID!, $first: Int) { account(id: $id) { id name region tickets(first: $first) { id status } } }`;
  const id = `acc-${String(1 + (i % accounts)).padStart(6, '0')}`;
  return JSON.stringify({ query, variables: { id, first: 1 + (Math.floor(i / accounts) % 200) }, operationName: name });
}

/** Least-squares slope of y over x. */
export function slope(points: readonly { x: number; y: number }[]): number {
  const n = points.length;
  if (n < 2) return NaN;
  const mx = points.reduce((s, p) => s + p.x, 0) / n;
  const my = points.reduce((s, p) => s + p.y, 0) / n;
  const num = points.reduce((s, p) => s + (p.x - mx) * (p.y - my), 0);
  const den = points.reduce((s, p) => s + (p.x - mx) ** 2, 0);
  return den ? num / den : NaN;
}

async function heapInUse(gatewayBase: string, pid: number): Promise<number> {
  process.kill(pid, 'SIGUSR2');
  await new Promise((r) => setTimeout(r, 150));
  const text = await (await fetch(`${gatewayBase}/metrics`)).text();
  const bytes = Number(/^nodejs_heap_size_used_bytes(?:\{[^}]*\})? (\d+(?:\.\d+)?(?:e\+\d+)?)/m.exec(text)?.[1] ?? NaN);
  return bytes / 2 ** 20;
}

export async function soak(url: string, pid: number, headers: Record<string, string>, options: { requests: number; connections: number; accounts: number; log: (line: string) => void }): Promise<SoakResult> {
  const started = Date.now();
  const base = new URL(url).origin;
  const every = 1000;
  const warmup = Math.round(options.requests * 0.2);
  const samples: SoakSample[] = [];
  const latencies: number[] = [];
  let next = 0;
  let done = 0;
  let errors = 0;
  let sampling: Promise<void> = Promise.resolve();
  await Promise.all(
    Array.from({ length: options.connections }, async () => {
      while (next < options.requests) {
        const i = next++;
        const t = performance.now();
        const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: soakRequest(i, options.accounts) });
        const body = (await res.json()) as { errors?: unknown[] };
        if (!res.ok || body.errors) errors++;
        latencies.push(performance.now() - t);
        if (++done % every === 0) {
          const at = done;
          // One sample at a time; the others keep sending meanwhile.
          sampling = sampling.then(async () => {
            const heapMb = await heapInUse(base, pid);
            samples.push({ requests: at, heapMb, rssMb: memoryOf(pid)?.rssMb ?? NaN });
            if (at % 10_000 === 0) options.log(`  ${at} requests: heap ${heapMb.toFixed(1)} MB, RSS ${samples.at(-1)!.rssMb.toFixed(1)} MB`);
          });
        }
      }
    }),
  );
  await sampling;
  const after = samples.filter((s) => s.requests > warmup);
  const kbPer1000 = (pick: (s: SoakSample) => number) => slope(after.map((s) => ({ x: s.requests / 1000, y: pick(s) * 1024 })));
  return {
    requests: done,
    warmup,
    seconds: (Date.now() - started) / 1000,
    errors,
    heapKbPer1000: kbPer1000((s) => s.heapMb),
    rssKbPer1000: kbPer1000((s) => s.rssMb),
    p50: percentile(latencies, 50),
    samples,
  };
}
