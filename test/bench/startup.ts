/**
 * `npm run bench:startup`: how fast the product starts, side by side with a
 * bare `node -e ''` (the floor no Node program beats on this machine):
 *
 *   - `dpg` commands through the installed bin (precompiled, bin/dpg.mjs)
 *     and, for comparison, from source through tsx (what `dpg` was before);
 *   - `npm start` to its banner (every service ready) on a fresh data
 *     directory (cold: migrations, seeds, compositions; stopped once its
 *     derived products are refreshed) and again on the same one (warm,
 *     stopped at the banner), each with SIGTERM to the npm PID.
 *
 * Medians of several runs; the machine's load average is printed beside
 * them, since other work on the same cores shows in every figure.
 *
 *   npm run bench:startup [-- --runs 5] [-- --no-start]
 */
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

const ROOT = path.join(import.meta.dirname, '..', '..');
const arg = (name: string) => process.argv[process.argv.indexOf(name) + 1];
const runs = process.argv.includes('--runs') ? Number(arg('--runs')) : 5;
const startRuns = process.argv.includes('--start-runs') ? Number(arg('--start-runs')) : 2;

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;

function timeCommand(command: string, args: string[], env: NodeJS.ProcessEnv = {}): number {
  const started = performance.now();
  const run = spawnSync(command, args, { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  const took = performance.now() - started;
  if (run.status !== 0 && !env.DPG_BENCH_ALLOW_FAIL) throw new Error(`${command} ${args.join(' ')} exited ${run.status}: ${run.stderr}`);
  return took;
}

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

const DOMAINS = ['sales', 'marketing', 'customer-success', 'gameplay', 'analytics', 'governance'];
type Ports = Record<string, number>;

/**
 * Free ports for one DATA_DIR's starts. The same for its cold and warm start,
 * as `npm start`'s defaults are: a subgraph whose address changed publishes
 * a new schema, and the registry composes and the gateway loads a new
 * supergraph, which is not what a restart costs.
 */
async function freePorts(): Promise<Ports> {
  return Object.fromEntries(await Promise.all(['registry', 'gateway', ...DOMAINS].map(async (n) => [n, await freePort()] as const)));
}

/** Until the analytics domain's first refresh of its derived products is done (its /ready says so). */
async function refreshed(analyticsPort: number): Promise<void> {
  const deadline = Date.now() + 120_000;
  while (Date.now() < deadline) {
    const body = await fetch(`http://127.0.0.1:${analyticsPort}/ready`).then((r) => r.json(), () => ({}));
    if (Array.isArray(body.lastRefresh) && body.lastRefresh.every((o: { status: string }) => o.status === 'ok')) return;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error('the analytics domain did not refresh its products within 2 minutes');
}

/**
 * `npm start` until its banner, then SIGTERM to npm's PID and wait for the
 * exit. `settle`: stop only once the start's own work is done (the derived
 * products' first refresh), as a mesh that has run a while is stopped.
 */
async function timeStart(dataDir: string, ports: Ports, settle = false): Promise<{ banner: number; stop: number }> {
  const env = {
    ...process.env,
    DATA_DIR: dataDir,
    REGISTRY_PORT: String(ports.registry),
    GATEWAY_PORT: String(ports.gateway),
    SUBGRAPH_PORTS: DOMAINS.map((n) => `${n}=${ports[n]}`).join(','),
  };
  const started = performance.now();
  const child = spawn('npm', ['start'], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  const banner = await new Promise<number>((resolve, reject) => {
    const check = (d: Buffer) => {
      output += d;
      if (output.includes('Data Product Gateway is running')) resolve(performance.now() - started);
    };
    child.stdout!.on('data', check);
    child.stderr!.on('data', (d) => (output += d));
    void exited.then((code) => reject(new Error(`npm start exited ${code} before its banner:\n${output}`)));
  });
  if (settle) await refreshed(ports.analytics);
  const stopping = performance.now();
  child.kill('SIGTERM');
  const code = await exited;
  if (code !== 0) throw new Error(`npm start exited ${code} on SIGTERM:\n${output}`);
  return { banner, stop: performance.now() - stopping };
}

const rows: [string, number, string][] = [];
const add = (what: string, ms: number, note = '') => {
  rows.push([what, ms, note]);
  console.error(`  ${what}: ${seconds(ms)}`);
};

console.error(`startup bench: ${os.cpus().length} × ${os.cpus()[0]?.model}, Node ${process.version}, load ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}`);
// The launchers rebuild dist/ when a source changed: do it once, outside the figures.
timeCommand(process.execPath, ['bin/bundle.mjs']);

const floor = median(Array.from({ length: runs }, () => timeCommand(process.execPath, ['-e', ''])));
add("node -e '' (floor)", floor);
const jwt = { JWT_SECRET: 'bench-secret' };
const keys = path.join(os.tmpdir(), `dpg-bench-keys-${process.pid}.yaml`);
const commands: [string, string[], NodeJS.ProcessEnv][] = [
  ['dpg --help', ['--help'], {}],
  ['dpg token --sub ann --role analyst', ['token', '--sub', 'ann', '--role', 'analyst'], jwt],
  ['dpg apikey create --sub bi --role analyst', ['apikey', 'create', '--sub', 'bi', '--role', 'analyst', '--file', keys], {}],
  ['dpg subgraph list (registry down)', ['subgraph', 'list'], { DPG_REGISTRY_URL: 'http://127.0.0.1:9', DPG_BENCH_ALLOW_FAIL: '1' }],
  ['dpg policy status (nothing running)', ['policy', 'status', '--supergraph', path.join(ROOT, 'test/fixtures/federation/README.md')], { DPG_BENCH_ALLOW_FAIL: '1' }],
];
for (const [what, args, env] of commands) {
  add(`${what} — bin/dpg.mjs (precompiled)`, median(Array.from({ length: runs }, () => timeCommand(process.execPath, ['bin/dpg.mjs', ...args], env))));
}
add('dpg --help — tsx bin/dpg.ts (from source, as before)', median(Array.from({ length: Math.min(runs, 3) }, () => timeCommand(path.join(ROOT, 'node_modules/.bin/tsx'), ['bin/dpg.ts', '--help']))));
fs.rmSync(keys, { force: true });

if (!process.argv.includes('--no-start')) {
  const cold: number[] = [];
  const warm: number[] = [];
  const stops: number[] = [];
  for (let i = 0; i < startRuns; i++) {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'dpg-bench-start-'));
    try {
      // Warm: a restart of a mesh that had finished starting (its derived products refreshed), as
      // after any real use; stopped right at the banner instead, a first start leaves its refresh
      // undone, and the restart does it while starting.
      const ports = await freePorts();
      const first = await timeStart(dataDir, ports, true);
      const second = await timeStart(dataDir, ports);
      cold.push(first.banner);
      warm.push(second.banner);
      stops.push(first.stop, second.stop);
    } finally {
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  }
  add('npm start to the banner, cold (fresh DATA_DIR)', median(cold), `${cold.length} runs`);
  add('npm start to the banner, warm (same DATA_DIR)', median(warm), `${warm.length} runs`);
  add('SIGTERM to the npm PID until it exited', median(stops), `${stops.length} runs`);
}

const width = Math.max(...rows.map(([w]) => w.length));
console.log(`\n| ${'what'.padEnd(width)} |  seconds | × node -e '' |`);
console.log(`|${'-'.repeat(width + 2)}|---------:|-------------:|`);
for (const [what, ms] of rows) console.log(`| ${what.padEnd(width)} | ${(ms / 1000).toFixed(2).padStart(8)} | ${(ms / floor).toFixed(1).padStart(11)}× |`);
console.log(`\nload average during the run: ${os.loadavg().map((l) => l.toFixed(1)).join(' ')} on ${os.cpus().length} cores`);
