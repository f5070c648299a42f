/**
 * `npm run bench -- --export`: a governed CSV export of 20,000 and then
 * 200,000 rows through the whole mesh (gateway, sales subgraph, PostgreSQL),
 * with the process's resident memory sampled while each streams. Flat memory
 * means the peak does not grow with the rows: the export holds one page at a
 * time. Printed side by side, the two runs' peaks are the figure.
 */
import { exportJWK, generateKeyPair } from 'jose';
import { startMesh } from '../../bin/mesh.ts';
import { mintDevToken } from '../../gateway/identity/devTokens.ts';
import { createTestDatabase } from '../support/services.ts';

const MB = 1024 * 1024;
const SECRET = 'bench-export-secret';

const gc = (globalThis as { gc?: () => void }).gc;

/**
 * Peak RSS and peak V8 heap in use while `work` runs, and — under
 * `--expose-gc` — the largest heap still in use right after a collection
 * forced every half second: peaks include garbage not yet collected, which
 * grows with how long a run lets it pile up; the live heap is what the
 * export holds.
 */
async function sampleWhile<T>(work: () => Promise<T>): Promise<{ result: T; peak: number; heap: number; live?: number }> {
  let peak = process.memoryUsage().rss;
  let heap = process.memoryUsage().heapUsed;
  let live: number | undefined;
  const timer = setInterval(() => {
    const m = process.memoryUsage();
    peak = Math.max(peak, m.rss);
    heap = Math.max(heap, m.heapUsed);
  }, 20);
  const collector = gc
    ? setInterval(() => {
        gc();
        live = Math.max(live ?? 0, process.memoryUsage().heapUsed);
      }, 500)
    : undefined;
  try {
    const result = await work();
    return { result, peak, heap, live };
  } finally {
    clearInterval(timer);
    clearInterval(collector);
  }
}

/** Downloads the export, counting rows as they arrive without keeping them. */
async function download(url: string, headers: Record<string, string>): Promise<{ rows: number; bytes: number; ms: number }> {
  const started = performance.now();
  const res = await fetch(url, { headers });
  if (res.status !== 200) throw new Error(`export answered ${res.status}: ${await res.text()}`);
  let rows = -1;
  let bytes = 0;
  for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
    bytes += chunk.length;
    for (const b of chunk) if (b === 10) rows++;
  }
  return { rows, bytes, ms: performance.now() - started };
}

export async function exportBench(): Promise<void> {
  const db = await createTestDatabase();
  const { privateKey } = await generateKeyPair('EdDSA', { crv: 'Ed25519', extractable: true });
  const env = {
    ...process.env,
    LOG_LEVEL: 'warn',
    DATA_DIR: 'memory',
    DATABASE_URL: db.url,
    JWT_SECRET: SECRET,
    GATEWAY_SIGNING_KEY: JSON.stringify(await exportJWK(privateKey)),
    SEED_SCALE: '0.5',
    REFRESH_INTERVAL_MS: '0',
    RESPONSE_CACHE: 'off',
    ENTITY_CACHE: 'off',
    EXPORT_PAGE_SIZE: '500',
  };
  const mesh = await startMesh({ env, ephemeralPorts: true });
  try {
    await mesh.ready(300_000);
    const headers = { authorization: `Bearer ${await mintDevToken(SECRET, { subject: 'bench-exec', roles: ['exec'], scopes: ['pii:read'], attributes: {} })}` };
    const url = `${mesh.gateway.url}/export/opportunities.csv`;
    const sales = mesh.subgraphs.sales.db;
    const [{ n: seeded }] = await sales.query<{ n: number }>('SELECT count(*)::int AS n FROM opportunities');
    const grow = async (total: number) => {
      const [{ n }] = await sales.query<{ n: number }>('SELECT count(*)::int AS n FROM opportunities');
      await sales.query(
        `INSERT INTO opportunities (id, account_id, name, amount, stage, close_date, owner, region)
         SELECT 'opp-bench-' || lpad(g::text, 7, '0'), 'acc-000001', 'Bench deal ' || g, g % 100000, 'PROSPECTING', date '2026-01-01' + (g % 365), 'bench-rep', 'NA'
         FROM generate_series($1::int, $2::int) g`,
        [n - seeded + 1, total - seeded],
      );
    };
    await download(url, headers); // warm: plans, connections, JIT
    const runs: { rows: number; mb: number; peak: number; heap: number; live?: number; base: number; seconds: number }[] = [];
    for (const total of [20_000, 200_000]) {
      await grow(total);
      // Under NODE_OPTIONS=--expose-gc both runs start from a collected heap.
      gc?.();
      const base = process.memoryUsage().rss;
      const { result, peak, heap, live } = await sampleWhile(() => download(url, headers));
      runs.push({ rows: result.rows, mb: result.bytes / MB, peak, heap, live, base, seconds: result.ms / 1000 });
    }
    console.log('\nGoverned CSV export through the mesh (one process: registry, gateway, subgraphs), pages of 500 rows\n');
    const mb = (bytes: number | undefined) => (bytes === undefined ? 'n/a (no --expose-gc)' : `${(bytes / MB).toFixed(0)} MB`);
    console.log('| rows | size | time | rows/s | RSS before | peak RSS while streaming | peak V8 heap in use | largest heap after a forced GC |');
    console.log('|---:|---:|---:|---:|---:|---:|---:|---:|');
    for (const r of runs) console.log(`| ${r.rows.toLocaleString('en')} | ${r.mb.toFixed(1)} MB | ${r.seconds.toFixed(1)} s | ${Math.round(r.rows / r.seconds).toLocaleString('en')} | ${mb(r.base)} | ${mb(r.peak)} | ${mb(r.heap)} | ${mb(r.live)} |`);
    const [small, large] = runs;
    const live = small.live && large.live ? `, live heap ${(large.live / small.live).toFixed(2)}× (${((large.live - small.live) / MB).toFixed(1)} MB more)` : '';
    console.log(`\n10× the rows: peak RSS ${(large.peak / small.peak).toFixed(2)}× (${((large.peak - small.peak) / MB).toFixed(0)} MB more), peak heap ${(large.heap / small.heap).toFixed(2)}×${live}`);
  } finally {
    await mesh.close();
    await db.drop();
  }
}
