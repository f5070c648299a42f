/**
 * `npm run bench [-- --quick]`: every variant side by side in one run, on the
 * same seeded subgraphs, driven by autocannon at fixed concurrency.
 *
 *   1. plain @apollo/server + @apollo/gateway (the baseline)
 *   2. this gateway, policies on, caches off
 *   3. … + entity cache (Redis) in the subgraphs
 *   4. … + response cache (Redis)
 *   5. … + response cache (in-process)
 *   6. a bare node:http server answering with the same bytes (the ceiling)
 *
 * and what demand control costs: join50 through variant 2 against the same
 * gateway with DEMAND_CONTROL=off, in alternating rounds.
 *
 * and the cold figures beside the identical ones (cold.ts: caches off, every
 * request different, at one connection and at the usual concurrency) and the
 * stampede (identical concurrent requests, against the baseline).
 *
 * `-- --cold` runs only the cold and stampede figures; `-- --soak` only the
 * soak (soak.ts: ≥ 50,000 distinct requests, heap and RSS slope); both flags, both.
 *
 * Each gateway is a process of its own; the subgraphs run in two more (one
 * with the entity cache, one without), so a variant's CPU and memory are its
 * own. Prints a table per operation and a scale series, and writes the same
 * as JSON under test/bench/results/.
 *
 * `npm run bench -- --export`: a 20,000- and a 200,000-row CSV export and the
 * peak memory while each streams (export.ts).
 */
import { isDeepStrictEqual } from 'node:util';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { createTestDatabase } from '../support/services.ts';
import { authHeaders } from './auth.ts';
import { coldTable, measureColdAndStampede, stampedeLine, type ConcurrencyFigures } from './cold.ts';
import { accountsAt, benchEnvironment, REDIS_URL } from './environment.ts';
import { soak, type SoakResult } from './soak.ts';
import { cacheFailures, load, percentile, requestBody, send, subgraphCounters } from './load.ts';
import { measureDemandControl } from './demandControl.ts';
import { measureEnforcement } from './enforcement.ts';
import { OPERATIONS, scaleOperation, type Operation } from './operations.ts';
import { memoryOf, startChild, type Child } from './processes.ts';
import { compare, operationTable, scaleTable, type Measurement, type ScalePoint } from './report.ts';

if (process.argv.includes('--export')) {
  const { exportBench } = await import('./export.ts');
  await exportBench();
  process.exit(0);
}

const quick = process.argv.includes('--quick');
// Either flag (or both, one after the other on the same subgraphs) instead of the full run.
const focus = (['cold', 'soak'] as const).filter((f) => process.argv.includes(`--${f}`));
const SOAK_REQUESTS = 50_000;
const SOAK_PLAN_CACHE_MB = '4';
const STAMPEDE_CONNECTIONS = 50;
const plan = quick
  ? { seedScale: 2.5, durationS: 1, warmupS: 0, connections: 10, scale: [10, 100, 1000], scaleAmount: [10, 10, 4] }
  : { seedScale: 11, durationS: 6, warmupS: 1, connections: 10, scale: [10, 100, 1000, 5000], scaleAmount: [40, 30, 12, 5] };
// Warm-up: two requests per connection (caches filled, plans made), then, for
// fast answers only, `warmupS` more for the JIT; slow answers warm up while measured.
const WARMUP_ROUNDS = 2;
const FAST_MS = 50;
// A run lasts at least this many times the warm-up's median latency, so slow variants still complete enough requests.
const MIN_LATENCIES = 4;

const runId = `${Date.now().toString(36)}${randomBytes(3).toString('hex')}`;
const prefix = `bench-${runId}`;

interface Backend {
  registryUrl: string;
  gatewayUrl: string;
  subgraphs: Record<string, string>;
}

interface Variant {
  id: string;
  label: string;
  entry: 'apolloGateway.ts' | 'dpgGateway.ts' | 'ceiling.ts';
  backend: 'plain' | 'entity';
  env?: Record<string, string>;
}

