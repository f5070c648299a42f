/**
 * Adding a domain as a domain team does: `dpg domain new` into a folder
 * outside the repository, the scaffold's own test, `npm run start:subgraph
 * -- ./that/folder` as a real process, the registry composing it, and its
 * fields denied until governance grants them. Embedded PGlite only: the
 * PostgreSQL project has nothing to add.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readRegistryConfig } from '../../schema-registry/config.ts';
import { startRegistry, type RunningRegistry } from '../../schema-registry/server.ts';
import { runDpg } from '../support/dpg.ts';
import { database, testEnvironment } from '../support/mesh.ts';
import { freePort } from '../support/redisServer.ts';
import { until } from '../support/until.ts';

const ROOT = path.join(import.meta.dirname, '..', '..');
const NAME = 'tide-log';
// Real processes that each load the kit: minutes on a loaded machine, not a timing assertion.
const SLOW = 300_000;

function run(command: string, args: string[], env: Record<string, string | undefined>, cwd = ROOT) {
  // Its own process group, so the npm → tsx → node chain stops as one.
  const child = spawn(command, args, { cwd, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  let output = '';
  child.stdout!.on('data', (d) => (output += d));
  child.stderr!.on('data', (d) => (output += d));
  const exited = new Promise<number>((resolve) => child.once('exit', (code) => resolve(code ?? 1)));
  return { child, exited, output: () => output };
}

(database === 'pglite' ? describe : describe.skip)('dpg domain new', () => {
  let tmp: string;
  let dir: string;
  let policyDir: string;
  let registry: RunningRegistry;
  let drop: () => Promise<void>;
  let subgraph: ChildProcess | undefined;

  beforeAll(async () => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'dpg-new-'));
    dir = path.join(tmp, 'domains', NAME);
    policyDir = path.join(tmp, 'rules');
    // The classification floors every policy has; the registry here composes this domain alone,
    // so grants naming the other domains' types would not validate against it.
    fs.mkdirSync(policyDir);
    fs.writeFileSync(path.join(policyDir, 'classification.yaml'), fs.readFileSync(path.join(ROOT, 'policies/rules/classification.yaml'), 'utf8').replace(/\n\s+overrides:\n.*\n/, '\n'));
    const t = await testEnvironment({ REGISTRY_PORT: '0' });
    drop = t.drop;
    registry = await startRegistry(readRegistryConfig(t.env));
  });
  afterAll(async () => {
    if (subgraph?.pid && subgraph.exitCode === null) process.kill(-subgraph.pid, 'SIGKILL');
    await registry?.close();
    await drop?.();
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  it('scaffolds a domain whose own test passes', async () => {
    const made = await runDpg(['domain', 'new', NAME, '--dir', dir, '--json'], {});
    expect(made.code, made.stderr).toBe(0);
    const result = JSON.parse(made.stdout);
    expect(result.port).toBeGreaterThanOrEqual(4010);
    for (const file of ['index.ts', 'schema.graphql', 'data-product.yaml', 'migrations/001_init.sql', 'seed.ts', 'tables.ts', 'resolvers.ts', 'domain.test.ts']) {
      expect(fs.existsSync(path.join(dir, file)), file).toBe(true);
    }
    const schema = fs.readFileSync(path.join(dir, 'schema.graphql'), 'utf8');
    expect(schema).toMatch(/ownerEmail: String @tag\(name: "pii"\)/);
    expect(schema).toMatch(/"One item the tide-log domain owns/);

    // A second scaffold into the same folder is refused, touching nothing.
    const again = await runDpg(['domain', 'new', NAME, '--dir', dir], {});
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/exists and is not empty/);
    expect((await runDpg(['domain', 'new', 'Bad_Name', '--dir', path.join(tmp, 'bad')], {})).stderr).toMatch(/must be lowercase/);

    const test = run(path.join(ROOT, 'node_modules/.bin/tsx'), ['--test', 'domain.test.ts'], { LOG_LEVEL: 'silent' }, dir);
    expect(await test.exited, test.output()).toBe(0);
    expect(test.output()).toMatch(/# pass 2\n# fail 0/);
  }, SLOW);

  it('starts from its folder with start:subgraph, composes in the registry, and is denied until a policy grants it', async () => {
    const port = await freePort();
    const started = run('npm', ['run', 'start:subgraph', '--', path.relative(ROOT, dir)], {
      DATA_DIR: 'memory',
      SUBGRAPH_PORT: String(port),
      REGISTRY_URL: registry.url,
      POLICY_DIR: policyDir,
      POLICY_POLL_INTERVAL_MS: '100',
      SUPERGRAPH_POLL_INTERVAL_MS: '100',
      SUBGRAPH_TRUST: 'development',
      SUBGRAPH_TEST_PRINCIPAL: JSON.stringify({ sub: 'ann', roles: ['analyst'] }),
      LOG_LEVEL: 'warn',
    });
    subgraph = started.child;
    const url = `http://127.0.0.1:${port}`;
    await until('the registry composed the new domain', async () => {
      const sg = await request(registry.url).get('/supergraph');
      return sg.status === 200 && sg.text.includes('TideLogItem') && sg.text.includes(`${url}/graphql`);
    }, 120_000);
    expect(started.output()).toMatch(/SUBGRAPH_TRUST=development: subgraph .*tide-log.* answers calls WITHOUT a gateway token/);

    const query = { query: '{ tideLogItems(first: 2) { id name region ownerEmail } }' };
    const denied = await request(url).post('/graphql').send(query);
    expect(denied.status).toBe(200);
    expect(denied.body.data).toBeNull();
    expect(denied.body.errors[0].extensions.code).toBe('FORBIDDEN');

    fs.writeFileSync(path.join(policyDir, 'tide-log.yaml'), `grants:\n  - id: analysts-read-tide-log\n    to: { roles: [analyst] }\n    read:\n      - subgraph: ${NAME}\n`);
    let granted: request.Response | undefined;
    await until('the grant to take effect', async () => {
      granted = await request(url).post('/graphql').send(query);
      return Array.isArray(granted.body.data?.tideLogItems);
    }, 30_000).catch(async (err) => {
      throw new Error(`${err.message}: ${JSON.stringify(granted?.body)} ready: ${(await request(url).get('/ready')).text}`);
    });
    expect(granted!.body.data.tideLogItems).toHaveLength(2);
    // Still under the classification floors: personal data masked for an analyst.
    for (const item of granted!.body.data.tideLogItems) expect(item.ownerEmail).not.toMatch(/^owner\d+@tide-log\.example\.com$/);
  }, SLOW);
});
