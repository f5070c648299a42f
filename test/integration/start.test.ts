/**
 * `npm start` can never damage the embedded store: two started at once on
 * one DATA_DIR and the same ports, one runs and the other refuses (busy port
 * or database in use, named) having touched nothing; a third on other ports
 * refuses while the first holds the data, naming the directory and the
 * process; once the first stops, a fourth starts on the same data and
 * serves it. Real processes, as a user runs them; embedded PGlite only.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import request from 'supertest';
import { afterAll, describe, expect, it } from 'vitest';
import { mintDevToken } from '../../gateway/identity/devTokens.ts';
import { domains } from '../../subgraphs/index.ts';
import { database } from '../support/mesh.ts';
import { freePort } from '../support/redisServer.ts';

const JWT_SECRET = 'start-test-secret';
const BANNER = 'Data Product Gateway is running';

interface Started {
  child: ChildProcess;
  output(): string;
  /** Resolves with how it ended: the banner (running), or its exit code. */
  settled: Promise<'running' | number>;
  exited: Promise<number>;
}

function npmStart(env: Record<string, string>): Started {
  // `npm start` is `tsx bin/start.ts`; run with node directly so the pid is the mesh's own.
  const child = spawn(process.execPath, ['--import', 'tsx', 'bin/start.ts'], { env: { ...process.env, LOG_LEVEL: 'warn', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let text = '';
  child.stdout!.on('data', (d) => (text += d));
  child.stderr!.on('data', (d) => (text += d));
  const exited = new Promise<number>((resolve) => child.once('exit', (code) => resolve(code ?? 1)));
  const running = new Promise<'running'>((resolve) => child.stdout!.on('data', () => text.includes(BANNER) && resolve('running')));
  return { child, output: () => text, settled: Promise.race([running, exited]), exited };
}

async function portsEnv(): Promise<Record<string, string>> {
  const subgraphs = await Promise.all(domains.map(async (d) => `${d.name}=${await freePort()}`));
  return { REGISTRY_PORT: String(await freePort()), GATEWAY_PORT: String(await freePort()), SUBGRAPH_PORTS: subgraphs.join(',') };
}

// The embedded store is what is under test: the PostgreSQL project has nothing to add.
(database === 'pglite' ? describe : describe.skip)('npm start on one data directory', () => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'dpg-start-'));
  const dataDir = path.join(root, 'data');
  const started: Started[] = [];
  const start = (env: Record<string, string>) => {
    const s = npmStart({ DATA_DIR: dataDir, JWT_SECRET, SEED_SCALE: '0.2', ...env });
    started.push(s);
    return s;
  };

  afterAll(async () => {
    for (const s of started) if (s.child.exitCode === null) s.child.kill('SIGKILL');
    fs.rmSync(root, { recursive: true, force: true });
  });

  it('runs one of two concurrent starts, refuses the others clearly, and starts again on the same data afterwards', async () => {
    const ports = await portsEnv();
    const [a, b] = [start(ports), start(ports)];
    const outcomes = await Promise.all([a.settled, b.settled]);
    expect(outcomes.filter((o) => o === 'running'), a.output() + b.output()).toHaveLength(1);
    const [winner, loser] = outcomes[0] === 'running' ? [a, b] : [b, a];
    expect(await loser.exited).toBe(1);
    expect(loser.output()).toMatch(/cannot start: (port \d+ \(\w[\w -]*\) is already in use on .*, probably by another `npm start`: stop that, or set \w+|the embedded database .* is in use by process \d+)/);
    expect(loser.output()).not.toMatch(/RuntimeError|Aborted/);

    // Same data, other ports: refused by the database lock, naming the directory and the holder.
    const other = start(await portsEnv());
    expect(await other.settled).toBe(1);
    expect(other.output()).toContain(`cannot start: the embedded database ${path.join(dataDir, 'mesh', 'pglite')} is in use by process ${winner.child.pid}`);

    // The running mesh was not disturbed.
    const gateway = `http://127.0.0.1:${ports.GATEWAY_PORT}`;
    const token = await mintDevToken(JWT_SECRET, { subject: 'ann', roles: ['analyst'], scopes: [], attributes: {} });
    const ask = () => request(gateway).post('/graphql').set('authorization', `Bearer ${token}`).send({ query: '{ accounts(first: 500) { id } }' });
    const before = await ask();
    expect(before.status).toBe(200);
    const accounts = before.body.data.accounts.length;
    expect(accounts).toBeGreaterThan(0);

    winner.child.kill('SIGINT');
    expect(await winner.exited).toBe(0);
    expect(fs.readdirSync(dataDir, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.lock'))).toEqual([]);

    const again = start(ports);
    expect(await again.settled, again.output()).toBe('running');
    const after = await ask();
    expect(after.status).toBe(200);
    expect(after.body.data.accounts).toHaveLength(accounts);
    again.child.kill('SIGINT');
    expect(await again.exited).toBe(0);
  }, 600_000);
});