const BASELINE = 'apollo';
const CEILING = 'ceiling';
const VARIANTS: readonly Variant[] = [
  { id: BASELINE, label: 'plain @apollo/gateway (baseline)', entry: 'apolloGateway.ts', backend: 'plain' },
  { id: 'dpg', label: 'dpg: policies on, caches off', entry: 'dpgGateway.ts', backend: 'plain', env: { RESPONSE_CACHE: 'off' } },
  { id: 'dpg-entity', label: 'dpg: + entity cache (Redis)', entry: 'dpgGateway.ts', backend: 'entity', env: { RESPONSE_CACHE: 'off' } },
  { id: 'dpg-response-redis', label: 'dpg: + response cache (Redis)', entry: 'dpgGateway.ts', backend: 'plain', env: { RESPONSE_CACHE: 'redis' } },
  { id: 'dpg-response-memory', label: 'dpg: + response cache (in-process)', entry: 'dpgGateway.ts', backend: 'plain', env: { RESPONSE_CACHE: 'memory' } },
  { id: CEILING, label: 'bare node:http, same bytes (ceiling)', entry: 'ceiling.ts', backend: 'plain' },
];

const t0 = Date.now();
const log = (line: string) => process.stderr.write(`[${((Date.now() - t0) / 1000).toFixed(0).padStart(3)} s] ${line}\n`);

