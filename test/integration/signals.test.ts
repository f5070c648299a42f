/**
 * SIGTERM to the `npm start` process — npm's own PID, as a process manager or
 * `kill <pid>` sends it, not to the whole process group — stops every
 * service: a request in flight when the signal arrives is answered in full,
 * the process exits 0, and every port it served is closed afterwards.
 * A real `npm start` on embedded PGlite.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { mintDevToken } from '../../gateway/identity/devTokens.ts';
import { domains } from '../../subgraphs/index.ts';
import { database } from '../support/mesh.ts';
import { freePort } from '../support/redisServer.ts';
import { until } from '../support/until.ts';

const JWT_SECRET = 'signals-test-secret';

const listening = (port: number) =>
  new Promise<boolean>((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    socket.once('connect', () => (socket.destroy(), resolve(true)));
    socket.once('error', () => resolve(false));
  });

(database === 'pglite' ? describe : describe.skip)('stopping npm start', () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'dpg-signals-'));
  afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

  it('stops every service on SIGTERM to the npm PID, finishing the request in flight', async () => {
    const ports = { registry: await freePort(), gateway: await freePort(), ...Object.fromEntries(await Promise.all(domains.map(async (d) => [d.name, await freePort()] as const))) };
    const child = spawn('npm', ['start'], {
      env: {
        ...process.env,
        LOG_LEVEL: 'warn',
        DATA_DIR: dataDir,
        JWT_SECRET,
        SEED_SCALE: '0.1',
        REGISTRY_PORT: String(ports.registry),
        GATEWAY_PORT: String(ports.gateway),
        SUBGRAPH_PORTS: domains.map((d) => `${d.name}=${ports[d.name as keyof typeof ports]}`).join(','),
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout!.on('data', (d) => (output += d));
    child.stderr!.on('data', (d) => (output += d));
    const exited = new Promise<number | string>((resolve) => child.once('exit', (code, signal) => resolve(code ?? String(signal))));
    try {
      await until('the banner', async () => output.includes('Data Product Gateway is running') || child.exitCode !== null, 540_000);
      expect(output).toContain('Data Product Gateway is running');
      for (const port of Object.values(ports)) expect(await listening(port), `port ${port} before`).toBe(true);

      const token = await mintDevToken(JWT_SECRET, { subject: 'eve', roles: ['exec'], scopes: [], attributes: {} });
      const body = JSON.stringify({ query: '{ accounts(first: 3) { id tickets { status } } }' });
      // A mesh that has served (subgraphs hold the gateway's signing key by now).
      const warm = await fetch(`http://127.0.0.1:${ports.gateway}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body });
      expect((await warm.json()).errors).toBeUndefined();

      // A request in flight: headers and part of the body sent before the signal, the rest after.
      const answer = new Promise<{ status: number; text: string }>((resolve, reject) => {
        const req = http.request({ host: '127.0.0.1', port: ports.gateway, path: '/graphql', method: 'POST', headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), authorization: `Bearer ${token}` } }, (res) => {
          let text = '';
          res.on('data', (d) => (text += d));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
        });
        req.on('error', reject);
        req.write(body.slice(0, 10));
        void until('the signal to arrive', async () => output.includes('SIGTERM: stopping'), 10_000).then(() => req.end(body.slice(10)), reject);
      });
      await new Promise((r) => setTimeout(r, 200)); // the request reaches the server
      process.kill(child.pid!, 'SIGTERM');

      const reply = await answer;
      expect(reply.status, reply.text).toBe(200);
      expect(JSON.parse(reply.text).data.accounts).toHaveLength(3);
      expect(JSON.parse(reply.text).errors, reply.text).toBeUndefined();
      expect(await exited, output).toBe(0);
      for (const port of Object.values(ports)) expect(await listening(port), `port ${port} after`).toBe(false);
      expect(fs.readdirSync(dataDir, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.lock'))).toEqual([]);
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
    }
  }, 600_000);
});
