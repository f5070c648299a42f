/**
 * A real `npm start` on embedded PGlite: the precompiled bundle (dist/), as
 * users run it. Configured for tracing and Redis, it loads the parts it only
 * loads when configured (the OpenTelemetry SDK, ioredis), and they work:
 * spans reach the OTLP endpoint, the caches reach Redis. SIGTERM to its
 * process — npm's own PID, as a process manager or `kill <pid>` sends it,
 * not to the whole process group — stops every service: a request in flight
 * when the signal arrives is answered in full, the process exits 0, and
 * every port it served is closed afterwards.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Redis } from 'ioredis';
import { mintDevToken } from '../../gateway/identity/devTokens.ts';
import { domains } from '../../subgraphs/index.ts';
import { database } from '../support/mesh.ts';
import { otlpReceiver } from '../support/otlp.ts';
import { freePort } from '../support/redisServer.ts';
import { REDIS_URL, redisAvailable } from '../support/services.ts';
import { until } from '../support/until.ts';

const JWT_SECRET = 'signals-test-secret';

const listening = (port: number) =>
  new Promise<boolean>((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    socket.once('connect', () => (socket.destroy(), resolve(true)));
    socket.once('error', () => resolve(false));
  });

(database === 'pglite' ? describe : describe.skip)('npm start, precompiled', () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'dpg-signals-'));
  const prefix = `test-signals-${process.pid}-${Math.random().toString(36).slice(2, 8)}`;
  afterAll(async () => {
    fs.rmSync(dataDir, { recursive: true, force: true });
    if (!(await redisAvailable())) return;
    const admin = new Redis(REDIS_URL);
    const keys = await admin.keys(`${prefix}*`);
    if (keys.length) await admin.del(...keys);
    admin.disconnect();
  });

  it('traces and caches as configured, and stops every service on SIGTERM to the npm PID, finishing the request in flight', async () => {
    const receiver = await otlpReceiver();
    const redis = await redisAvailable();
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
        OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url,
        CACHE_KEY_PREFIX: prefix,
        ...(redis ? { REDIS_URL } : {}),
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
      // Loaded on demand, from the bundle: the tracing SDK exports the gateway's and the subgraphs' spans…
      await until('spans from the gateway and a subgraph', async () => receiver.spans.some((x) => x.service === 'dpg-gateway') && receiver.spans.some((x) => x.service === 'dpg-subgraph-sales'), 30_000);
      // …and the caches use Redis.
      if (redis) expect((await fetch(`http://127.0.0.1:${ports.gateway}/ready`).then((r) => r.json())).cache).toEqual({ redis: 'up' });

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
      await receiver.close();
    }
  }, 600_000);
});