async function main() {
  const started = Date.now();
  const children: Child<unknown>[] = [];
  const databases: { drop(): Promise<void> }[] = [];
  const common = await benchEnvironment(plan.seedScale, prefix);
  const headers = await authHeaders(common.JWT_SECRET);

  try {
    // Two sets of subgraphs on the same seed: with and without the entity cache.
    log(`starting subgraphs (seed scale ${plan.seedScale}, ${process.env.DATABASE_URL ? 'PostgreSQL' : 'PGlite'})…`);
    const backendEnv = async (entityCache: string) => {
      const env: Record<string, string> = { ...common, ENTITY_CACHE: entityCache, RESPONSE_CACHE: 'off' };
      if (process.env.DATABASE_URL) {
        const db = await createTestDatabase('dpg_bench');
        databases.push(db);
        env.DATABASE_URL = db.url;
      }
      return env;
    };
    if (focus.length) {
      const plain = await startChild<Backend>('backend.ts', await backendEnv('off'));
      children.push(plain);
      for (const which of focus) await focused(which, plain.info, common, headers, children);
      return;
    }
    const [plain, entity] = await Promise.all([
      startChild<Backend>('backend.ts', await backendEnv('off')),
      startChild<Backend>('backend.ts', await backendEnv('redis')),
    ]);
    children.push(plain, entity);
    const backends = { plain: plain.info, entity: entity.info };

    log('starting gateways…');
    const gatewayChildren = new Map<string, Child<{ url: string }>>();
    await Promise.all(
      VARIANTS.filter((v) => v.entry !== 'ceiling.ts').map(async (v) => {
        const child = await startChild<{ url: string }>(v.entry, { ...common, ...v.env, REGISTRY_URL: backends[v.backend].registryUrl, GATEWAY_PORT: '0' });
        children.push(child);
        gatewayChildren.set(v.id, child);
      }),
    );
    // Variant 2 with demand control off: only for the overhead measurement.
    const limitsOff = await startChild<{ url: string }>('dpgGateway.ts', { ...common, RESPONSE_CACHE: 'off', DEMAND_CONTROL: 'off', REGISTRY_URL: backends.plain.registryUrl, GATEWAY_PORT: '0' });
    children.push(limitsOff);

    // Every variant must answer with the data the baseline answers with.
    const answers = new Map<string, Map<string, { text: string; data: unknown }>>();
    for (const [id, child] of gatewayChildren) {
      const byOp = new Map<string, { text: string; data: unknown }>();
      for (const op of OPERATIONS) {
        const res = await fetch(child.info.url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: requestBody(op) });
        const text = await res.text();
        const body = JSON.parse(text) as { data?: unknown; errors?: unknown[] };
        if (!res.ok || body.errors) throw new Error(`${id} cannot answer ${op.id}: ${res.status} ${text.slice(0, 500)}`);
        byOp.set(op.id, { text, data: body.data });
      }
      answers.set(id, byOp);
    }
    const bodiesFile = path.join(os.tmpdir(), `dpg-bench-${runId}.json`);
    fs.writeFileSync(bodiesFile, JSON.stringify(Object.fromEntries([...answers.get('dpg')!].map(([op, a]) => [op, a.text]))));
    const ceiling = await startChild<{ url: string }>('ceiling.ts', { BENCH_BODIES: bodiesFile });
    children.push(ceiling);

    const urlOf = (v: Variant, op: Operation) => (v.id === CEILING ? `${ceiling.info.url}/${op.id}` : gatewayChildren.get(v.id)!.info.url);
    const pidOf = (v: Variant) => (v.id === CEILING ? ceiling.pid : gatewayChildren.get(v.id)!.pid);

    const measurements: Measurement[] = [];
    for (const op of OPERATIONS) {
      log(`\n${op.label}`);
      for (const v of VARIANTS) {
        const url = urlOf(v, op);
        const warmP50 = percentile(await send(url, op, headers, plan.connections, WARMUP_ROUNDS), 50);
        if (plan.warmupS && warmP50 < FAST_MS) await load(url, op, headers, { connections: plan.connections, durationS: plan.warmupS });
        const backend = backends[v.backend];
        const isGateway = v.id !== CEILING;
        const gatewayBase = isGateway ? new URL(url).origin : undefined;
        const [before, failuresBefore] = await Promise.all([subgraphCounters(backend.subgraphs), gatewayBase && v.entry === 'dpgGateway.ts' ? cacheFailures(gatewayBase) : 0]);
        const r = await load(url, op, headers, { connections: plan.connections, durationS: Math.max(plan.durationS, Math.ceil((MIN_LATENCIES * warmP50) / 1000)) });
        const [after, failuresAfter] = await Promise.all([subgraphCounters(backend.subgraphs), gatewayBase && v.entry === 'dpgGateway.ts' ? cacheFailures(gatewayBase) : 0]);
        const m: Measurement = {
          variant: v.id,
          label: v.label,
          operation: op.id,
          rps: r.rps,
          p50: r.p50,
          p99: r.p99,
          peakMb: memoryOf(pidOf(v))?.peakMb ?? null,
          sqlPerRequest: isGateway ? (after.sql - before.sql) / r.requests : null,
          subgraphRequestsPerRequest: isGateway ? (after.requests - before.requests) / r.requests : null,
          non2xx: r.non2xx,
          errors: r.errors,
          cacheFailures: v.entry === 'dpgGateway.ts' ? failuresAfter - failuresBefore : null,
          sameDataAsBaseline: isGateway ? isDeepStrictEqual(answers.get(v.id)!.get(op.id)!.data, answers.get(BASELINE)!.get(op.id)!.data) : null,
        };
        measurements.push(m);
        log(`  ${v.label.padEnd(40)} ${m.rps.toFixed(0).padStart(7)} req/s  p50 ${m.p50.toFixed(1)} ms`);
      }
    }

    log('\ncaches off: identical vs cold, and the stampede…');
    const concurrency = await measureColdAndStampede({ apollo: gatewayChildren.get(BASELINE)!.info.url, dpg: gatewayChildren.get('dpg')!.info.url }, OPERATIONS, headers, {
      accounts: accountsAt(plan.seedScale),
      connections: plan.connections,
      stampedeConnections: STAMPEDE_CONNECTIONS,
      durationS: plan.durationS,
      log,
    });

    log('\nscale series…');
    const scale: ScalePoint[] = [];
    for (const v of VARIANTS.filter((x) => x.id === BASELINE || x.id === 'dpg')) {
      for (const [i, entities] of plan.scale.entries()) {
        const op = scaleOperation(entities);
        const url = urlOf(v, op);
        await send(url, op, headers, 1, 2);
        const before = await subgraphCounters(backends[v.backend].subgraphs);
        const latencies = await send(url, op, headers, 1, plan.scaleAmount[i]);
        const after = await subgraphCounters(backends[v.backend].subgraphs);
        const mem = memoryOf(pidOf(v));
        scale.push({
          variant: v.id,
          label: v.label,
          entities,
          p50: percentile(latencies, 50),
          p99: percentile(latencies, 99),
          sqlPerRequest: (after.sql - before.sql) / latencies.length,
          rssMb: mem?.rssMb ?? null,
          peakMb: mem?.peakMb ?? null,
        });
      }
    }

    log('\ndemand control on vs off (join50, caches off)…');
    const join50 = OPERATIONS.find((o) => o.id === 'join50')!;
    const demandControl = await measureDemandControl({ on: gatewayChildren.get('dpg')!.info.url, off: limitsOff.info.url }, join50, headers, { rounds: quick ? 4 : 6, durationS: quick ? 2 : 4, connections: plan.connections });

    log('\nsubgraph enforcement (graphql-shield + masking), in process…');
    const enforcement = await measureEnforcement(quick ? 20 : 60, 1);

    const compared = compare(measurements, BASELINE, CEILING);
    const machine = { cpus: os.cpus().length, cpu: os.cpus()[0]?.model ?? 'unknown', memoryGb: Math.round(os.totalmem() / 2 ** 30), os: `${os.type()} ${os.release()}`, node: process.version };
    const settings = { mode: quick ? 'quick' : 'full', ...plan, database: process.env.DATABASE_URL ? 'postgres' : 'pglite', redis: REDIS_URL };
    const seconds = (Date.now() - started) / 1000;

    const out: string[] = [`# dpg benchmark (${settings.mode}) — ${new Date().toISOString()}`, '', `machine: ${machine.cpus} × ${machine.cpu}, ${machine.memoryGb} GB, ${machine.os}, Node ${machine.node}`];
    out.push(`load: autocannon, ${plan.connections} connections, ${plan.durationS} s (at least ${MIN_LATENCIES} median latencies) per variant and operation after ${WARMUP_ROUNDS} warm-up requests per connection (+${plan.warmupS} s when faster than ${FAST_MS} ms); scale series: one request at a time; seed scale ${plan.seedScale}; ${settings.database}; Redis ${REDIS_URL}`);
    for (const op of OPERATIONS) out.push('', `## ${op.label} (\`${op.id}\`)`, '', operationTable(compared.filter((r) => r.operation === op.id)));
    out.push(...concurrencySection(concurrency));
    out.push('', '## scale series: tickets joined to their accounts, 1 connection', '', scaleTable(scale));
    out.push(
      '',
      `## demand control (\`${demandControl.operation}\`, caches off, ${plan.connections} connections, median of ${demandControl.rounds} alternating rounds)`,
      '',
      `limits enforced: ${demandControl.on.rps.toFixed(0)} req/s, p50 ${demandControl.on.p50.toFixed(1)} ms; DEMAND_CONTROL=off: ${demandControl.off.rps.toFixed(0)} req/s, p50 ${demandControl.off.p50.toFixed(1)} ms: on/off ${demandControl.ratio.toFixed(3)}×`,
      `in process: measuring the operation (estimated cost ${demandControl.cost}) the first time ${demandControl.measureMicros.toFixed(1)} µs; the limits plugin's share of a request for it after that ${demandControl.pluginMicros.toFixed(1)} µs`,
    );
    out.push(
      '',
      '## policy enforcement inside a subgraph (sales schema, in process, median of alternating runs)',
      '',
      `${enforcement.entities} accounts with contacts and opportunities: ${enforcement.plainMs.toFixed(1)} ms without, ${enforcement.enforcedMs.toFixed(1)} ms with graphql-shield + masking: ${enforcement.ratio.toFixed(2)}×`,
      '',
      `finished in ${seconds.toFixed(0)} s`,
    );
    console.log(out.join('\n'));

    const file = path.join(import.meta.dirname, 'results', `${new Date().toISOString().replace(/[:.]/g, '-')}-${settings.mode}.json`);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, `${JSON.stringify({ date: new Date().toISOString(), machine, settings, seconds, operations: OPERATIONS.map(({ id, label }) => ({ id, label })), results: compared, concurrency, scale, demandControl, enforcement }, null, 2)}\n`);
    log(`\nwritten to ${path.relative(process.cwd(), file)}`);
    fs.rmSync(bodiesFile, { force: true });
  } finally {
    await Promise.all(children.map((c) => c.stop()));
    for (const db of databases) await db.drop().catch(() => {});
    const redis = new Redis(REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 0 });
    redis.on('error', () => {});
    try {
      await redis.connect();
      const keys = await redis.keys(`${prefix}:*`);
      for (let i = 0; i < keys.length; i += 1000) await redis.unlink(...keys.slice(i, i + 1000));
    } catch {
      // Without Redis there is nothing to clean.
    } finally {
      redis.disconnect();
    }
  }
}

function concurrencySection(c: ConcurrencyFigures): string[] {
  return [
    '',
    '## caches off: identical requests vs cold (every request differs: distinct variables, so neither stampede protection, deduplication nor any cache applies)',
    '',
    coldTable(c.cold),
    '',
    '## stampede (caches off, identical concurrent requests)',
    '',
    stampedeLine(c.stampede),
  ];
}

/** `--cold` and `--soak`: one backend, and only the gateways those figures need. */
async function focused(which: 'cold' | 'soak', backend: Backend, common: Record<string, string>, headers: Record<string, string>, children: Child<unknown>[]) {
  const gatewayEnv = { ...common, RESPONSE_CACHE: 'off', REGISTRY_URL: backend.registryUrl, GATEWAY_PORT: '0' };
  const machine = `${os.cpus().length} × ${os.cpus()[0]?.model ?? 'unknown'}, Node ${process.version}, seed scale ${plan.seedScale}, ${process.env.DATABASE_URL ? 'postgres' : 'pglite'}`;
  let report: { lines: string[]; json: unknown };
  if (which === 'cold') {
    log('starting gateways…');
    const [apollo, dpg] = await Promise.all([startChild<{ url: string }>('apolloGateway.ts', gatewayEnv), startChild<{ url: string }>('dpgGateway.ts', gatewayEnv)]);
    children.push(apollo, dpg);
    const c = await measureColdAndStampede({ apollo: apollo.info.url, dpg: dpg.info.url }, OPERATIONS, headers, { accounts: accountsAt(plan.seedScale), connections: plan.connections, stampedeConnections: STAMPEDE_CONNECTIONS, durationS: plan.durationS, log });
    report = { lines: [`# dpg benchmark: cold and stampede (${quick ? 'quick' : 'full'}) — ${new Date().toISOString()}`, '', `machine: ${machine}; autocannon, ${plan.durationS} s per figure`, ...concurrencySection(c)], json: c };
  } else {
    log('starting the gateway (--expose-gc)…');
    // A small planner budget, so warm-up fills every bounded store and the slope shows only what is not bounded.
    const planMb = process.env.QUERY_PLAN_CACHE_MB ?? SOAK_PLAN_CACHE_MB;
    const dpg = await startChild<{ url: string }>('soakGateway.ts', { ...gatewayEnv, QUERY_PLAN_CACHE_MB: planMb }, { execArgv: ['--expose-gc'] });
    children.push(dpg);
    log(`soak: ${SOAK_REQUESTS} distinct requests, ${plan.connections} connections…`);
    const r: SoakResult = await soak(dpg.info.url, dpg.pid, headers, { requests: SOAK_REQUESTS, connections: plan.connections, accounts: accountsAt(plan.seedScale), log });
    const first = r.samples.find((s) => s.requests > r.warmup);
    const last = r.samples.at(-1);
    report = {
      lines: [
        `# dpg benchmark: soak (${quick ? 'quick' : 'full'}) — ${new Date().toISOString()}`,
        '',
        `machine: ${machine}; caches off, query-plan cache ${planMb} MiB; ${r.requests} distinct requests (distinct variables; every fourth a distinct operation text), ${plan.connections} connections, ${r.seconds.toFixed(0)} s, p50 ${r.p50.toFixed(1)} ms, ${r.errors} errors`,
        `gateway heap in use after GC: ${first?.heapMb.toFixed(1)} MB after warm-up (${r.warmup} requests) → ${last?.heapMb.toFixed(1)} MB at the end; slope ${r.heapKbPer1000.toFixed(1)} KB per 1,000 requests`,
        `gateway RSS: ${first?.rssMb.toFixed(1)} MB → ${last?.rssMb.toFixed(1)} MB; slope ${r.rssKbPer1000.toFixed(1)} KB per 1,000 requests`,
      ],
      json: r,
    };
  }
  console.log(report.lines.join('\n'));
  const file = path.join(import.meta.dirname, 'results', `${new Date().toISOString().replace(/[:.]/g, '-')}-${which}${quick ? '-quick' : ''}.json`);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, `${JSON.stringify({ date: new Date().toISOString(), machine, mode: which, ...plan, result: report.json }, null, 2)}\n`);
  log(`\nwritten to ${path.relative(process.cwd(), file)}`);
}

await main();
